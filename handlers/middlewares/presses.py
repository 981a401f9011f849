"""Every button press is answered within a moment, and its outcome is never lost.

Telegram shows a spinner on a pressed button until the bot answers the callback query, and
refuses an answer that comes too late. `Presses` (an update middleware, outside the
one-update-at-a-time lock) answers a press with nothing after `EARLY` seconds if the handler
has not answered by then, and once more at the end if it never did. `PressAnswers` (a
request middleware of the bot's session) sees every answerCallbackQuery: the first answer
of a press goes to Telegram; a later one, or one Telegram refuses (too old, 429), cannot
show an alert any more, so an alert's text is sent to the chat as a message instead and a
passing notice is dropped (the handler redraws the message with the outcome).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update

from handlers.middlewares import Next

log = logging.getLogger("bot.presses")

EARLY = 0.5  # seconds a handler has to answer a press itself


@dataclass
class _Press:
    chat_id: int
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    answered: bool = False


class PressAnswers(BaseRequestMiddleware):
    """The answers of the presses being handled now; one reaches Telegram per press."""

    def __init__(self) -> None:
        self._open: dict[str, _Press] = {}

    def open(self, query_id: str, chat_id: int) -> None:
        self._open[query_id] = _Press(chat_id)

    def close(self, query_id: str) -> None:
        self._open.pop(query_id, None)

    def answered(self, query_id: str) -> bool:
        press = self._open.get(query_id)
        return press is None or press.answered

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        answer = _as_answer(method)
        press = self._open.get(answer.callback_query_id) if answer is not None else None
        if answer is None or press is None:
            return await make_request(bot, method)
        async with press.lock:
            if not press.answered:
                press.answered = True
                try:
                    return await make_request(bot, method)
                except TelegramAPIError as exc:
                    log.info("a press could not be answered: %s", type(exc).__name__)
        if answer.text and answer.show_alert:
            with suppress(TelegramAPIError):
                await bot.send_message(press.chat_id, answer.text, parse_mode=None)
        return cast(Response[TelegramType], Response[bool](ok=True, result=True))


def _as_answer(method: TelegramMethod[Any]) -> AnswerCallbackQuery | None:
    return method if isinstance(method, AnswerCallbackQuery) else None


class Presses(BaseMiddleware):
    def __init__(self, answers: PressAnswers, early: float = EARLY) -> None:
        self._answers = answers
        self._early = early

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        query = event.callback_query if isinstance(event, Update) else None
        bot: Bot | None = data.get("bot")
        if query is None or bot is None:
            return await handler(event, data)
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        self._answers.open(query.id, chat_id)
        early = asyncio.create_task(self._answer_later(bot, query.id))
        try:
            return await handler(event, data)
        finally:
            early.cancel()
            await self._answer(bot, query.id)
            self._answers.close(query.id)

    async def _answer_later(self, bot: Bot, query_id: str) -> None:
        await asyncio.sleep(self._early)
        await asyncio.shield(self._answer(bot, query_id))

    async def _answer(self, bot: Bot, query_id: str) -> None:
        if not self._answers.answered(query_id):
            with suppress(TelegramAPIError):
                await bot.answer_callback_query(query_id)
