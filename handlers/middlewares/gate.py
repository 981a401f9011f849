"""The gate: who may run a handler, where, and whether the CRM can do what it needs.

Handlers mark themselves with the aiogram flag `access`: "public" (anyone: /start,
/help, /whoami, /cancel, the binding flow) or "admin"; without the flag a handler is for
bound staff. A handler that needs operations of the CRM says which with `needs(...)`; when
the configured CRM lacks one, the user is told so and the handler does not run (a forged or
stale button included).

CRM data goes only to private chats and to team groups (the groups an admin subscribed,
`teams`). In a team group, handlers flagged `TEAM` (/lead, /deal and their cards' buttons)
run as whoever sent or pressed them; handlers flagged `GROUP` (/subscribe, a post's Take
button) run in any group. Elsewhere in a group, a handler for staff (or one flagged
`PRIVATE`) answers with a link that opens the same command in the private chat, and asks
nothing of the CRM. A button in a private chat can be pressed only by that chat's user.

The gate runs as an inner middleware, after the handler was chosen and before it runs, so
an unbound user's update never reaches code that asks the CRM.
"""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, User

from bot.crm.acting import act_as
from bot.crm.capabilities import Capability
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from handlers.core.menu import available
from handlers.middlewares import Next
from handlers.ui.keyboards import link_button
from handlers.ui.links import link_for
from handlers.ui.notify import alert

PUBLIC = {"access": "public"}
ADMIN = {"access": "admin"}
PRIVATE = {"private": True}  # open to everyone, but what it shows is for a private chat
TEAM = {"team": True}  # also runs in a team group, as the sender or presser
GROUP = {"group": True}  # made for groups: runs in any group


def needs(*capabilities: Capability, **flags: Any) -> dict[str, Any]:
    """Handler flags: the CRM operations the handler calls (all of them), plus `flags`
    (`needs_any`: at least one of these; `refusal`: the catalog key that says what the
    CRM's API cannot do when the command is not there)."""
    return {"needs": frozenset(capabilities), **flags}


class Gate(BaseMiddleware):
    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return None
        i18n: Translator = data["i18n"]
        need = get_flag(data, "access", default="staff")
        chat = _chat_of(event)
        if chat is not None and chat.type != "private":
            if not _in_place(chat, data) and (
                need != "public" or get_flag(data, "private", default=False)
            ):
                await _to_private_chat(event, i18n, data["bot_username"])
                return None
        elif chat is not None and isinstance(event, CallbackQuery) and chat.id != user.id:
            await alert(event, i18n("button.not_yours"))
            return None
        access: Access = data["access"]
        identity = await access.identity(user.id)
        if identity.binding is not None:  # suspended or resumed as the CRM says, right now
            binding = await access.confirm_employee(identity.binding)
            identity = access.identity_with(user.id, binding)
        data["identity"] = identity
        allowed = (
            need == "public"
            or (need == "admin" and identity.is_admin)
            or (need == "staff" and identity.employee_key is not None)
        )
        if not allowed:
            await _say(event, _refusal(i18n, identity, need))
            return None
        crm: CRM = data["crm"]
        have = crm.capabilities
        any_of: frozenset[Capability] = get_flag(data, "needs_any", default=frozenset())
        if not get_flag(data, "needs", default=frozenset()) <= have or (
            any_of and not any_of & have
        ):
            await _say(event, _not_here(i18n, get_flag(data, "refusal"), have, identity))
            return None
        act_as(identity.employee_key)  # this update's CRM calls are made for them
        return await handler(event, data)


BASICS = frozenset({"start", "help", "whoami", "cancel"})


def _not_here(
    i18n: Translator, refusal: str | None, have: frozenset[Capability], identity: Identity
) -> str:
    """What the CRM's API cannot do; for a whole command, also what the bot can do here."""
    if refusal is None:
        return i18n("error.not_supported")
    offered = [c.name for c in available(have, admin=identity.is_admin) if c.name not in BASICS]
    if not offered:
        return i18n(refusal)
    commands = ", ".join(f"/{name}" for name in offered)
    return i18n(refusal) + " " + i18n("error.can_do", commands=commands)


def _in_place(chat: Chat, data: dict[str, Any]) -> bool:
    """Whether the handler runs in this group rather than pointing to the private chat."""
    if get_flag(data, "group", default=False):
        return True
    return chat.id in data["teams"] and bool(get_flag(data, "team", default=False))


def _refusal(i18n: Translator, who: Identity, need: str) -> str:
    if who.binding is not None and not who.binding.is_active:
        return i18n("access.suspended")
    if need == "admin" and who.employee_key is not None:
        return i18n("access.admins_only")
    return i18n("access.denied")


def _chat_of(event: TelegramObject) -> Chat | None:
    if isinstance(event, Message):
        return event.chat
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.chat
    return None


async def _to_private_chat(event: TelegramObject, i18n: Translator, bot_username: str) -> None:
    """One short answer in the group, and a button to the same command in private."""
    if isinstance(event, CallbackQuery):
        await alert(event, i18n("group.buttons_private"))
        return
    if isinstance(event, Message):
        link = link_for(bot_username, event.text or "")
        markup = link_button(i18n("group.open_private"), link)
        await event.reply(i18n("group.private_only"), reply_markup=markup)


async def _say(event: TelegramObject, text: str) -> None:
    if isinstance(event, CallbackQuery):
        await alert(event, text)
    elif isinstance(event, Message):
        await event.answer(text)
