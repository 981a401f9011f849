"""The dialogs' rules: a dialog left unanswered too long is over, and one whose write could
not be confirmed ends, so text typed later is never taken as its answer.

* Expiry: a dialog whose state and data have not changed (it asked nothing new) for longer
  than `ttl` (DIALOG_TTL_MINUTES) is cleared when its user next writes or presses: a step
  of it is not run, and the user is told the dialog expired and how to start again; any
  other handler runs as outside a dialog. The FSM storage says when a dialog last changed
  (`Ages`: `bot.store.fsm.SQLiteStorage.changed_at`, by the store's clock).
* Ending: a step whose write the CRM did not confirm (`Unconfirmed`), that repeated a write
  already made (`Repeated`: after a stop of the bot mid-write), or that was cut off at
  shutdown, closes its dialog (and the error handler tells the user).

A step of a dialog is a handler registered with a state filter, chosen because the user is
in that state; other handlers (a command typed inside a dialog, a card's button) leave the
dialog as it is. Runs inside aiogram's one-update-at-a-time lock, after the gate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import Translator
from bot.work.attempts import Repeated, Status, Unconfirmed
from handlers.middlewares import Next
from handlers.ui.notify import alert


class Ages(Protocol):
    """What the FSM storage tells of a dialog's age."""

    async def changed_at(self, key: StorageKey) -> datetime | None: ...


def dialog_step(data: dict[str, Any]) -> bool:
    """Whether the chosen handler runs as a step of the dialog the user is in."""
    handler: HandlerObject | None = data.get("handler")
    if data.get("raw_state") is None or handler is None:
        return False
    return any(isinstance(f.callback, StateFilter) for f in handler.filters or ())


class Dialogs(BaseMiddleware):
    def __init__(self, ttl: timedelta, clock: Callable[[], datetime], ages: Ages) -> None:
        self._ttl = ttl
        self._clock = clock
        self._ages = ages

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is None or data.get("raw_state") is None:
            return await handler(event, data)
        changed = await self._ages.changed_at(state.key)
        if changed is None or self._clock() - changed > self._ttl:
            await state.clear()
            if dialog_step(data):
                await _tell_expired(event, data["i18n"], self._ttl)
                return None
            data["raw_state"] = None
        if not dialog_step(data):
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


async def _tell_expired(event: TelegramObject, i18n: Translator, ttl: timedelta) -> None:
    text = i18n("dialog.expired", minutes=f"{ttl.total_seconds() / 60:g}")
    if isinstance(event, CallbackQuery):
        await alert(event, text)
    elif isinstance(event, Message):
        await event.answer(text)
