"""Take into work reads the lead and looks up its client's open deals at once when the card
showed the lead's contacts, and looks again when they have changed since; the contacts kept
are the latest shown, up to a bound."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.crm.capabilities import Capability
from bot.crm.models import Deal, Lead, StageStatus
from bot.crm.protocol import CRM
from bot.work.lead_contacts import Contacts, LeadContacts
from bot.work.lead_search import lead_with_open_deals

ORLOV = Lead(id="7", name="Сергей Орлов", phone="+79031234501", email="orlov@example.ru")
OPEN = Deal(id="40052", status=StageStatus.OPEN)
WON = Deal(id="40051", status=StageStatus.WON)


class StubCRM(CRM):
    """Answers get_lead with `lead` only once a deal search has begun: a caller that reads
    the lead first and searches after would wait forever (bounded by the test's timeout)."""

    kind = "stub"
    capabilities = frozenset({Capability.GET_LEAD, Capability.FIND_DEALS})

    def __init__(self, lead: Lead, *, wait_for_search: bool) -> None:
        self.lead = lead
        self.deals: dict[Contacts, Sequence[Deal]] = {}
        self.searches: list[Contacts] = []
        self.reads = 0
        self._wait_for_search = wait_for_search
        self._searching = asyncio.Event()

    async def account_name(self) -> str:
        return "stub"

    async def close(self) -> None:
        return None

    async def get_lead(self, lead_id: str) -> Lead:
        assert lead_id == self.lead.id
        self.reads += 1
        if self._wait_for_search:
            await self._searching.wait()
        return self.lead

    async def find_deals(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Deal]:
        contacts = Contacts(phone, email)
        self.searches.append(contacts)
        self._searching.set()
        await asyncio.sleep(0)
        return self.deals.get(contacts, ())


async def test_with_the_cards_contacts_the_lead_and_its_deals_are_asked_at_once() -> None:
    crm = StubCRM(ORLOV, wait_for_search=True)
    crm.deals[Contacts.of(ORLOV)] = [WON, OPEN]
    known = LeadContacts()
    known.remember(ORLOV)
    lead, deals = await asyncio.wait_for(lead_with_open_deals(crm, ORLOV.id, known), 2)
    assert lead == ORLOV
    assert deals == [OPEN]  # a won deal is no reason to stop a take
    assert crm.searches == [Contacts.of(ORLOV)] and crm.reads == 1


async def test_contacts_changed_since_the_card_are_looked_up_again() -> None:
    now = ORLOV.model_copy(update={"phone": "+79265550001", "email": None})
    crm = StubCRM(now, wait_for_search=True)
    crm.deals[Contacts.of(ORLOV)] = [OPEN]  # the old contacts' deal is not this client's
    other = Deal(id="40060", status=StageStatus.OPEN)
    crm.deals[Contacts.of(now)] = [other]
    known = LeadContacts()
    known.remember(ORLOV)
    lead, deals = await asyncio.wait_for(lead_with_open_deals(crm, ORLOV.id, known), 2)
    assert lead == now and deals == [other]
    assert crm.searches == [Contacts.of(ORLOV), Contacts.of(now)]
    assert known.get(ORLOV.id) == Contacts.of(now)  # the next take starts from what is true


async def test_an_unknown_lead_is_read_first_and_its_deals_found_by_its_contacts() -> None:
    crm = StubCRM(ORLOV, wait_for_search=False)
    crm.deals[Contacts.of(ORLOV)] = [OPEN]
    known = LeadContacts()
    lead, deals = await asyncio.wait_for(lead_with_open_deals(crm, ORLOV.id, known), 2)
    assert lead == ORLOV and deals == [OPEN]
    assert crm.searches == [Contacts.of(ORLOV)]
    assert known.get(ORLOV.id) == Contacts.of(ORLOV)


async def test_a_lead_without_contacts_asks_for_no_deals() -> None:
    bare = Lead(id="7", name="Без контактов")
    crm = StubCRM(bare, wait_for_search=False)
    lead, deals = await asyncio.wait_for(lead_with_open_deals(crm, "7", LeadContacts()), 2)
    assert lead == bare and list(deals) == [] and crm.searches == []


def test_the_latest_shown_are_kept_up_to_the_bound() -> None:
    known = LeadContacts(kept=2)
    leads = [Lead(id=str(n), phone=f"+7903000000{n}") for n in range(3)]
    known.remember(leads[0], leads[1])
    known.remember(leads[0])  # shown again: now the latest
    known.remember(leads[2])
    assert len(known) == 2
    assert known.get("1") is None  # the one shown longest ago went
    assert known.get("0") == Contacts("+79030000000", None)
    assert known.get("2") == Contacts("+79030000002", None)
