"""What every dialog step that asks for a text shares: the checks and their answers.

A command typed in the middle of any dialog is never taken as the answer: every step that
reads a message is registered with `ANSWER`, so the command goes to its own handler, as
anywhere else, and the dialog stays where it was (/cancel leaves it).
"""

from __future__ import annotations

from aiogram import F
from aiogram.types import Message

from bot.i18n import Translator

ANSWER = ~F.text.startswith("/")  # a message that may answer a dialog's step: not a command


async def typed_text(message: Message, i18n: Translator, limit: int) -> str | None:
    """The text of a dialog answer, or None after telling what is wrong (the step stays)."""
    if message.text is None:
        await message.answer(i18n("dialog.not_text"))
        return None
    text = message.text.strip()
    if not text:
        await message.answer(i18n("dialog.empty"))
        return None
    if len(text) > limit:
        await message.answer(i18n("dialog.too_long", length=len(text), limit=limit))
        return None
    return text
