"""Shutdown waits for handlers in flight and knows the last update to confirm."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.types import Update

from bot.runtime.inflight import InFlight


async def test_drain_waits_for_a_running_handler() -> None:
    inflight = InFlight()
    release = asyncio.Event()
    finished: list[int] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        await release.wait()
        finished.append(event.update_id)

    task = asyncio.create_task(inflight(handler, Update(update_id=7), {}))
    await asyncio.sleep(0)
    assert inflight.busy == 1
    assert await inflight.drain(0.05) is False  # still running
    release.set()
    assert await inflight.drain(1.0) is True
    await task
    assert finished == [7]
    assert inflight.last_update_id == 7


async def test_last_update_id_is_the_highest_seen() -> None:
    inflight = InFlight()

    async def handler(event: Any, data: dict[str, Any]) -> None:
        return None

    for update_id in (3, 9, 5):
        await inflight(handler, Update(update_id=update_id), {})
    assert inflight.last_update_id == 9
