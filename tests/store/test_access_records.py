"""Access requests and invites in SQLite: one pending request, first decision wins,
an invite spent once and only before it expires; take_over moves an employee."""

from __future__ import annotations

import asyncio

from bot.store import InviteOutcome, RequestStatus, Role, Store
from bot.store.access import INVITE_TTL
from tests.store.conftest import ManualClock


async def test_one_pending_request_per_user(store: Store) -> None:
    records = store
    results = await asyncio.gather(
        *(records.open_request(7, "Олег", "oleg", "+79990000000") for _ in range(10))
    )
    assert sum(created for _, created in results) == 1
    assert len({request.id for request, _ in results}) == 1
    first = results[0][0]
    assert await records.decide(first.id, RequestStatus.REJECTED, by=1, by_name="A")
    again, created = await records.open_request(7, "Олег", "oleg", None)
    assert created and again.id != first.id  # a decided request no longer blocks a new one


async def test_first_decision_wins(store: Store) -> None:
    records = store
    request, _ = await records.open_request(7, "Олег", None, None)
    outcomes = await asyncio.gather(
        records.decide(request.id, RequestStatus.APPROVED, by=1, by_name="A", employee_key="182"),
        records.decide(request.id, RequestStatus.REJECTED, by=2, by_name="B"),
    )
    assert sorted(outcomes) == [False, True]
    decided = await records.get_request(request.id)
    assert decided is not None and decided.status is not RequestStatus.PENDING
    assert decided.decided_by == (1 if decided.status is RequestStatus.APPROVED else 2)


async def test_invite_is_spent_once(store: Store) -> None:
    records = store
    invite = await records.create_invite("182", created_by=1)
    assert len(invite.code) >= 20
    results = await asyncio.gather(*(records.use_invite(invite.code, uid) for uid in (5, 6, 7)))
    assert sorted(outcome.value for outcome, _ in results) == ["ok", "used", "used"]
    assert (await records.use_invite("nope", 5))[0] is InviteOutcome.UNKNOWN


async def test_invite_expires_after_its_ttl(store: Store, clock: ManualClock) -> None:
    records = store
    fresh = await records.create_invite("182", created_by=1)
    stale = await records.create_invite("183", created_by=1)
    clock.advance(INVITE_TTL.total_seconds() - 1)
    assert (await records.use_invite(fresh.code, 5))[0] is InviteOutcome.OK
    clock.advance(2)
    assert (await records.use_invite(stale.code, 6))[0] is InviteOutcome.EXPIRED


async def test_take_over_moves_the_employee_and_keeps_one_to_one(store: Store) -> None:
    await store.bind(1, "182", "Anna")
    binding, displaced = await store.take_over(2, "182", "Oleg", Role.ADMIN)
    assert displaced == 1 and binding.tg_user_id == 2 and binding.role is Role.ADMIN
    assert await store.get_binding(1) is None
    again, displaced = await store.take_over(2, "182", "Oleg")
    assert displaced is None and again.employee_key == "182"
