"""The dialogs' rules: a dialog left unanswered too long is over, and one whose write could
not be confirmed ends, so text typed later is never taken as its answer.

* Expiry: each dialog keeps, in its FSM data (`STAMP`), when it last moved on (asked its
  last question). Older than `ttl` (DIALOG_TTL_MINUTES), it is cleared when its user next
  writes or presses: a step of it is not run, and the user is told the dialog expired and
  how to start again; any other handler runs as outside a dialog. A dialog with no stamp
  (started before stamps were kept) is taken as expired.
* Ending: a step whose write the CRM did not confirm (`Unconfirmed`), that repeated a write
  already made (`Repeated`: after a stop of the bot mid-write), or that was cut off at
  shutdown, closes its dialog (and the error handler tells the user).

A step of a dialog is a handler registered with a state filter, chosen because the user is
in that state; other handlers (a command typed inside a dialog, a card's button) leave the
dialog as it is. Runs inside aiogram's one-update-at-a-time lock, after the gate; the time
comes from an injected clock (the store's).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import Translator
from bot.work.attempts import Repeated, Status, Unconfirmed
from handlers.middlewares import Next
from handlers.ui.notify import alert

STAMP = "dialog_at"  # in a dialog's FSM data: when it last moved on (ISO 8601, UTC)


def dialog_step(data: dict[str, Any]) -> bool:
    """Whether the chosen handler runs as a step of the dialog the user is in."""
    handler: HandlerObject | None = data.get("handler")
    if data.get("raw_state") is None or handler is None:
        return False
    return any(isinstance(f.callback, StateFilter) for f in handler.filters or ())


class Dialogs(BaseMiddleware):
    def __init__(self, ttl: timedelta, clock: Callable[[], datetime]) -> None:
        self._ttl = ttl
        self._clock = clock

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is None:
            return await handler(event, data)
        now = self._clock()  # when the update came: what moves the dialog on is dated so
        before: dict[str, Any] = {}
        if data.get("raw_state") is not None:
            before = await state.get_data()
            if self._expired(before, now):
                await state.clear()
                if dialog_step(data):
                    await _tell_expired(event, data["i18n"], self._ttl)
                    return None
                data["raw_state"], before = None, {}
        raw_state = data.get("raw_state")
        try:
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
        finally:
            await self._stamp(state, raw_state, before, now)

    def _expired(self, data: dict[str, Any], now: datetime) -> bool:
        stamp = data.get(STAMP)
        try:
            moved = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
        except ValueError:
            moved = None
        return moved is None or now - moved > self._ttl

    async def _stamp(
        self, state: FSMContext, raw_before: str | None, before: dict[str, Any], now: datetime
    ) -> None:
        """A dialog that moved on (its state or data changed: it asked something new) is
        stamped with the time; an answer it refused leaves its age as it was."""
        current = await state.get_state()
        if current is None:
            return
        data = await state.get_data()
        stamp = data.pop(STAMP, None)
        moved = current != raw_before or {k: v for k, v in before.items() if k != STAMP} != data
        if stamp is None or moved:
            await state.update_data({STAMP: now.isoformat()})


async def _tell_expired(event: TelegramObject, i18n: Translator, ttl: timedelta) -> None:
    text = i18n("dialog.expired", minutes=f"{ttl.total_seconds() / 60:g}")
    if isinstance(event, CallbackQuery):
        await alert(event, text)
    elif isinstance(event, Message):
        await event.answer(text)
