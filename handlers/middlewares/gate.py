"""The gate: every handler needs a bound, active staff member unless it says otherwise.

Handlers mark themselves with the aiogram flag `access`: "public" (anyone: /start,
/help, /whoami, /cancel, the binding flow) or "admin". Without the flag a handler is for
bound staff. The gate runs as an inner middleware, after the handler was chosen and
before it runs, so an unbound user's update never reaches code that asks the CRM.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from handlers.ui.notify import alert

PUBLIC = {"access": "public"}
ADMIN = {"access": "admin"}


class Gate(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return None
        access: Access = data["access"]
        identity = await access.identity(user.id)
        if identity.binding is not None:  # suspended or resumed as the CRM says, right now
            binding = await access.confirm_employee(identity.binding)
            identity = access.identity_with(user.id, binding)
        data["identity"] = identity
        need = get_flag(data, "access", default="staff")
        if need == "public":
            return await handler(event, data)
        if need == "admin" and identity.is_admin:
            return await handler(event, data)
        if need == "staff" and identity.employee_key is not None:
            return await handler(event, data)
        await self._refuse(event, data["i18n"], identity, need)
        return None

    @staticmethod
    async def _refuse(event: TelegramObject, i18n: Translator, who: Identity, need: str) -> None:
        if who.binding is not None and not who.binding.is_active:
            text = i18n("access.suspended")
        elif need == "admin" and who.employee_key is not None:
            text = i18n("access.admins_only")
        else:
            text = i18n("access.denied")
        if isinstance(event, CallbackQuery):
            await alert(event, text)
        elif isinstance(event, Message):
            await event.answer(text)
