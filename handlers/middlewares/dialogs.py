"""Dialogs end where going on could write twice: a step whose write the CRM did not
confirm (`Unconfirmed`), that repeated a write already made (`Repeated`: after a stop of
the bot mid-write), or that was cut off at shutdown, closes its dialog, so text typed later
is never taken as its answer again.

A step of a dialog is a handler registered with a state filter, chosen because the user is
in that state; other handlers (a command typed inside a dialog, a card's button) leave the
dialog as it is. Runs inside aiogram's one-update-at-a-time lock, after the gate.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

from bot.work.attempts import Repeated, Status, Unconfirmed
from handlers.middlewares import Next


def dialog_step(data: dict[str, Any]) -> bool:
    """Whether the chosen handler runs as a step of the dialog the user is in."""
    handler: HandlerObject | None = data.get("handler")
    if data.get("raw_state") is None or handler is None:
        return False
    return any(isinstance(f.callback, StateFilter) for f in handler.filters or ())


class Dialogs(BaseMiddleware):
    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is None or not dialog_step(data):
            return await handler(event, data)
        try:
            return await handler(event, data)
        except (Unconfirmed, Repeated) as exc:
            if not isinstance(exc, Repeated) or exc.earlier.status is not Status.WRITING:
                await state.clear()
                exc.dialog_ended = True
            raise
        except asyncio.CancelledError:  # shutdown: a write may be under way
            await state.clear()
            raise
