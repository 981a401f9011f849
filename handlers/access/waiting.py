"""Access requests waiting for an admin: shown to each admin (the message is kept, so every
copy shows the outcome), `/requests` for the ones still pending, re-sent to the first admin
who writes when none could be reached, and expired after REQUEST_TTL_HOURS with a note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.filters import Command
from aiogram.types import Message, TelegramObject

from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from bot.store import AccessRequest
from handlers.access import views
from handlers.middlewares import Next
from handlers.middlewares.gate import ADMIN
from handlers.ui.keyboards import request_actions
from handlers.ui.links import command_link
from handlers.ui.notify import edit, send

SHOWN = 20  # requests /requests shows at once


async def show_request(
    bot: Bot | None, team_i18n: Translator, access: Access, request: AccessRequest, admin: int
) -> bool:
    """Send the request to one admin, with Approve / Reject; False if Telegram refused."""
    card = views.request_card(team_i18n, request, None)
    sent = await send(bot, admin, card, request_actions(team_i18n, request.id))
    if sent is not None:
        await access.remember_request_message(request.id, admin, sent.message_id)
    return sent is not None


async def show_to_admins(
    bot: Bot | None, team_i18n: Translator, access: Access, request: AccessRequest
) -> int:
    """Send the request to every admin still told things (the bindings checked against the
    CRM's list first: an admin it no longer lists gets nothing); how many it reached."""
    admins = sorted(await access.admins_to_notify())
    return sum([await show_request(bot, team_i18n, access, request, a) for a in admins])


async def requests(
    message: Message, i18n: Translator, team_i18n: Translator, access: Access
) -> None:
    """`/requests`: every pending request, each with its buttons."""
    pending = await access.pending_requests()
    if not pending:
        await message.answer(i18n("requests.none"))
        return
    await message.answer(i18n("requests.title", count=len(pending)))
    for request in pending[:SHOWN]:
        await show_request(message.bot, team_i18n, access, request, message.chat.id)


async def announce_expired(
    bot: Bot | None, team_i18n: Translator, access: Access, expired: Sequence[AccessRequest]
) -> None:
    """Tell each requester their request expired, and show it on every admin's copy."""
    for request in expired:
        await send(bot, request.tg_user_id, team_i18n("access.request_expired"))
        card = views.request_card(team_i18n, request, None)
        for chat_id, message_id in await access.request_messages(request.id):
            await edit(bot, chat_id, message_id, card)


class Arrivals(BaseMiddleware):
    """The first admin to write after a request reached no admin gets it then."""

    def __init__(self, waiting: bool) -> None:
        self.waiting = waiting  # some request may be unshown; checked in the store when set

    async def __call__(self, handler: Next, event: TelegramObject, data: dict[str, Any]) -> Any:
        result = await handler(event, data)
        identity: Identity | None = data.get("identity")
        admin = identity is not None and identity.is_admin
        if self.waiting and admin and isinstance(event, Message) and event.chat.type == "private":
            await self._deliver(event, data)
        return result

    async def _deliver(self, message: Message, data: dict[str, Any]) -> None:
        access: Access = data["access"]
        team_i18n: Translator = data["team_i18n"]
        self.waiting = False
        for request in await access.unreached_requests():
            if not await show_request(message.bot, team_i18n, access, request, message.chat.id):
                self.waiting = True


def router() -> Router:
    r = Router(name="waiting")
    for typed in (Command("requests"), command_link("requests")):
        r.message.register(requests, typed, flags=ADMIN)
    return r
