"""Shows "typing…" while a handler waits on the CRM for longer than a moment."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject

from handlers.middlewares import Next

log = logging.getLogger("bot.typing")

DELAY = 0.4  # a quick answer needs no "typing"
REPEAT = 4.5  # Telegram shows an action for about 5 seconds


class Typing(BaseMiddleware):
    def __init__(self, delay: float = DELAY) -> None:
        self.delay = delay

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat_id = _chat_of(event)
        bot: Bot | None = data.get("bot")
        if chat_id is None or bot is None:
            return await handler(event, data)
        pulse = asyncio.create_task(self._pulse(bot, chat_id))
        try:
            return await handler(event, data)
        finally:
            pulse.cancel()
            with suppress(asyncio.CancelledError):
                await pulse

    async def _pulse(self, bot: Bot, chat_id: int) -> None:
        await asyncio.sleep(self.delay)
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramAPIError as exc:
                log.info("no typing action in chat %s: %s", chat_id, type(exc).__name__)
                return
            await asyncio.sleep(REPEAT)


def _chat_of(event: TelegramObject) -> int | None:
    if isinstance(event, Message):
        return event.chat.id
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.chat.id
    return None
