"""The bindings follow the CRM's employee list: one read shared by every caller, a binding
suspended when its employee is gone and resumed when back, and a list that comes back
empty or unreadable deciding nothing, told of once an episode (across a restart too)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.staff.access import Access
from bot.staff.directory import Directory
from bot.staff.sync import EMPTY, TROUBLE_CURSOR, UNREADABLE, RosterSync, Trouble, check_every
from bot.store import BindingStatus, Role, Store
from tests.staff.kit import ANNA, IVAN, Clock, ListingCRM, NoListCRM


class Heard:
    def __init__(self) -> None:
        self.troubles: list[Trouble] = []

    async def __call__(self, trouble: Trouble) -> None:
        self.troubles.append(trouble)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "bot.sqlite3") as opened:
        await opened.bind(1, ANNA.key, "Anna")
        await opened.bind(2, IVAN.key, "Ivan")
        yield opened


async def status(store: Store, user_id: int) -> BindingStatus:
    binding = await store.get_binding(user_id)
    assert binding is not None
    return binding.status


async def test_one_read_shared_by_all_suspends_the_gone_and_resumes_the_returned(
    store: Store,
) -> None:
    crm, clock = ListingCRM(ANNA), Clock()
    sync = RosterSync(store, Directory(crm, max_age=300, clock=clock))
    await asyncio.gather(*(sync.follow() for _ in range(5)))  # five messages queued at once
    assert crm.calls == 1
    assert await status(store, 1) is BindingStatus.ACTIVE
    assert await status(store, 2) is BindingStatus.SUSPENDED
    [suspended] = await store.audit_entries(action="binding.suspended")
    assert (suspended.actor_tg_id, suspended.target) == (None, f"2:{IVAN.key}")
    assert suspended.detail == {"reason": "employee removed from the CRM"}

    crm.listed.append(IVAN)
    await sync.follow()  # within CRM_CACHE_SECONDS: the list read is still good
    assert crm.calls == 1 and await status(store, 2) is BindingStatus.SUSPENDED
    clock.now += 300
    await sync.follow()
    assert crm.calls == 2 and await status(store, 2) is BindingStatus.ACTIVE
    [resumed] = await store.audit_entries(action="binding.resumed")
    assert resumed.detail == {"reason": "employee back in the CRM"}
    await sync.follow()
    assert len(await store.audit_entries()) == 2  # a list is applied once


async def test_an_empty_or_unreadable_list_decides_nothing_and_is_told_once_an_episode(
    store: Store,
) -> None:
    crm, clock, heard = ListingCRM(), Clock(), Heard()
    sync = RosterSync(store, Directory(crm, max_age=300, retry_after=30, clock=clock))
    sync.on_trouble(heard)
    for _ in range(3):  # three checks, each reading an empty list
        await sync.follow()
        clock.now += 300
    crm.broken = True  # then an unreadable one: the same episode
    for _ in range(3):
        await sync.follow()
        clock.now += 300
    assert crm.calls == 6
    assert await status(store, 1) is await status(store, 2) is BindingStatus.ACTIVE
    [empty] = heard.troubles
    assert (empty.key, empty.error) == (EMPTY, "")
    assert await store.get_cursor(TROUBLE_CURSOR) == empty.since.isoformat()

    crm.broken, crm.listed = False, [ANNA]  # read again: the episode ends, the list rules
    await sync.follow()
    assert await status(store, 2) is BindingStatus.SUSPENDED
    assert await store.get_cursor(TROUBLE_CURSOR) == ""

    crm.broken, clock.now = True, clock.now + 300
    crm.listed = [ANNA, IVAN]  # (not read: the CRM fails)
    for _ in range(3):
        await sync.follow()
        clock.now += 300
    assert len(heard.troubles) == 2
    unreadable = heard.troubles[1]
    assert (unreadable.key, unreadable.error) == (UNREADABLE, "UnexpectedPayload")
    assert unreadable.since > empty.since
    assert await status(store, 2) is BindingStatus.SUSPENDED  # the old list decides nothing


async def test_a_list_never_read_is_unreadable_and_a_restart_keeps_the_episode(
    store: Store,
) -> None:
    crm, heard = ListingCRM(), Heard()
    crm.broken = True
    sync = RosterSync(store, Directory(crm))
    sync.on_trouble(heard)
    await sync.follow()
    restarted, heard_again = RosterSync(store, Directory(crm)), Heard()
    restarted.on_trouble(heard_again)
    await restarted.follow()
    [first], [again] = heard.troubles, heard_again.troubles
    assert first.since == again.since  # the same outbox key: the warning is not sent twice
    assert await status(store, 1) is await status(store, 2) is BindingStatus.ACTIVE


async def test_the_gate_decides_nothing_on_an_empty_list(store: Store) -> None:
    crm = ListingCRM()
    access = Access(store, Directory(crm), frozenset())
    await access.employees()  # the list last seen: empty
    ivan = await store.get_binding(2)
    assert ivan is not None
    assert (await access.confirm_employee(ivan)).is_active
    assert await store.audit_entries(action="binding.suspended") == []


async def test_a_crm_without_a_list_is_never_asked_and_suspends_nobody(store: Store) -> None:
    crm = NoListCRM()
    access = Access(store, Directory(crm), frozenset({9}))
    assert not access.sync.follows
    await access.sync.follow()
    assert await access.admins_to_notify() == {9}
    ivan = await store.get_binding(2)
    assert ivan is not None and (await access.confirm_employee(ivan)).is_active
    assert crm.calls == 0 and await store.audit_entries() == []


async def test_only_admins_the_crm_still_lists_are_notified(store: Store) -> None:
    """ADMIN_IDS: 10 (no binding) and 2 (bound to Ivan, gone); Anna (1) an admin by role."""
    await store.set_role(1, Role.ADMIN)
    await store.bind(3, "184", "Maria", Role.ADMIN)  # gone from the CRM too
    crm, clock = ListingCRM(ANNA), Clock()
    access = Access(store, Directory(crm, clock=clock), frozenset({10, 2}))
    assert await access.admins_to_notify() == {10, 1}
    assert await access.admins() == {10, 2, 1}  # ADMIN_IDS still gives 2 the rights
    crm.broken, clock.now = True, clock.now + 300  # an unreadable list changes nothing
    assert await access.admins_to_notify() == {10, 1} and crm.calls == 2


def test_the_check_runs_every_crm_cache_seconds_and_once_a_minute_without_a_cache() -> None:
    assert check_every(300) == 300
    assert check_every(0.2) == 1.0
    assert check_every(0) == 60.0
