"""Each user is answered in their own language: their Telegram language when the bot has it
(ru, en), else the bot's LANGUAGE. `i18n` is the user's; `team_i18n`, the bot's LANGUAGE, is
for messages to other people (admins, someone who lost their employee)."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.i18n import LANGUAGES, Translator
from handlers.middlewares import Next


class Language(BaseMiddleware):
    def __init__(self, default: str) -> None:
        self._translators = {code: Translator(code) for code in LANGUAGES}
        self._default = self._translators[default]

    def of(self, user: User | None) -> Translator:
        code = (user.language_code or "").split("-")[0].lower() if user is not None else ""
        return self._translators.get(code, self._default)

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["i18n"] = self.of(data.get("event_from_user"))
        data["team_i18n"] = self._default
        return await handler(event, data)
