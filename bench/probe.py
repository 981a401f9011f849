"""An outer update middleware for the benchmark's dispatchers: tallies each update's CRM
requests and tells the drivers when the bot has finished handling an update."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.types import TelegramObject, Update

from bench.crm_clock import Tally, current


@dataclass(frozen=True)
class Handled:
    """One update the bot finished: when, and the CRM requests it made."""

    ended: float
    tally: Tally


class Probe(BaseMiddleware):
    def __init__(self) -> None:
        self.handled: dict[int, Handled] = {}
        self._waiters: dict[int, asyncio.Future[None]] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tally = Tally()
        token = current.set(tally)
        try:
            return await handler(event, data)
        finally:
            current.reset(token)
            if isinstance(event, Update):
                self.handled[event.update_id] = Handled(time.monotonic(), tally)
                waiter = self._waiters.pop(event.update_id, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)

    async def wait(self, update_id: int, timeout: float) -> Handled | None:
        """The update once handled; None if the bot did not finish it within ``timeout``."""
        if update_id not in self.handled:
            waiter = self._waiters.setdefault(update_id, asyncio.get_running_loop().create_future())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(waiter), timeout)
            self._waiters.pop(update_id, None)
        return self.handled.get(update_id)

    def install(self, dispatcher: Dispatcher) -> None:
        """Make the probe the dispatcher's outermost update middleware, so that the time
        it records includes the error handlers' replies (aiogram's ErrorsMiddleware is an
        outer middleware registered first)."""
        manager = dispatcher.update.outer_middleware
        others = list(manager[:])
        for middleware in others:
            manager.unregister(middleware)
        manager.register(self)
        for middleware in others:
            manager.register(middleware)
