"""Tracks updates being handled, so shutdown can let them finish and confirm them.

aiogram's polling loop stops by cancelling its long poll; the handlers it started keep
running, and the offset confirming the last updates is only sent with the next
getUpdates. `InFlight` waits for the handlers and remembers the last update id, so the
app can confirm it before exiting and a restart does not handle the same update twice.
Handlers still running when the wait is over are cancelled, and waited for, before the
app closes what they use (a write they were making is audited as of unknown outcome).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update


class InFlight(BaseMiddleware):
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.last_update_id: int | None = None

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            last = self.last_update_id
            self.last_update_id = event.update_id if last is None else max(last, event.update_id)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._count -= 1
            if task is not None:
                self._tasks.discard(task)
            if self._count == 0:
                self._idle.set()

    @property
    def busy(self) -> int:
        return self._count

    async def drain(self, seconds: float) -> bool:
        """Wait until no update is being handled; False if `seconds` passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
        except TimeoutError:
            return False
        return True

    async def cancel(self, seconds: float) -> bool:
        """Cancel the handlers still running and wait up to `seconds` for them to end."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if not tasks:
            return True
        _done, pending = await asyncio.wait(tasks, timeout=seconds)
        return not pending
