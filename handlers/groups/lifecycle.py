"""A team group's life: one that became a supergroup keeps its subscription and waiting posts
under the new chat id (the sender does the same when a send to the old id fails first); one
where the bot may post again (Telegram's `my_chat_member`) gets what waited at once."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import (
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    ChatMemberUpdated,
    Message,
)

from bot.notifier.service import Notifier
from bot.notifier.teams import TeamGroups
from bot.store import Store
from handlers.middlewares.gate import GROUP, PUBLIC

log = logging.getLogger("bot.groups")


async def upgraded(message: Message, store: Store, teams: TeamGroups) -> None:
    old, new = message.chat.id, message.migrate_to_chat_id
    if new is None or old not in teams:
        return
    log.info("team group %s became supergroup %s; its subscription follows", old, new)
    await store.move_chat(old, new)
    teams.move(old, new)


def may_post(member: ChatMember) -> bool:
    """Whether the bot, as this member of a group, may send messages there."""
    if isinstance(member, ChatMemberRestricted):
        return member.can_send_messages
    return isinstance(member, ChatMemberMember | ChatMemberAdministrator | ChatMemberOwner)


async def rights_changed(update: ChatMemberUpdated, teams: TeamGroups, notifier: Notifier) -> None:
    if update.chat.id in teams and may_post(update.new_chat_member):
        await notifier.sender.muted.allowed(update.chat.id)


def router() -> Router:
    r = Router(name="groups.lifecycle")
    r.message.register(upgraded, F.migrate_to_chat_id, flags={**PUBLIC, **GROUP})
    r.my_chat_member.register(rights_changed)
    return r
