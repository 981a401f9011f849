"""Group subscriptions, the notifier's cursor, and the outbox it posts through."""

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import OutboxItemNotPending, OutboxStatus, Store
from tests.store.conftest import ManualClock


async def test_subscribe_is_once_per_chat_and_kind(store: Store, clock: ManualClock) -> None:
    assert await store.subscribe(-100, "new_leads", "Sales team", created_by=111) is True
    clock.advance(1)
    assert await store.subscribe(-100, "new_leads", "Renamed", created_by=222) is False
    assert await store.subscribe(-100, "overdue_tasks", "Sales team", created_by=111) is True
    assert await store.subscribe(-200, "new_leads", "Night shift", created_by=None) is True

    leads = await store.subscriptions("new_leads")
    assert [(s.chat_id, s.title, s.created_by) for s in leads] == [
        (-100, "Sales team", 111),
        (-200, "Night shift", None),
    ]
    assert [s.chat_id for s in await store.subscriptions("overdue_tasks")] == [-100]
    assert await store.subscriptions("nothing") == []


async def test_unsubscribe(store: Store) -> None:
    await store.subscribe(-100, "new_leads", "Sales", created_by=1)

    assert await store.unsubscribe(-100, "new_leads") is True
    assert await store.unsubscribe(-100, "new_leads") is False
    assert await store.subscriptions("new_leads") == []


async def test_cursor_is_set_and_replaced(store: Store) -> None:
    assert await store.get_cursor("envybox.leads") is None
    await store.set_cursor("envybox.leads", "1001")
    await store.set_cursor("envybox.leads", "1002")
    await store.set_cursor("other", "x")

    assert await store.get_cursor("envybox.leads") == "1002"
    assert await store.get_cursor("other") == "x"


async def test_enqueue_never_queues_a_dedup_key_twice(store: Store, clock: ManualClock) -> None:
    assert await store.enqueue(-100, "lead:7", {"text": "Новый лид", "lead_id": "7"}) is True
    assert await store.enqueue(-100, "lead:7", {"text": "again"}) is False

    [item] = await store.due_outbox(clock.moment)
    assert item.payload == {"text": "Новый лид", "lead_id": "7"}
    assert (item.chat_id, item.status, item.attempts) == (-100, OutboxStatus.PENDING, 0)

    await store.mark_sent(item.id, message_id=555)
    # even after it was sent, the same key is refused
    assert await store.enqueue(-100, "lead:7", {"text": "third time"}) is False


async def test_due_outbox_is_oldest_first_and_limited(store: Store, clock: ManualClock) -> None:
    for n in range(5):
        await store.enqueue(-100 - n, f"lead:{n}", {"n": n})  # a chat each
        clock.advance(1)

    due = await store.due_outbox(clock.moment, limit=3)
    assert [item.payload["n"] for item in due] == [0, 1, 2]

    # lead:1 was queued 4 s ago, lead:2 3 s ago
    early = await store.due_outbox(clock.moment - timedelta(seconds=3.5), limit=10)
    assert [item.payload["n"] for item in early] == [0, 1]


async def test_a_chat_gets_its_messages_in_order(store: Store, clock: ManualClock) -> None:
    """Only a chat's oldest pending item is due: a retry holds the ones behind it."""
    for n in range(3):
        await store.enqueue(-100, f"a:{n}", {"n": n})
    await store.enqueue(-200, "b", {"n": 9})
    first, other = await store.due_outbox(clock.moment)
    assert (first.payload["n"], other.payload["n"]) == (0, 9)
    later = clock.moment + timedelta(seconds=30)
    await store.mark_retry(first.id, "429 Too Many Requests", later)
    assert [i.payload["n"] for i in await store.due_outbox(clock.moment)] == [9]
    [again, _] = await store.due_outbox(later)
    assert again.id == first.id
    await store.mark_sent(first.id, message_id=1)
    assert [i.payload["n"] for i in await store.due_outbox(later)] == [1, 9]


async def test_retry_postpones_and_counts_attempts(store: Store, clock: ManualClock) -> None:
    await store.enqueue(-100, "a", {"n": 1})
    await store.enqueue(-200, "b", {"n": 2})
    first, second = await store.due_outbox(clock.moment)

    later = clock.moment + timedelta(seconds=30)
    await store.mark_retry(first.id, "429 Too Many Requests", later)

    assert [i.id for i in await store.due_outbox(clock.moment)] == [second.id]
    assert [i.id for i in await store.due_outbox(later)] == [first.id, second.id]
    retried = await store.outbox_item(first.id)
    assert retried is not None
    assert (retried.status, retried.attempts) == (OutboxStatus.PENDING, 1)
    assert (retried.last_error, retried.next_attempt_at) == ("429 Too Many Requests", later)


async def test_sent_and_failed_items_are_never_due_again(store: Store, clock: ManualClock) -> None:
    await store.enqueue(-100, "ok", {"n": 1})
    await store.enqueue(-200, "bad", {"n": 2})
    ok, bad = await store.due_outbox(clock.moment)
    clock.advance(2)

    await store.mark_sent(ok.id, message_id=42)
    await store.mark_failed(bad.id, "chat not found")

    assert await store.due_outbox(clock.moment + timedelta(days=1)) == []
    sent = await store.outbox_item(ok.id)
    failed = await store.outbox_item(bad.id)
    assert sent is not None and failed is not None
    assert (sent.status, sent.message_id, sent.sent_at, sent.attempts) == (
        OutboxStatus.SENT,
        42,
        clock.moment,
        1,
    )
    assert (failed.status, failed.last_error, failed.sent_at) == (
        OutboxStatus.FAILED,
        "chat not found",
        None,
    )
    for settle in (
        store.mark_sent(ok.id, 43),
        store.mark_retry(bad.id, "again", clock.moment),
        store.mark_failed(999, "unknown"),
    ):
        with pytest.raises(OutboxItemNotPending):
            await settle


async def test_payload_must_be_json(store: Store) -> None:
    with pytest.raises(TypeError, match="outbox payload must be JSON"):
        await store.enqueue(-100, "x", {"when": object()})
    assert await store.outbox_item(1) is None


async def test_naive_datetimes_are_refused(store: Store, clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="naive"):
        await store.due_outbox(clock.moment.replace(tzinfo=None))


async def test_concurrent_enqueue_of_one_key_makes_one_row(
    store: Store, clock: ManualClock
) -> None:
    async def attempt(n: int) -> bool:
        return await store.enqueue(-100, "lead:race", {"attempt": n})

    results = await asyncio.wait_for(asyncio.gather(*(attempt(n) for n in range(50))), 10)

    assert results.count(True) == 1
    assert len(await store.due_outbox(clock.moment, limit=100)) == 1


async def test_two_connections_racing_on_one_key_make_one_row(db_path: Path) -> None:
    async with Store(db_path) as one, Store(db_path) as two:

        async def attempt(store: Store, n: int) -> bool:
            return await store.enqueue(-100, "lead:race", {"attempt": n})

        tasks = [attempt(one if n % 2 else two, n) for n in range(40)]
        results = await asyncio.wait_for(asyncio.gather(*tasks), 20)

        assert results.count(True) == 1
        assert len(await one.due_outbox(one.now(), limit=100)) == 1
