"""Envybox leads: search, get, take into work, assign, comment, history, create, list new."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.crm.envybox.api import wire_contacts, wire_id
from bot.crm.envybox.base import PAGE_MAX, EnvyboxBase, log, next_offset
from bot.crm.envybox.wire import (
    LEAD_COMMENT_TYPE,
    Ack,
    LeadGet,
    LeadList,
    LeadSearch,
    LeadSet,
    LeadStart,
    LogCreate,
    WireLead,
)
from bot.crm.errors import CRMError, Unavailable, UnexpectedPayload, UnknownOutcome
from bot.crm.models import CreatedLead, Lead, LogEntry, NewLead, NewLeads, Page, TakenLead
from bot.crm.protocol import Progress
from bot.crm.wire_read import Readings, read_each
from bot.crm.wire_types import wire_context

_MAX_PAGES = 200


class EnvyboxLeads(EnvyboxBase):
    async def find_leads(
        self,
        *,
        phone: str | None = None,
        email: str | None = None,
        progress: Progress | None = None,
    ) -> Sequence[Lead]:
        """lead/search: one call, so no progress to report."""
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

    async def lead_history(
        self, lead_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]:
        return await self._logs("lead/log/list", "lead_id", lead_id, offset, limit)

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
        except Unavailable as lost:
            if not lost.write_sent:
                raise  # it never left: no lead was made
            # lead/set may have landed before the answer was lost, and it is not safe to
            # repeat. lead/workset goes through the CRM's queue, which merges a lead with
            # the same contacts instead of duplicating it, so it is safe to send now; its
            # answer carries no id (the caller finds the lead by its contacts).
            log.info("lead/set did not answer; sending the lead through lead/workset")
            try:
                await self._api.call("lead/workset", LeadSet, request, read=False)
            except CRMError as exc:  # whatever it says, lead/set may have made the lead
                raise UnknownOutcome(f"lead/set unanswered, lead/workset: {exc}") from exc
            return CreatedLead()
        return CreatedLead(id=created.id, merged_into=created.parent_id)

    async def new_leads(self, *, since: datetime, limit: int = 50) -> NewLeads:
        """Leads created after `since` (naive = CRM time), oldest first, at most `limit`;
        lead/list filters by day, so every page of that day is read and cut here. A lead
        that cannot be read (or has no creation time) is set aside, not fatal."""
        since = since if since.tzinfo is not None else since.replace(tzinfo=self._tz)
        ref = await self._reference.get()
        request: dict[str, Any] = {
            "date_start": since.astimezone(self._tz).date().isoformat(),
            "date_type": "created",
            "limit": PAGE_MAX,
            "offset": 0,
        }

        def wanted(wire: WireLead) -> Lead | None:
            if wire.created_at is None:
                raise ValueError("created_at: missing")
            # a lead merged into another (parent_id) is that other one's
            return ref.lead(wire) if wire.created_at > since and not wire.parent_id else None

        found: Readings[Lead] = Readings()
        context = wire_context(self._tz)
        for _ in range(_MAX_PAGES):
            listed = await self._api.call("lead/list", LeadList, request, read=True)
            page = listed.leads
            if page is None:
                break
            read_each(WireLead, page.result, wanted, context=context, into=found)
            following = next_offset(request["offset"], page.offset)
            if following is None or not page.result:
                break
            request["offset"] = following
        leads = sorted(found.items, key=lambda lead: (lead.created_at or since, lead.id))
        return NewLeads(leads=tuple(leads[:limit]), unreadable=tuple(found.unreadable))
