"""One update at a time per user and chat, as aiogram's FSM middleware asks of it.

aiogram's own `SimpleEventIsolation` keeps a lock for every key it ever saw; this one drops
a key's lock as soon as nobody holds it or waits for it, so memory does not grow with every
stranger who writes to the bot.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class _Slot:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class OneAtATime(BaseEventIsolation):
    def __init__(self) -> None:
        self._slots: dict[StorageKey, _Slot] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot()
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0 and self._slots.get(key) is slot:
                del self._slots[key]

    @property
    def keys(self) -> int:
        """How many users or chats are being handled or waiting now."""
        return len(self._slots)

    async def close(self) -> None:
        self._slots.clear()
