"""The gate: every handler needs a bound, active staff member unless it says otherwise.

Handlers mark themselves with the aiogram flag `access`: "public" (anyone: /start,
/help, /whoami, /cancel, the binding flow) or "admin". Without the flag a handler is for
bound staff. A handler that needs operations of the CRM says which with `needs(...)`; when
the configured CRM lacks one, the user is told so and the handler does not run (a forged or
stale button included). The gate runs as an inner middleware, after the handler was chosen
and before it runs, so an unbound user's update never reaches code that asks the CRM.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.crm.capabilities import Capability
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from handlers.ui.notify import alert

PUBLIC = {"access": "public"}
ADMIN = {"access": "admin"}


def needs(*capabilities: Capability, **flags: Any) -> dict[str, Any]:
    """Handler flags: the CRM operations the handler calls (all of them), plus `flags`."""
    return {"needs": frozenset(capabilities), **flags}


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
        allowed = (
            need == "public"
            or (need == "admin" and identity.is_admin)
            or (need == "staff" and identity.employee_key is not None)
        )
        if not allowed:
            await self._refuse(event, data["i18n"], identity, need)
            return None
        crm: CRM = data["crm"]
        if not get_flag(data, "needs", default=frozenset()) <= crm.capabilities:
            await _say(event, data["i18n"]("error.not_supported"))
            return None
        return await handler(event, data)

    @staticmethod
    async def _refuse(event: TelegramObject, i18n: Translator, who: Identity, need: str) -> None:
        if who.binding is not None and not who.binding.is_active:
            text = i18n("access.suspended")
        elif need == "admin" and who.employee_key is not None:
            text = i18n("access.admins_only")
        else:
            text = i18n("access.denied")
        await _say(event, text)


async def _say(event: TelegramObject, text: str) -> None:
    if isinstance(event, CallbackQuery):
        await alert(event, text)
    elif isinstance(event, Message):
        await event.answer(text)
