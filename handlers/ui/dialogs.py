"""What every dialog step that asks for a text shares: the checks and their answers."""

from __future__ import annotations

from aiogram.types import Message

from bot.i18n import Translator


async def typed_text(message: Message, i18n: Translator, limit: int) -> str | None:
    """The text of a dialog answer, or None after telling what is wrong (the step stays).

    A command typed mid-dialog is not taken as the answer: the user is reminded of the
    dialog and of /cancel.
    """
    if message.text is None:
        await message.answer(i18n("dialog.not_text"))
        return None
    text = message.text.strip()
    if not text:
        await message.answer(i18n("dialog.empty"))
        return None
    if text.startswith("/"):
        await message.answer(i18n("dialog.command_inside"))
        return None
    if len(text) > limit:
        await message.answer(i18n("dialog.too_long", length=len(text), limit=limit))
        return None
    return text
