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
from bot.work.deal_cards import together
from bot.work.lead_contacts import Contacts, LeadContacts


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


async def open_deals_of(crm: CRM, contacts: Contacts) -> Sequence[Deal]:
    """The open deals of the clients with these contacts (none when the CRM cannot tell)."""
    if Capability.FIND_DEALS not in crm.capabilities or not (contacts.phone or contacts.email):
        return ()
    deals = await crm.find_deals(phone=contacts.phone, email=contacts.email)
    return [d for d in deals if d.status is StageStatus.OPEN]


async def lead_with_open_deals(
    crm: CRM, lead_id: str, known: LeadContacts
) -> tuple[Lead, Sequence[Deal]]:
    """The lead read afresh and its client's open deals. When the lead's contacts are known
    from its card, the deals are looked up by them while the lead is read (one round trip),
    and again only if the lead's contacts have changed since."""
    hint = known.get(lead_id)
    if hint is None:
        lead = await crm.get_lead(lead_id)
        deals = await open_deals_of(crm, Contacts.of(lead))
    else:
        lead, deals = await together(crm.get_lead(lead_id), open_deals_of(crm, hint))
        if Contacts.of(lead) != hint:
            deals = await open_deals_of(crm, Contacts.of(lead))
    known.remember(lead)
    return lead, deals


async def find_lead(
    crm: CRM, *, phone: str | None, email: str | None, progress: Progress | None = None
) -> Found:
    leads = await leads_by_contact(crm, phone=phone, email=email, progress=progress)
    if leads or Capability.FIND_DEALS not in crm.capabilities:
        return Found(leads=leads)
    return Found(deals=await crm.find_deals(phone=phone, email=email))
