"""What every dialog step that asks for a text shares: the checks and their answers.

A command typed in the middle of any dialog is never taken as the answer: every step that
reads a message is registered with `ANSWER`, so the command goes to its own handler, as
anywhere else, and the dialog stays where it was (/cancel leaves it).
"""

from __future__ import annotations

from aiogram import F
from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message

from bot.i18n import Translator
from handlers.ui.links import typed_args

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


async def typed_or_ask(
    message: Message, command: CommandObject, state: FSMContext, waiting: State, question: str
) -> str | None:
    """A command's arguments; with none (tapped in the menu), ask `question` and wait in
    `waiting` for the answer (None). Typed in full while waiting, it ends the wait."""
    typed = typed_args(command).strip()
    if not typed:
        await state.set_state(waiting)
        await message.answer(question)
        return None
    if await state.get_state() == waiting.state:
        await state.clear()
    return typed
