"""The contacts of the leads lately shown on cards, so that Take into work can look up the
client's open deals while it reads the lead afresh: one round trip for both, not two.

Only a hint: the lead is always read again, and a lead whose contacts changed since its card
was shown has its deals looked up again by the new ones (bot/work/lead_search.py).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from bot.crm.models import Lead

KEPT = 5_000  # leads remembered, the latest shown first


@dataclass(frozen=True, slots=True)
class Contacts:
    phone: str | None
    email: str | None

    @classmethod
    def of(cls, lead: Lead) -> Contacts:
        return cls(lead.phone, lead.email)


class LeadContacts:
    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._contacts: OrderedDict[str, Contacts] = OrderedDict()

    def remember(self, *leads: Lead) -> None:
        for lead in leads:
            self._contacts[lead.id] = Contacts.of(lead)
            self._contacts.move_to_end(lead.id)
        while len(self._contacts) > self._kept:
            self._contacts.popitem(last=False)

    def get(self, lead_id: str) -> Contacts | None:
        return self._contacts.get(lead_id)

    def __len__(self) -> int:
        return len(self._contacts)
