"""SalesMan leads: found by contacts (`lead list`, scanned), one lead (`lead info`), a new
one (`lead add`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.crm.errors import NotFound, UnexpectedPayload
from bot.crm.models import CreatedLead, Lead, LeadStat, NewLead, NewLeads
from bot.crm.protocol import Progress
from bot.crm.salesman.base import SalesmanBase
from bot.crm.salesman.wire import WireLead, rows, wire_id
from bot.crm.wire_read import Readings, read, read_each
from bot.phones import normalize_email, normalize_phone, phone_digits

OPEN = "0"  # lead status «Открыт»: nobody has it yet
PAGE = 200  # rows of a `lead list` page, fixed by the CRM
MAX_FOUND = 10  # cards one search shows
MAX_NEW_PAGES = 25  # 5,000 leads in one look for new ones


class SalesmanLeads(SalesmanBase):
    async def find_leads(
        self,
        *,
        phone: str | None = None,
        email: str | None = None,
        progress: Progress | None = None,
    ) -> Sequence[Lead]:
        """`lead list` has no contact filter: its pages of 200, newest first, are read up
        to the page cap (LEAD_SCAN_PAGES) and matched on the normalised phone or e-mail;
        each match is read by `lead info` (list rows carry no responsible, 6.10)."""
        want_phone = normalize_phone(phone) if phone else None
        want_email = normalize_email(email) if email else None
        if want_phone is None and want_email is None:
            raise ValueError("a phone or an e-mail is required")
        matches: list[str] = []
        looked = 0
        for page in range(self._scan_pages):
            try:
                params = {"offset": page, "first": "new"}
                body = await self._api.call("lead", "list", params, read=True)
            except NotFound:  # 404 «Не найдено»: no leads at all, or past the last page
                break
            page_rows = rows(body)
            listed = read_each(WireLead, page_rows, lambda w: w).items
            looked += len(page_rows)
            matches += [w.id for w in listed if w.id and _matches(w, want_phone, want_email)]
            if progress is not None:
                await progress(looked)
            if len(page_rows) < PAGE or len(matches) >= MAX_FOUND:
                break
        return await asyncio.gather(*(self.get_lead(i) for i in matches[:MAX_FOUND]))

    async def new_leads(self, *, since: datetime, limit: int = 50) -> NewLeads:
        """Leads created after `since`, oldest first, at most `limit`: `lead list` with
        `dateStart` (a day: the CRM filters by date), newest first, read until a page
        reaches back past `since`; the rows are cut here to the moment. A row that cannot
        be read (or has no readable date) is set aside, not fatal."""
        since = since if since.tzinfo is not None else since.replace(tzinfo=self._tz)
        params: dict[str, Any] = {
            "dateStart": since.astimezone(self._tz).date().isoformat(),
            "first": "new",
        }
        found: Readings[Lead] = Readings()
        for page in range(MAX_NEW_PAGES):
            try:
                body = await self._api.call("lead", "list", {**params, "offset": page}, read=True)
            except NotFound:  # 404: nothing (more) since that day
                break
            listed = rows(body)
            before = len(found.items)
            read_each(WireLead, listed, self._dated, into=found)
            oldest = min((x.created_at for x in found.items[before:] if x.created_at), default=None)
            if len(listed) < PAGE or (oldest is not None and oldest <= since):
                break
        leads = [x for x in found.items if x.created_at is not None and x.created_at > since]
        leads.sort(key=lambda x: (x.created_at or since, x.id))
        return NewLeads(leads=tuple(leads[:limit]), unreadable=tuple(found.unreadable))

    def _dated(self, wire: WireLead) -> Lead | None:
        """A listed lead for the notifier: one with no id is skipped, one whose date cannot
        be read is unreadable (it could be neither placed nor posted)."""
        if not wire.id:
            return None
        lead = self._listed(wire)
        if lead.created_at is None:
            raise ValueError("datum: not a date")
        return lead

    def _listed(self, wire: WireLead) -> Lead:
        """A lead as `lead list` shows it (no responsible: the list never says, 6.10)."""
        return Lead(
            id=wire.id or "",
            name=wire.title,
            phone=normalize_phone(wire.phone) if wire.phone else None,
            email=wire.email,
            comment=wire.description,
            stage_name=wire.statusName,
            source=wire.clientpathName or None,
            created_at=self._time(wire.datum),
            taken=(wire.status or OPEN) != OPEN,
        )

    async def lead_stats(self, *, start: date, end: date) -> Sequence[LeadStat]:
        """`lead stat`: rows `{login, open, processed}` (v1 called the login `title`), the
        counts as strings; open leads counted by creation, processed ones by processing."""
        params = {"dateStart": start.isoformat(), "dateEnd": end.isoformat()}
        body = await self._api.call("lead", "stat", params, read=True)
        stats = []
        for row in rows(body):
            if not isinstance(row, dict):
                continue
            login = str(row.get("login") or row.get("title") or "").strip()
            if login:
                stats.append(
                    LeadStat(
                        employee_key=login,
                        open=_count(row.get("open")),
                        processed=_count(row.get("processed")),
                    )
                )
        return stats

    async def get_lead(self, lead_id: str) -> Lead:
        body = await self._api.call("lead", "info", {"id": wire_id(lead_id)}, read=True)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise UnexpectedPayload("lead info: no data")
        wire = read(WireLead, data, "lead info")
        if not wire.exists:
            raise NotFound("lead", lead_id)
        staff = await self._staff.get()
        status = " · ".join(x for x in (wire.statusName, wire.rezultName) if x)
        return Lead(
            id=wire.id or lead_id,
            name=wire.title,
            phone=normalize_phone(wire.phone) if wire.phone else None,
            email=wire.email,
            comment=wire.description,
            stage_name=status or None,
            source=wire.clientpathName or None,
            employee_key=staff.login_of.get(wire.iduser) if wire.iduser else None,
            created_at=self._time(wire.datum),
            taken=(wire.status or OPEN) != OPEN,
            deal_ids=(wire.did,) if wire.did else (),
        )

    async def create_lead(self, lead: NewLead, *, as_employee: str | None = None) -> CreatedLead:
        """`lead add` as the employee. Its duplicate lookup matches any lead on an empty
        phone or e-mail, and phones by digit substring: only known contacts are sent, the
        phone as digits (6.10)."""
        params: dict[str, Any] = {"title": lead.name, "description": lead.comment}
        if lead.phone:
            params["phone"] = phone_digits(normalize_phone(lead.phone) or lead.phone)
        if lead.email:
            params["email"] = normalize_email(lead.email) or lead.email.strip()
        sent = {k: v for k, v in params.items() if v}
        body = await self._api.call("lead", "add", sent, read=False, login=as_employee)
        return CreatedLead(id=_created_id(body))


def _count(value: Any) -> int:
    try:
        return max(0, int(str(value).strip() or 0))
    except ValueError:
        return 0


def _matches(wire: WireLead, phone: str | None, email: str | None) -> bool:
    if phone and wire.phone and normalize_phone(wire.phone) == phone:
        return True
    return bool(email and wire.email and normalize_email(wire.email) == email)


def _created_id(body: Any) -> str | None:
    """The new lead's id: `id` (v2's page), `data` (its prose) or `result.id` (v1)."""
    if not isinstance(body, dict):
        return None
    result = body.get("result")
    for value in (
        body.get("id"),
        body.get("data"),
        result.get("id") if isinstance(result, dict) else None,
    ):
        if isinstance(value, int | str) and str(value).strip() not in ("", "0"):
            return str(value).strip()
    return None
