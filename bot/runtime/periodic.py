"""Jobs the running bot repeats in the background (renewing its lease, expiring access
requests): each in a task of its own, a failure logged and the next round still run."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

log = logging.getLogger("bot")

Job = Callable[[], Awaitable[None]]


class Periodic:
    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[None]] = []

    def every(self, seconds: float, job: Job, name: str) -> None:
        """Run `job` every `seconds`, the first time `seconds` from now."""
        loop = asyncio.get_running_loop()
        task = loop.create_task(self._repeat(seconds, job, name), context=contextvars.Context())
        self._tasks.append(task)

    async def _repeat(self, seconds: float, job: Job, name: str) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await job()
            except Exception:
                log.exception("background job %s failed; it runs again in %.0f s", name, seconds)

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with suppress(asyncio.CancelledError):
                await task
