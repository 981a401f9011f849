"""A team group that became a supergroup: its subscription and waiting posts follow it to
the new chat id (the sender does the same when a send to the old id fails first)."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import Message

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


def router() -> Router:
    r = Router(name="groups.lifecycle")
    r.message.register(upgraded, F.migrate_to_chat_id, flags={**PUBLIC, **GROUP})
    return r
