"""An outer update middleware for the bot processes' dispatchers: tallies each update's CRM
requests and reports every update it has seen handled (bench/remote.py carries the reports
to the world process, where the drivers wait for them)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.types import TelegramObject, Update

from bench.crm_clock import Tally, current


@dataclass(frozen=True)
class Handled:
    """One update the bot finished: when (time.monotonic()), and the CRM requests it made."""

    ended: float
    tally: Tally


Report = Callable[[int, Handled], None]
"""Called with the update's id once the bot has finished handling it."""


class Probe(BaseMiddleware):
    def __init__(self, report: Report) -> None:
        self.report = report

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
                self.report(event.update_id, Handled(time.monotonic(), tally))

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
