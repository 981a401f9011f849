"""The adapter's cache of main/data: shared by callers, kept while the CRM fails, and a
failure remembered for a while instead of retried by every caller."""

from __future__ import annotations

import asyncio

import pytest

from bot.crm.envybox.reference import Reference, ReferenceCache
from bot.crm.errors import Unavailable

REF = Reference(crm_name="CRM", admin_id="1", employees=(), pipelines=(), inbox_types=())


class Loads:
    def __init__(self) -> None:
        self.count = 0
        self.fail = False

    async def __call__(self) -> Reference:
        self.count += 1
        await asyncio.sleep(0)
        if self.fail:
            raise Unavailable("main/data: down")
        return REF


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_callers_share_one_load_and_keep_the_last_value_while_the_crm_fails() -> None:
    load, clock = Loads(), Clock()
    cache = ReferenceCache(load, ttl=60, clock=clock, retry_after=30)
    assert await asyncio.gather(*(cache.get() for _ in range(5))) == [REF] * 5
    assert load.count == 1
    clock.now, load.fail = 61, True
    assert await cache.get() is REF  # stale, but the CRM is down: the last one seen
    assert await cache.get() is REF and load.count == 2  # the failure is remembered
    clock.now, load.fail = 92, False
    assert await cache.get() is REF and load.count == 3


async def test_with_nothing_seen_a_failure_is_raised_at_once_for_a_while() -> None:
    load, clock = Loads(), Clock()
    load.fail = True
    cache = ReferenceCache(load, ttl=60, clock=clock, retry_after=30)
    for _ in range(3):
        with pytest.raises(Unavailable):
            await cache.get()
    assert load.count == 1
    clock.now = 31
    with pytest.raises(Unavailable):
        await cache.get()
    assert load.count == 2


async def test_a_caller_who_must_know_gets_the_failure_not_the_old_value() -> None:
    """`get(stale=False)` (the employee directory's read): a failed refresh is its error,
    at once while it is remembered, though an old value exists; others still get that."""
    load, clock = Loads(), Clock()
    cache = ReferenceCache(load, ttl=60, clock=clock, retry_after=30)
    assert await cache.get(stale=False) is REF
    clock.now, load.fail = 61, True
    with pytest.raises(Unavailable):
        await cache.get(stale=False)
    with pytest.raises(Unavailable):
        await cache.get(stale=False)  # remembered: no second call
    assert await cache.get() is REF and load.count == 2
    clock.now, load.fail = 92, False
    assert await cache.get(stale=False) is REF and load.count == 3
