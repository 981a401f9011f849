"""Every update's CRM calls share one deadline (CRM_DEADLINE), retries included, so a slow
or dead CRM gets the user an answer in time; a little of it is kept for that answer."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.crm.deadline import within
from handlers.middlewares import Next

REPLY_MARGIN = 0.5  # seconds of the deadline kept for telling the user


class Deadline(BaseMiddleware):
    def __init__(self, seconds: float) -> None:
        self.seconds = max(seconds - REPLY_MARGIN, REPLY_MARGIN)

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        with within(self.seconds):
            return await handler(event, data)
