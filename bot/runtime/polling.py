"""Watches getUpdates: a second process on the same token (409 Conflict), and liveness.

aiogram's polling loop retries every failed getUpdates forever, so two processes on one
token would fight for updates. This request middleware notices the conflict, signals
the app to stop, and parks the long poll until polling is cancelled. Every answered
long poll touches the heartbeat file that the Docker healthcheck reads.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramConflictError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.runtime.health import beat

if TYPE_CHECKING:
    from aiogram import Bot


class PollWatch(BaseRequestMiddleware):
    def __init__(self, heartbeat: Path | None = None) -> None:
        self.detected = asyncio.Event()
        self._heartbeat = heartbeat

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            response = await make_request(bot, method)
        except TelegramConflictError:
            if not isinstance(method, GetUpdates):
                raise
            self.detected.set()
            await asyncio.Future()  # parked until polling stops and cancels it
            raise
        if self._heartbeat is not None and isinstance(method, GetUpdates):
            beat(self._heartbeat)
        return response
