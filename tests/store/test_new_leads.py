"""The notifier's records: a lead is seen once and its posts queued with the cursor's move
in one transaction; claims, posts, scrubbing and a chat that moves."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from bot.store.new_leads import reminder_key
from tests.store.conftest import ManualClock


async def test_a_lead_is_queued_once_whatever_the_list_repeats(
    store: Store, clock: ManualClock
) -> None:
    posts = {"7": [(-100, "lead:7:-100", {"kind": "lead", "name": "Олег"})]}
    first = await store.record_new_leads([("7", clock.moment)], posts, {"leads": "t1"})
    again = await store.record_new_leads([("7", clock.moment)], posts, {"leads": "t2"})
    assert (first, again) == (["7"], [])
    assert await store.get_cursor("leads") == "t2"  # the cursor moves even when nothing is new
    [item] = await store.due_outbox(clock.moment)
    assert (item.chat_id, item.lead_id, item.payload["name"]) == (-100, "7", "Олег")
    assert await store.seen_leads(["7", "8"]) == {"7"}


async def test_claims_posts_scrubbing_and_a_moved_chat(store: Store, clock: ManualClock) -> None:
    await store.subscribe(-100, "new_leads", "Sales", created_by=1, filters={"pipeline": "5"})
    posts = {"7": [(-100, "lead:7:-100", {"kind": "lead", "phone": "+79990001122"})]}
    await store.record_new_leads([("7", clock.moment)], posts, {"leads": "t"})
    [item] = await store.due_outbox(clock.moment)
    await store.mark_sent(item.id, message_id=55)
    assert await store.lead_posts("7") == [(-100, 55)]
    hour = timedelta(hours=1)
    [post] = await store.unclaimed_posts(clock.moment - hour, clock.moment + hour)
    assert (post.lead_id, post.chat_id, post.message_id) == ("7", -100, 55)
    assert await store.unclaimed_posts(clock.moment - 2 * hour, clock.moment - hour) == []
    await store.enqueue(-100, reminder_key("7", -100), {"kind": "reminder"}, lead_id="7")
    assert (
        await store.unclaimed_posts(clock.moment - hour, clock.moment + hour, unreminded=True) == []
    )
    assert len(await store.unclaimed_posts(clock.moment - hour, clock.moment + hour)) == 1

    first = await store.claim("7", tg_user_id=1, employee_key="182", name="Анна", deal_id="9")
    second = await store.claim("7", tg_user_id=2, employee_key="183", name="Иван", deal_id=None)
    assert first == second and (first.name, first.deal_id) == ("Анна", "9")
    assert await store.unclaimed_posts(clock.moment - hour, clock.moment + hour) == []

    clock.advance(31 * 86400)
    assert await store.scrub_delivered(clock.moment - timedelta(days=30)) == 1
    scrubbed = await store.outbox_item(item.id)
    assert scrubbed is not None and scrubbed.payload == {"kind": "lead", "scrubbed": 1}

    await store.enqueue(-100, "later", {"kind": "lead"})
    await store.move_chat(-100, -1009)
    [moved] = await store.subscriptions("new_leads")
    assert (moved.chat_id, moved.filters) == (-1009, {"pipeline": "5"})
    [waiting] = await store.due_outbox(clock.moment)
    assert waiting.chat_id == -1009
