"""Finding leads by a client's contacts: the leads, else the deals with the same contacts."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from bot.crm.capabilities import Capability
from bot.crm.errors import CRMError
from bot.crm.models import Deal, Lead, StageStatus
from bot.crm.protocol import CRM, Progress
from bot.phones import normalize_email, normalize_phone


@dataclass(frozen=True, slots=True)
class LeadQuery:
    """What `/lead` looks for: a phone (E.164) or an e-mail."""

    phone: str | None = None
    email: str | None = None


def read_lead_query(text: str) -> LeadQuery | None:
    """A phone typed in any common form, or an e-mail; None for anything else."""
    typed = text.strip()
    phone = normalize_phone(typed) if typed else None
    if phone is not None:
        return LeadQuery(phone=phone)
    email = normalize_email(typed) if typed else None
    return LeadQuery(email=email) if email is not None else None


async def leads_by_contact(
    crm: CRM,
    *,
    phone: str | None = None,
    email: str | None = None,
    progress: Progress | None = None,
) -> Sequence[Lead]:
    """Untaken leads with this phone or e-mail, complete enough for a card.

    Some CRMs' search (Envybox's lead/search) answers without the lead's name and contacts,
    so each hit is read in full when the search left its name out and the CRM can; usually
    there is one hit, and the reads go at once.
    """
    found = await crm.find_leads(phone=phone, email=email, progress=progress)
    if Capability.GET_LEAD not in crm.capabilities:
        return found

    async def complete(lead: Lead) -> Lead:
        return lead if lead.name else await crm.get_lead(lead.id)

    return await asyncio.gather(*(complete(lead) for lead in found))


@dataclass(frozen=True, slots=True)
class Found:
    """What `/lead` found: leads, or (with none) the deals with the same contacts."""

    leads: Sequence[Lead] = ()
    deals: Sequence[Deal] = ()


async def employee_names(crm: CRM) -> dict[str, str]:
    """Employee key → name from the CRM's (cached) list; empty when it cannot be had, so a
    card shows a key rather than fail for a name."""
    if Capability.LIST_EMPLOYEES not in crm.capabilities:
        return {}
    try:
        return {e.key: e.name for e in await crm.employees()}
    except CRMError:
        return {}


async def open_deals_of(crm: CRM, lead: Lead) -> Sequence[Deal]:
    """The open deals of the clients with the lead's contacts (none when the CRM cannot tell)."""
    if Capability.FIND_DEALS not in crm.capabilities or not (lead.phone or lead.email):
        return ()
    deals = await crm.find_deals(phone=lead.phone, email=lead.email)
    return [d for d in deals if d.status is StageStatus.OPEN]


async def find_lead(
    crm: CRM, *, phone: str | None, email: str | None, progress: Progress | None = None
) -> Found:
    leads = await leads_by_contact(crm, phone=phone, email=email, progress=progress)
    if leads or Capability.FIND_DEALS not in crm.capabilities:
        return Found(leads=leads)
    return Found(deals=await crm.find_deals(phone=phone, email=email))
