"""Team groups: the groups an admin subscribed. There, staff may use /lead and /deal in
place, and a card's buttons act as whoever presses them. Kept in memory, so the gate asks
nothing of the store for it."""

from __future__ import annotations

from bot.store import Store

NEW_LEADS = "new_leads"  # the subscription kind of the team groups


class TeamGroups:
    def __init__(self) -> None:
        self._chats: set[int] = set()

    async def load(self, store: Store) -> None:
        self._chats = {s.chat_id for s in await store.subscriptions(NEW_LEADS)}

    def __contains__(self, chat_id: object) -> bool:
        return chat_id in self._chats

    def add(self, chat_id: int) -> None:
        self._chats.add(chat_id)

    def discard(self, chat_id: int) -> None:
        self._chats.discard(chat_id)

    def move(self, old: int, new: int) -> None:
        if old in self._chats:
            self._chats.discard(old)
            self._chats.add(new)
