"""The Envybox CRM (OpenAPI v1) adapter: the `CRM` protocol over Envybox's wire format.

Requests and calls live in `envybox_api`, wire models in `envybox_wire`, the error mapping
in `envybox_errors`, reference data (main/data, cached) and wire → domain conversion in
`envybox_reference`, transport and retries in `http`. Every phone sent to the CRM goes as
bare digits ("79991234567").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.crm.base import (
    Capability,
    Client,
    CreatedLead,
    Deal,
    Employee,
    InboxType,
    Lead,
    LogEntry,
    NewLead,
    NotFound,
    Page,
    Pipeline,
    TakenLead,
    Task,
    Unavailable,
    UnexpectedPayload,
)
from bot.crm.envybox_api import EnvyboxApi, wire_contacts, wire_id
from bot.crm.envybox_clients import DealClients, client_from
from bot.crm.envybox_reference import Reference, ReferenceCache, log_from, task_from
from bot.crm.envybox_wire import (
    LEAD_COMMENT_TYPE,
    Ack,
    ClientGet,
    DealGet,
    DealList,
    DealSearch,
    DealUpdateEmployee,
    LeadGet,
    LeadList,
    LeadSearch,
    LeadSet,
    LeadStart,
    LogCreate,
    LogPage,
    MainData,
    TaskOne,
    TaskPage,
    WireDeal,
    WireLog,
)

PAGE_MAX = 50
_MAX_PAGES = 200

log = logging.getLogger("bot.crm.envybox")


def _next_offset(offset: int, reported: int | None) -> int | None:
    return reported if reported is not None and reported > offset else None


class EnvyboxCRM:
    """`CRM` for Envybox CRM OpenAPI v1."""

    kind = "envybox"
    capabilities: frozenset[Capability] = frozenset(Capability)

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timezone: ZoneInfo,
        timeout: float = 10.0,
        reference_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._tz = timezone
        self._api = EnvyboxApi(
            base_url,
            api_key,
            timezone=timezone,
            timeout=timeout,
            client=client,
            retries=retries,
            sleep=sleep,
        )
        self._reference = ReferenceCache(self._load_reference, reference_ttl)
        self._deal_clients = DealClients()

    async def close(self) -> None:
        await self._api.close()

    def _now(self) -> datetime:
        return datetime.now(self._tz)

    async def _load_reference(self) -> Reference:
        return Reference.from_wire(await self._api.call("main/data", MainData, read=True, get=True))

    async def crm_info(self) -> tuple[str, str | None]:
        """(the CRM's name, the CRM administrator's user id); checks the key at start-up."""
        ref = await self._reference.get()
        return ref.crm_name, ref.admin_id

    async def account_name(self) -> str:
        return (await self.crm_info())[0]

    # ------------------------------------------------------------------ reference data

    async def employees(self) -> Sequence[Employee]:
        return (await self._reference.get()).employees

    async def pipelines(self) -> Sequence[Pipeline]:
        return (await self._reference.get()).pipelines

    async def inbox_types(self) -> Sequence[InboxType]:
        return (await self._reference.get()).inbox_types

    # ------------------------------------------------------------------ leads

    async def find_leads(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Lead]:
        ref = await self._reference.get()
        found = await self._api.call(
            "lead/search", LeadSearch, wire_contacts(phone, email), read=True
        )
        return [ref.lead(w) for w in found.leads]

    async def get_lead(self, lead_id: str) -> Lead:
        ref = await self._reference.get()
        got = await self._api.call("lead/get", LeadGet, {"lead_id": wire_id(lead_id)}, read=True)
        return ref.lead(got.result)

    async def take_lead(self, lead_id: str, *, as_employee: str) -> TakenLead:
        ref = await self._reference.get()
        if ref.admin_id is None:
            raise UnexpectedPayload("main/data: no administrator user_id")
        request = {
            "lead_id": wire_id(lead_id),
            "user_id": wire_id(ref.admin_id),
            "employee_id": wire_id(as_employee),
        }
        started = (await self._api.call("lead/start", LeadStart, request, read=False)).result
        self._deal_clients.remember(started.deal_id, started.client_id)
        return TakenLead(
            lead_id=started.lead_id or lead_id, deal_id=started.deal_id, client_id=started.client_id
        )

    async def assign_lead(self, lead_id: str, employee_key: str) -> None:
        request = {"lead_id": wire_id(lead_id), "employee_id": wire_id(employee_key)}
        await self._api.call("lead/update_employee", Ack, request, read=False)

    async def comment_lead(self, lead_id: str, text: str, *, as_employee: str) -> LogEntry:
        request = {
            "lead_id": wire_id(lead_id),
            "employee_id": wire_id(as_employee),
            "type_id": LEAD_COMMENT_TYPE,
            "data": {"comment": text},
        }
        created = await self._api.call("lead/log/create", LogCreate, request, read=False)
        log = created.log or (created.result.log if created.result else None)
        return self._sent_comment(log, text, as_employee)

    def _sent_comment(self, log: WireLog | None, text: str, as_employee: str) -> LogEntry:
        if log is not None and (log.data and (log.data.comment or log.data.text)):
            return log_from(log).model_copy(update={"is_comment": True})
        ref = self._reference.current
        return LogEntry(
            id=log.id if log else None,
            text=text,
            author=ref.employee_name(as_employee) if ref else None,
            employee_key=as_employee,
            created_at=self._now(),
            is_comment=True,
        )

    async def lead_history(
        self, lead_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]:
        return await self._logs("lead/log/list", "lead_id", lead_id, offset, limit)

    async def _logs(
        self, endpoint: str, key: str, ident: str, offset: int, limit: int
    ) -> Page[LogEntry]:
        query = {key: ident, "limit": min(limit, PAGE_MAX), "offset": offset}
        page = await self._api.call(endpoint, LogPage, query, read=True, get=True)
        return Page[LogEntry](
            items=tuple(log_from(w) for w in page.result),
            total=page.count,
            next_offset=_next_offset(offset, page.offset),
        )

    async def create_lead(self, lead: NewLead, *, as_employee: str | None = None) -> CreatedLead:
        values = {"name": lead.name, "comment": lead.comment}
        values.update(wire_contacts(lead.phone, lead.email))
        request: dict[str, Any] = {
            "method": "create",
            "values": {k: v for k, v in values.items() if v},
        }
        if as_employee is not None:
            request["employee_id"] = wire_id(as_employee)
        try:
            created = await self._api.call("lead/set", LeadSet, request, read=False)
        except Unavailable:
            # lead/set may have landed before the answer was lost, and it is not safe to
            # repeat. lead/workset goes through the CRM's queue, which merges a lead with
            # the same contacts instead of duplicating it, so it is safe to send now; its
            # answer carries no id (the caller finds the lead by its contacts).
            log.info("lead/set did not answer; sending the lead through lead/workset")
            await self._api.call("lead/workset", LeadSet, request, read=False)
            return CreatedLead()
        return CreatedLead(id=created.id, merged_into=created.parent_id)

    async def new_leads(self, *, since: datetime, limit: int = 50) -> Sequence[Lead]:
        """Leads created after `since` (naive = CRM time), oldest first, at most `limit`."""
        since = since if since.tzinfo is not None else since.replace(tzinfo=self._tz)
        ref = await self._reference.get()
        request: dict[str, Any] = {
            "date_start": since.astimezone(self._tz).date().isoformat(),
            "date_type": "created",
            "limit": PAGE_MAX,
            "offset": 0,
        }
        leads: list[Lead] = []
        for _ in range(_MAX_PAGES):
            listed = await self._api.call("lead/list", LeadList, request, read=True)
            page = listed.leads
            if page is None:
                break
            leads.extend(
                ref.lead(w)
                for w in page.result
                if w.created_at is not None and w.created_at > since
            )
            next_offset = _next_offset(request["offset"], page.offset)
            if next_offset is None or not page.result:
                break
            request["offset"] = next_offset
        leads.sort(key=lambda lead: (lead.created_at or since, lead.id))
        return leads[:limit]

    # ------------------------------------------------------------------ deals

    async def find_deals(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Deal]:
        ref = await self._reference.get()
        found = await self._api.call(
            "deal/search", DealSearch, wire_contacts(phone, email), read=True
        )
        deals: list[Deal] = []
        for c in found.clients:
            client = Client(id=c.id, name=c.name)
            deals.extend(self._deal(ref, w, client=client) for w in c.deals_for_event)
        return deals

    async def search_deals(self, text: str, *, offset: int = 0, limit: int = 10) -> Page[Deal]:
        ref = await self._reference.get()
        request = {"keyword": text, "limit": min(limit, PAGE_MAX), "offset": offset}
        page = await self._api.call("deal/list", DealList, request, read=True)
        return Page[Deal](
            items=tuple(self._deal(ref, w) for w in page.result),
            total=page.count,
            next_offset=_next_offset(offset, page.offset),
        )

    async def get_deal(self, deal_id: str) -> Deal:
        ref = await self._reference.get()
        got = await self._api.call("deal/get", DealGet, {"deal_id": wire_id(deal_id)}, read=True)
        return self._deal(ref, got.result, deal_id=deal_id)

    def _deal(
        self, ref: Reference, wire: WireDeal, *, client: Client | None = None, deal_id: str = ""
    ) -> Deal:
        """The domain deal; remembers its client for `deal_with_client`."""
        deal = ref.deal(wire, client=client, deal_id=deal_id)
        self._deal_clients.remember(deal.id, deal.client.id if deal.client else None)
        return deal

    async def _client_card(self, client_id: str) -> tuple[Client, list[Deal]]:
        ref = await self._reference.get()
        request = {"client_id": wire_id(client_id)}
        got = (await self._api.call("client/get", ClientGet, request, read=True)).result
        client = client_from(got)
        deals = [self._deal(ref, w, client=client) for w in got.deals if not w.deleted_at]
        return client, deals

    async def get_client(self, client_id: str) -> Client:
        return (await self._client_card(client_id))[0]

    async def deal_with_client(self, deal_id: str) -> Deal:
        """One call (client/get) for a deal whose client is known, else deal/get + client/get.

        client/get lists the client's deals in full; a deal no longer among them (moved to
        another client, deleted) falls back to deal/get.
        """
        client_id = self._deal_clients.get(deal_id)
        if client_id is not None:
            with suppress(NotFound):
                _, deals = await self._client_card(client_id)
                deal = next((d for d in deals if d.id == deal_id), None)
                if deal is not None:
                    return deal
            self._deal_clients.forget(deal_id)
        deal = await self.get_deal(deal_id)
        if deal.client is None:
            return deal
        client, _ = await self._client_card(deal.client.id)
        return deal.model_copy(update={"client": client})

    async def last_deal_comment(self, deal_id: str) -> LogEntry | None:
        """The newest comment among the deal's last PAGE_MAX log lines (oldest come first:
        one call for a short log, a second one for the last page of a long one)."""
        page = await self._logs("deal/log/list", "deal_id", deal_id, 0, PAGE_MAX)
        if page.next_offset is not None and page.total:
            last = max(page.total - PAGE_MAX, 0)
            page = await self._logs("deal/log/list", "deal_id", deal_id, last, PAGE_MAX)
        return next((e for e in reversed(page.items) if e.is_comment), None)

    async def change_deal_stage(self, deal_id: str, stage_id: str, *, as_employee: str) -> None:
        request = {
            "deal_id": wire_id(deal_id),
            "stage_id": wire_id(stage_id),
            "employee_id": wire_id(as_employee),
        }
        await self._api.call("deal/updateDealStage", Ack, request, read=False)

    async def reassign_deal(self, deal_id: str, employee_key: str) -> Deal:
        ref = await self._reference.get()
        request = {"deal_id": wire_id(deal_id), "employee_id": wire_id(employee_key)}
        updated = await self._api.call(
            "deal/updateEmployee", DealUpdateEmployee, request, read=False
        )
        wire = updated.result.deal if updated.result else None
        if wire is None:
            return await self.get_deal(deal_id)
        return self._deal(ref, wire, deal_id=deal_id)

    async def comment_deal(self, deal_id: str, text: str, *, as_employee: str) -> LogEntry:
        request = {
            "deal_id": wire_id(deal_id),
            "comment": text,
            "employee_id": wire_id(as_employee),
        }
        await self._api.call("deal/createComment", Ack, request, read=False)
        return self._sent_comment(None, text, as_employee)

    async def deal_history(
        self, deal_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]:
        return await self._logs("deal/log/list", "deal_id", deal_id, offset, limit)

    async def tag_deal(self, deal_id: str, tags: Sequence[str]) -> None:
        request = {"deal_id": wire_id(deal_id), "tags": list(tags)}
        await self._api.call("deal/tag/addDealTags", Ack, request, read=False)

    # ------------------------------------------------------------------ tasks

    async def deal_task(self, deal_id: str) -> Task | None:
        got = await self._api.call(
            "deal/getTask", TaskOne, {"deal_id": wire_id(deal_id)}, read=True
        )
        task = got.result.task if got.result else None
        return task_from(task, self._now()) if task else None

    async def deal_tasks(self, deal_id: str) -> Sequence[Task]:
        got = await self._api.call(
            "deal/getTasks", TaskPage, {"deal_id": wire_id(deal_id)}, read=True
        )
        return [task_from(w, self._now()) for w in got.result]

    async def set_task(self, deal_id: str, *, text: str, due: datetime, as_employee: str) -> Task:
        aware = due if due.tzinfo is not None else due.replace(tzinfo=self._tz)
        request = {
            "deal_id": wire_id(deal_id),
            "time": int(aware.timestamp()),
            "comment": text,
            "employee_id": wire_id(as_employee),
        }
        got = await self._api.call("deal/updatetask", TaskOne, request, read=False)
        if got.result is None or got.result.task is None:
            raise UnexpectedPayload("deal/updatetask: no task in the answer")
        return task_from(got.result.task, self._now())

    async def tasks(
        self, *, employee_key: str, done: bool = False, offset: int = 0, limit: int = 50
    ) -> Page[Task]:
        request = {
            "employee_id": wire_id(employee_key),
            "success": int(done),
            "offset": offset,
            "limit": min(limit, PAGE_MAX),
        }
        page = await self._api.call("task/list", TaskPage, request, read=True)
        return Page[Task](
            items=tuple(task_from(w, self._now()) for w in page.result),
            total=page.count,
            next_offset=_next_offset(offset, page.offset),
        )
