"""The poller against a CRM that lists given leads, and the real store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.crm.capabilities import Capability
from bot.crm.models import Lead, NewLeads, Unreadable
from bot.crm.protocol import CRM
from bot.notifier.poller import CURSOR, OVERLAP, SKEW, Poller
from bot.notifier.teams import NEW_LEADS
from bot.store import Store
from tests.store.conftest import ManualClock

SALES, CALLS = -1001, -1002


class ListingCRM(CRM):
    kind = "listing"
    capabilities = frozenset({Capability.LIST_NEW_LEADS})

    def __init__(self) -> None:
        self.leads: list[Lead] = []
        self.unreadable: list[Unreadable] = []
        self.asked: list[datetime] = []

    async def close(self) -> None:
        return None

    async def account_name(self) -> str:
        return "test"

    async def new_leads(self, *, since: datetime, limit: int = 50) -> NewLeads:
        self.asked.append(since)
        # like Envybox: the date filter counts whole days
        day = since.replace(hour=0, minute=0, second=0, microsecond=0)
        listed = [x for x in self.leads if x.created_at is None or x.created_at >= day][:limit]
        return NewLeads(leads=tuple(listed), unreadable=tuple(self.unreadable))


@pytest.fixture
async def store(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Store]:
    async with Store(tmp_path / "bot.sqlite3", clock=clock) as opened:
        await opened.subscribe(SALES, NEW_LEADS, "Продажи", None)
        await opened.subscribe(CALLS, NEW_LEADS, "Звонки", None, {"inbox": "callback"})
        yield opened


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def lead(n: int, at: datetime, inbox: str = "site", **fields: object) -> Lead:
    return Lead(id=str(n), name=f"Клиент {n}", inbox_type_id=inbox, created_at=at, **fields)


async def queued(store: Store, chat_id: int) -> list[dict[str, object]]:
    return [item.payload for item in await store.pending_in(chat_id, 1000)]


async def test_the_first_start_begins_now_not_with_the_crms_history(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    crm.leads = [lead(1, clock() - timedelta(minutes=5))]
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    assert await poller.poll_once() == []
    assert await queued(store, SALES) == []
    assert await store.get_cursor(CURSOR) == clock().isoformat()
    crm.leads.append(lead(2, clock.advance(3)))
    assert await poller.poll_once() == ["2"]
    assert [p["lead_id"] for p in await queued(store, SALES)] == ["2"]


async def test_each_lead_is_queued_once_per_matching_group(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    await poller.poll_once()
    crm.leads = [lead(1, clock.advance(1)), lead(2, clock.advance(1), inbox="callback")]
    assert sorted(await poller.poll_once()) == ["1", "2"]
    for _ in range(3):  # later rounds list them again (the overlap): nothing more is queued
        clock.advance(10)
        assert await poller.poll_once() == []
    assert [p["lead_id"] for p in await queued(store, SALES)] == ["1", "2"]
    assert [p["lead_id"] for p in await queued(store, CALLS)] == ["2"]
    assert crm.asked[-1] == datetime.fromisoformat(await store.get_cursor(CURSOR) or "") - OVERLAP


async def test_a_late_listed_lead_within_the_overlap_is_still_posted(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    await poller.poll_once()
    start = clock()
    crm.leads = [lead(2, clock.advance(60))]
    await poller.poll_once()
    crm.leads.append(lead(1, start + timedelta(seconds=30)))  # older, but listed only now
    clock.advance(10)
    assert await poller.poll_once() == ["1"]


async def test_leads_older_than_catchup_come_as_one_summary_per_group(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    await poller.poll_once()
    down_since = clock()
    clock.advance(3 * 24 * 3600)  # three days down
    await store.set_cursor(CURSOR, down_since.isoformat())
    crm.leads = [lead(n, down_since + timedelta(hours=n)) for n in range(1, 6)]
    crm.leads.append(lead(9, clock() - timedelta(hours=1)))
    assert len(await poller.poll_once()) == 6
    sales = await queued(store, SALES)
    assert [p["kind"] for p in sales] == ["catchup", "lead"]
    assert sales[0]["count"] == 5 and sales[0]["hours"] == 24
    assert [x["lead_id"] for x in sales[0]["leads"]] == ["1", "2", "3", "4", "5"]  # type: ignore[index]
    assert sales[1]["lead_id"] == "9"
    assert await queued(store, CALLS) == []


async def test_a_posted_lead_taken_in_the_crm_is_reported_once(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    taken: list[str] = []

    async def on_taken(x: Lead) -> None:
        taken.append(x.id)
        await store.claim(x.id, tg_user_id=None, employee_key="7", name=None, deal_id=None)

    poller = Poller(crm, store, catchup=timedelta(hours=24), on_taken=on_taken, clock=clock)
    await poller.poll_once()
    crm.leads = [lead(1, clock.advance(1))]
    await poller.poll_once()
    [item] = await store.pending_in(SALES, 10)
    await store.mark_sent(item.id, 501)
    crm.leads = [lead(1, crm.leads[0].created_at or clock(), taken=True, employee_key="7")]
    for _ in range(2):
        clock.advance(10)
        await poller.poll_once()
    assert taken == ["1"]


async def test_a_lead_dated_in_the_future_is_posted_once_and_holds_no_lead_back(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    await poller.poll_once()
    crm.leads = [lead(1, clock() + timedelta(days=300))]  # a typo in the CRM, or an import
    assert await poller.poll_once() == ["1"]
    cursor = datetime.fromisoformat(await store.get_cursor(CURSOR) or "")
    assert cursor <= clock() + SKEW
    crm.leads.append(lead(2, clock.advance(60)))  # an ordinary lead a minute later
    assert await poller.poll_once() == ["2"]
    for _ in range(10):  # days go by; housekeeping runs; the future lead is listed each time
        clock.advance(24 * 3600)
        oldest = await poller.oldest_listed()
        assert oldest is not None
        await store.forget_seen(clock() - timedelta(days=7), listed_since=oldest)
        assert await poller.poll_once() == []
    assert [p["lead_id"] for p in await queued(store, SALES)] == ["1", "2"]


async def test_a_cursor_carried_into_the_future_comes_back_to_now(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    await poller.poll_once()
    await store.set_cursor(CURSOR, (clock() + timedelta(days=30)).isoformat())
    crm.leads = [lead(3, clock.advance(60))]
    assert await poller.poll_once() == ["3"]


async def test_a_quiet_week_brings_no_summary_and_nothing_twice(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=24), clock=clock)
    await poller.poll_once()
    crm.leads = [lead(1, clock.advance(60))]
    assert await poller.poll_once() == ["1"]
    for _ in range(9):  # nine quiet days, polled all along, housekeeping every day
        clock.advance(24 * 3600)
        oldest = await poller.oldest_listed()
        assert oldest is not None
        await store.forget_seen(clock() - timedelta(days=7), listed_since=oldest)
        assert await poller.poll_once() == []
    assert [p["kind"] for p in await queued(store, SALES)] == ["lead"]


async def test_an_old_lead_listed_late_is_posted_not_summed_up_when_the_bot_was_up(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    poller = Poller(crm, store, catchup=timedelta(hours=1), clock=clock)
    await poller.poll_once()
    clock.advance(3 * 3600)
    await poller.poll_once()  # the bot is up and polling
    crm.leads = [lead(5, clock() - timedelta(minutes=90))]  # imported with an older date
    clock.advance(10)
    assert await poller.poll_once() == ["5"]
    assert [p["kind"] for p in await queued(store, SALES)] == ["lead"]


async def test_unreadable_leads_are_reported_once_and_hold_nothing_back(
    store: Store, clock: ManualClock
) -> None:
    crm = ListingCRM()
    told: list[Unreadable] = []

    async def on_unreadable(records: Sequence[Unreadable]) -> None:
        told.extend(records)

    poller = Poller(
        crm, store, catchup=timedelta(hours=24), on_unreadable=on_unreadable, clock=clock
    )
    await poller.poll_once()
    crm.unreadable = [
        Unreadable(id="77", reason="phone: expected text"),
        Unreadable(id=None, reason="the record: not an object"),
    ]
    crm.leads = [lead(1, clock.advance(60))]
    assert await poller.poll_once() == ["1"]
    crm.leads.append(lead(2, clock.advance(60)))
    assert await poller.poll_once() == ["2"]  # listed again: reported no more
    assert [r.id for r in told] == ["77", None]
    assert await store.unreadable_count() == 2
    crm.unreadable = crm.unreadable[1:]  # the CRM's record was mended: lead 77 reads now
    crm.leads.append(lead(77, clock.advance(60)))
    assert await poller.poll_once() == ["77"]
    assert await store.unreadable_count() == 1
