"""The employee directory: never waits when asked from memory, remembers a failure for a
while instead of asking a dead CRM on every update, and a list never seen decides nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from bot.crm.capabilities import Capability
from bot.crm.errors import Unavailable
from bot.crm.models import Employee
from bot.crm.protocol import CRM
from bot.staff.access import Access
from bot.staff.directory import Directory
from bot.store import BindingStatus, Store

ANNA = Employee(key="182", name="Анна Смирнова", phone="+79161110001")


class FlakyCRM(CRM):
    kind = "flaky"
    capabilities = frozenset({Capability.LIST_EMPLOYEES})

    def __init__(self) -> None:
        self.calls = 0
        self.down = True

    async def account_name(self) -> str:
        return "flaky"

    async def close(self) -> None:
        return None

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        self.calls += 1
        if self.down:
            raise Unavailable("down")
        return [ANNA]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_failure_is_remembered_and_the_last_list_kept() -> None:
    crm, clock = FlakyCRM(), Clock()
    directory = Directory(crm, max_age=300, retry_after=30, clock=clock)
    assert directory.cached() is None  # at once, with a refresh started behind
    await asyncio.sleep(0)
    assert crm.calls == 1
    for _ in range(5):  # every update meanwhile: no new call, the same answer at once
        assert directory.cached() is None
    try:
        await directory.snapshot()
    except Unavailable:
        pass
    else:
        raise AssertionError("no list was ever seen: the CRM's error")
    assert crm.calls == 1
    clock.now += 31
    crm.down = False
    assert (await directory.snapshot()).get("182") == ANNA
    crm.down = True
    clock.now += 301
    assert directory.cached() is not None  # the last list, while a refresh fails behind
    await asyncio.sleep(0)
    assert (await directory.snapshot()).get("182") == ANNA


async def test_a_list_never_seen_neither_suspends_nor_resumes(tmp_path: Path) -> None:
    crm = FlakyCRM()
    async with Store(tmp_path / "bot.sqlite3") as store:
        access = Access(store, Directory(crm), frozenset())
        await store.bind(1, "182", "Anna")
        suspended = await store.set_status(1, BindingStatus.SUSPENDED)
        assert not (await access.confirm_employee(suspended)).is_active
        active = await store.set_status(1, BindingStatus.ACTIVE)
        assert (await access.confirm_employee(active)).is_active
        assert await store.audit_entries() == []


async def test_a_failed_read_is_known_until_a_read_works(tmp_path: Path) -> None:
    """The last list is kept while the CRM fails, and `failing` says it is old."""
    crm, clock = FlakyCRM(), Clock()
    crm.down = False
    directory = Directory(crm, max_age=300, retry_after=30, clock=clock)
    assert (await directory.snapshot()).get("182") == ANNA and directory.failing is None
    crm.down, clock.now = True, clock.now + 301
    assert (await directory.snapshot()).get("182") == ANNA
    assert isinstance(directory.failing, Unavailable)
    crm.down, clock.now = False, clock.now + 31
    await directory.snapshot()
    assert directory.failing is None and crm.calls == 3
