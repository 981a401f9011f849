"""Reads that need more than one CRM call, made concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.crm.models import Lead
from bot.crm.protocol import CRM


async def leads_by_contact(
    crm: CRM, *, phone: str | None = None, email: str | None = None
) -> Sequence[Lead]:
    """Untaken leads with this phone or e-mail, complete enough for a card.

    Envybox's lead/search answers without the lead's name and contacts, so each hit is
    read in full (lead/get) when the search left its name out; usually there is one hit.
    """
    found = await crm.find_leads(phone=phone, email=email)

    async def complete(lead: Lead) -> Lead:
        return lead if lead.name else await crm.get_lead(lead.id)

    return await asyncio.gather(*(complete(lead) for lead in found))
