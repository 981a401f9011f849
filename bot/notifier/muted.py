"""Team groups where Telegram refuses the bot's posts for want of rights (the bot restricted
by a group admin, a closed forum topic): `400 Bad Request: not enough rights…`.

Such a refusal does not end the subscription, nor drop a post: the post waits and is tried
again with backoff (up to an hour apart), the admins are told once (the group's title and
Telegram's reason), `/status` lists the group, and once a post goes through the group is
unmuted and the admins are told. When Telegram says the bot may post there again (a
`my_chat_member` update), what waited is tried at once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.store import OutboxItem, Store

log = logging.getLogger("bot.notifier")

FIRST_RETRY = 10.0  # seconds before the first retry, doubled up to MAX_RETRY
MAX_RETRY = 3600.0
_NO_RIGHTS = (
    "not enough rights",
    "have no rights",
    "need administrator rights",
    "chat_write_forbidden",
    "topic_closed",
    "topic closed",
)

Changed = Callable[[int, str | None], Awaitable[None]]  # (chat, Telegram's reason; None: back)


def refuses_posts(description: str) -> bool:
    """Whether a 400's description says the bot may not post there (yet), not that the
    message itself was wrong."""
    lowered = description.lower()
    return any(words in lowered for words in _NO_RIGHTS)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(FIRST_RETRY * 2.0 ** min(attempts, 16), MAX_RETRY))


class Muted:
    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        on_change: Changed,
        wake: Callable[[], None],
    ) -> None:
        self._store = store
        self._clock = clock
        self._on_change = on_change
        self._wake = wake
        self._chats: set[int] | None = None  # read from the store on first use

    async def refused(self, chat_id: int, item: OutboxItem, reason: str) -> None:
        """Telegram refused `item` for want of rights: it waits, the group is muted."""
        later = self._clock() + retry_delay(item.attempts)
        await self._store.mark_retry(item.id, reason, later)
        chats = await self._known()
        if await self._store.mute_group(chat_id, reason):
            log.warning(
                "Telegram refuses the bot's posts in chat %s (%s): they wait, tried again"
                " with backoff",
                chat_id,
                reason,
            )
            await self._on_change(chat_id, reason)
        chats.add(chat_id)

    async def posted(self, chat_id: int) -> None:
        """A message went through: a muted group is muted no more."""
        chats = await self._known()
        if chat_id not in chats:
            return
        chats.discard(chat_id)
        if await self._store.unmute_group(chat_id):
            log.info("the bot posts in chat %s again", chat_id)
            await self._on_change(chat_id, None)

    async def allowed(self, chat_id: int) -> None:
        """Telegram says the bot may post there again: what waited is tried now."""
        if chat_id in await self._known() and await self._store.post_waiting_now(chat_id):
            self._wake()

    async def _known(self) -> set[int]:
        if self._chats is None:
            self._chats = {m.chat_id for m in await self._store.muted_groups()}
        return self._chats
