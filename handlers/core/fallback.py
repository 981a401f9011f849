"""Last in line: what no other handler took. Staff get a hint; others meet the gate."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from handlers.core import start
from handlers.middlewares.gate import PUBLIC
from handlers.ui.callbacks import DIALOG_BUTTONS
from handlers.ui.notify import alert


async def unknown_message(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("fallback.unknown"))


async def unknown_button(query: CallbackQuery, i18n: Translator) -> None:
    await alert(query, i18n("button.stale"))


async def dialog_over(query: CallbackQuery, i18n: Translator) -> None:
    """A button of a dialog that was finished or left (its state is gone)."""
    await alert(query, i18n("dialog.over"))


def _of_a_dialog(data: str) -> bool:
    prefix = data.split(":", 1)[0]
    return any(kind.__prefix__ == prefix for kind in DIALOG_BUTTONS)


def router() -> Router:
    r = Router(name="fallback")
    r.message.register(start.start, CommandStart(), flags=PUBLIC)  # a payload nobody knows
    # Only private chats: in a team group the bot stays quiet about other people's talk.
    r.message.register(unknown_message, F.chat.type == "private")
    r.callback_query.register(dialog_over, F.data.func(_of_a_dialog))
    r.callback_query.register(unknown_button)
    return r
