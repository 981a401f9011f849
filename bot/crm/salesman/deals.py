"""SalesMan deals: found (`deal list` by `filter[phone]`, `word`, or the clients an e-mail
names), read (`deal info`, completed from `deal list` where `info` gives nulls), moved
(`change.step`), handed over (`change.user`) and closed (`change.close`).

Stages are percentages: one pipeline made of `steplist`, cached, whose stage ids are the
percentages the CRM takes. Closing is not a stage: it has its own statuses (`statusclose`,
cached) and call. Reads and writes go as the acting employee, so SalesMan's own rules of
who sees which deal apply (403 → Forbidden).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from bot.crm.cache import SnapshotCache
from bot.crm.errors import NotFound, UnexpectedPayload
from bot.crm.models import (
    Client,
    CloseReason,
    Contact,
    ContactKind,
    Deal,
    Page,
    Pipeline,
    PipelineKind,
    Stage,
)
from bot.crm.salesman.base import SalesmanBase
from bot.crm.salesman.errors import Unchanged
from bot.crm.salesman.wire import listed, wire_id
from bot.crm.salesman.wire_deals import WireClient, WireCloseStatus, WireDeal, WireStep
from bot.crm.wire_read import read
from bot.phones import normalize_email, normalize_phone

PIPELINE = "steps"  # the one pipeline: SalesMan's stages (percentages)
PAGE = 200  # rows of a `deal list` page, fixed by the CRM
ONE_CLIENT = {"invoice": "no", "speka": "no", "payer": "no", "person": "no", "client": "yes"}


class SalesmanDeals(SalesmanBase):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ttl = kwargs.get("cache_ttl", 300.0)
        self._steps = SnapshotCache[tuple[WireStep, ...]](self._load_steps, ttl)
        self._closings = SnapshotCache[tuple[CloseReason, ...]](self._load_closings, ttl)

    # ------------------------------------------------------------------ reference data

    async def pipelines(self) -> Sequence[Pipeline]:
        steps = await self._steps.get()
        stages = tuple(
            Stage(id=s.title, name=_stage_name(s), pipeline_id=PIPELINE, position=n)
            for n, s in enumerate(steps)
        )
        return (Pipeline(id=PIPELINE, name="", kind=PipelineKind.DEAL, stages=stages),)

    async def close_reasons(self) -> Sequence[CloseReason]:
        return await self._closings.get()

    async def _load_steps(self) -> tuple[WireStep, ...]:
        body = await self._api.call("deal", "steplist", read=True, as_bot=True)
        steps = listed(WireStep, body, "deal steplist")
        return tuple(sorted(steps, key=lambda s: _percent(s.title)))

    async def _load_closings(self) -> tuple[CloseReason, ...]:
        body = await self._api.call("deal", "statusclose", read=True, as_bot=True)
        found = listed(WireCloseStatus, body, "deal statusclose")
        return tuple(CloseReason(id=s.sid, name=s.title) for s in found)

    # ------------------------------------------------------------------ reading

    async def find_deals(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Deal]:
        """A phone: `deal list` with `filter[phone]` (the national number's digits, so
        "+7…" and "8…" as stored both match). An e-mail: the clients holding it (`client
        list` by `word`), then each one's deals, at once. Open deals only."""
        if phone:
            e164 = normalize_phone(phone) or phone
            national = "".join(ch for ch in e164 if ch.isdigit())[-10:]
            return await self._deals_where({"filter": {"phone": national}})
        wanted = normalize_email(email or "")
        if wanted is None:
            raise ValueError("a phone or an e-mail is required")
        body = await self._api.call("client", "list", {"word": wanted}, read=True)
        clients = listed(WireClient, body, "client list")
        ids = [c.clid for c in clients if c.clid and wanted in (c.mail_url or "").lower()]
        found = await asyncio.gather(*(self._deals_where({"filter": {"clid": i}}) for i in ids))
        return [deal for deals in found for deal in deals]

    async def search_deals(self, text: str, *, offset: int = 0, limit: int = 10) -> Page[Deal]:
        """`deal list` by `word` (the deal's title, notes, address), open deals."""
        page, skip = divmod(max(offset, 0), PAGE)
        body = await self._api.call("deal", "list", {"word": text, "offset": page}, read=True)
        deals = [await self._deal(w) for w in _deals(body)]
        chosen = deals[skip : skip + limit]
        total = _total(body, page * PAGE + len(deals))
        more = offset + len(chosen) < total
        return Page(items=tuple(chosen), total=total, next_offset=offset + limit if more else None)

    async def _deals_where(self, params: dict[str, Any]) -> list[Deal]:
        body = await self._api.call("deal", "list", params, read=True)
        return [await self._deal(w) for w in _deals(body)]

    async def get_deal(self, deal_id: str) -> Deal:
        return await self.deal_with_client(deal_id)

    async def deal_with_client(self, deal_id: str) -> Deal:
        """`deal info` with its client. The running code gives nulls for the deal's own
        title, amount and dates (6.10, 6.11): those are then read from the client's rows
        of `deal list`, open and closed at once."""
        body = await self._api.call(
            "deal", "info", {"did": wire_id(deal_id), **ONE_CLIENT}, read=True
        )
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise UnexpectedPayload("deal info: no data")
        wire = read(WireDeal, data, "deal info")
        if wire.incomplete and wire.client_id:
            both = await asyncio.gather(
                *(
                    self._api.call(
                        "deal", "list", {"filter": {"clid": wire.client_id}, "active": a}, read=True
                    )
                    for a in ("yes", "no")
                )
            )
            same = [w for body in both for w in _deals(body) if w.did == deal_id]
            if same:
                wire = wire.fill(same[0])
        return await self._deal(wire, deal_id)

    async def _deal(self, wire: WireDeal, deal_id: str | None = None) -> Deal:
        staff = await self._staff.get()
        steps = self._steps.current or ()
        step = next((s for s in steps if s.title == wire.step), None)
        stage = f"{wire.step}% · {wire.stepTitle}" if wire.stepTitle else None
        closed = None
        if wire.close == "yes":
            reasons = self._closings.current or await self.close_reasons()
            sid = wire.status_close or ""
            closed = next((r.name for r in reasons if r.id == sid), None) or sid or "—"
        return Deal(
            id=wire.did or deal_id or "",
            name=wire.title,
            pipeline_id=PIPELINE,
            stage_id=wire.step,
            stage_name=stage or (_stage_name(step) if step else None),
            client=_client(wire),
            employee_key=wire.user or (staff.login_of.get(wire.iduser) if wire.iduser else None),
            created_at=self._time(wire.datum),
            amount=wire.amount,
            planned_close=_date(wire.datum_plan),
            closed_as=closed,
        )

    # ------------------------------------------------------------------ writing

    async def change_deal_stage(
        self, deal_id: str, stage_id: str, *, as_employee: str, comment: str | None = None
    ) -> None:
        """`change.step`; the deal's current step again is no change (error 302 from the
        vendor's code, an "identical" reply from other versions)."""
        params: dict[str, Any] = {"did": wire_id(deal_id), "step": stage_id}
        if comment:
            params["description"] = comment
        try:
            await self._api.call("deal", "change.step", params, read=False, login=as_employee)
        except Unchanged:
            return

    async def reassign_deal(self, deal_id: str, employee_key: str) -> Deal:
        """`change.user` with the client and its contacts moved along (the flags default to
        "no" in the code, 6.10); only a login `user.list` knows, as the CRM takes any."""
        staff = await self._staff.get()
        if employee_key not in {e.key for e in staff.employees}:
            raise NotFound("employee", employee_key)
        params = {
            "did": wire_id(deal_id),
            "user": employee_key,
            "client.send": "yes",
            "person.send": "yes",
        }
        await self._api.call("deal", "change.user", params, read=False)
        return Deal(id=deal_id, employee_key=employee_key)

    async def close_deal(
        self,
        deal_id: str,
        *,
        reason_id: str,
        amount: Decimal | None = None,
        comment: str | None = None,
        as_employee: str,
    ) -> None:
        """`change.close` with a status from `statusclose`; 407 when it is closed already."""
        if reason_id not in {r.id for r in await self.close_reasons()}:
            raise NotFound("close status", reason_id)
        params: dict[str, Any] = {"did": wire_id(deal_id), "status_close": reason_id}
        if amount is not None:
            params["kol_fact"] = f"{amount:.2f}"
        if comment:
            params["des_fact"] = comment
        await self._api.call("deal", "change.close", params, read=False, login=as_employee)


def _deals(body: Any) -> list[WireDeal]:
    """The rows of a `deal list` (none: `{"count": 0}` without `data`)."""
    return listed(WireDeal, body, "deal list")


def _total(body: Any, seen: int) -> int:
    count = body.get("count") if isinstance(body, dict) else None
    try:
        return max(int(str(count)), seen)
    except (TypeError, ValueError):
        return seen


def _client(wire: WireDeal) -> Client | None:
    ident = wire.client_id
    if ident is None:
        return None
    contacts: list[Contact] = []
    if isinstance(wire.client, WireClient):
        for raw in (wire.client.phone or "").split(","):
            phone = normalize_phone(raw) if raw.strip() else None
            if phone:
                contacts.append(Contact(kind=ContactKind.PHONE, value=phone))
        for raw in (wire.client.mail_url or "").split(","):
            if raw.strip():
                contacts.append(Contact(kind=ContactKind.EMAIL, value=raw.strip()))
    return Client(id=ident, name=wire.client_name, contacts=tuple(contacts))


def _stage_name(step: WireStep) -> str:
    return f"{step.title}% · {step.content}" if step.content else f"{step.title}%"


def _percent(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
