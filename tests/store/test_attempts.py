"""Write attempts: a token is claimed once; what became of it is kept for a week; a write
known not done frees its token; a claim left unfinished by another process is unknown."""

import pytest

from bot.store import Store
from bot.store.attempts import KEEP
from bot.work.attempts import Attempts, Earlier, Repeated, Status
from tests.store.conftest import ManualClock


async def test_a_token_is_claimed_once_per_user(store: Store, clock: ManualClock) -> None:
    started = clock()
    assert await store.claim_attempt(111, "tok", "lead.create") is None
    clock.advance(5)
    earlier = await store.claim_attempt(111, "tok", "company.create")
    assert earlier is not None
    assert (earlier.action, earlier.result, earlier.started_at) == ("lead.create", None, started)
    assert await store.claim_attempt(222, "tok", "lead.create") is None  # someone else's


async def test_an_attempt_ends_done_or_unknown_or_is_forgotten(store: Store) -> None:
    await store.claim_attempt(111, "a", "lead.create")
    await store.finish_attempt(111, "a", "ok", "979191")
    done = await store.attempt(111, "a")
    assert done is not None and (done.result, done.record) == ("ok", "979191")
    await store.claim_attempt(111, "b", "lead.create")
    await store.finish_attempt(111, "b", "unknown")
    unknown = await store.attempt(111, "b")
    assert unknown is not None and (unknown.result, unknown.record) == ("unknown", None)
    await store.claim_attempt(111, "c", "lead.create")
    await store.drop_attempt(111, "c")  # the CRM refused it: it may be pressed again
    assert await store.attempt(111, "c") is None
    assert await store.claim_attempt(111, "c", "lead.create") is None
    with pytest.raises(ValueError):
        await store.finish_attempt(111, "c", "error:Rejected")


async def test_attempts_older_than_a_week_are_dropped(store: Store, clock: ManualClock) -> None:
    await store.claim_attempt(111, "old", "lead.create")
    clock.advance(KEEP.total_seconds() + 1)
    await store.claim_attempt(111, "new", "lead.create")
    assert await store.attempt(111, "old") is None
    assert await store.attempt(111, "new") is not None


async def test_a_claim_is_under_way_only_in_the_process_that_holds_it(store: Store) -> None:
    here, after_a_restart = Attempts(store), Attempts(store)
    await here.claim(111, "tok", "deal.task")
    assert await here.earlier(111, "tok") == Earlier(Status.WRITING)
    assert await after_a_restart.earlier(111, "tok") == Earlier(Status.UNKNOWN)
    with pytest.raises(Repeated) as pressed:
        await after_a_restart.claim(111, "tok", "deal.task")
    assert pressed.value.earlier == Earlier(Status.UNKNOWN)
    await here.finish(111, "tok", "ok", "5")
    assert await after_a_restart.earlier(111, "tok") == Earlier(Status.DONE, "5")
    assert await here.earlier(111, "other") is None
