"""Group subscriptions: which chats receive which kind of notification."""

from __future__ import annotations

from bot.store.db import Database, row_model
from bot.store.models import Subscription


class SubscriptionsTable(Database):
    """The group_subscriptions table."""

    async def subscribe(self, chat_id: int, kind: str, title: str, created_by: int | None) -> bool:
        """Subscribe a chat to a kind of notification; False if it already was."""
        sql = (
            "INSERT INTO group_subscriptions (chat_id, kind, title, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, kind) DO NOTHING"
        )
        return await self._write(sql, (chat_id, kind, title, created_by, self._now())) > 0

    async def unsubscribe(self, chat_id: int, kind: str) -> bool:
        sql = "DELETE FROM group_subscriptions WHERE chat_id = ? AND kind = ?"
        return await self._write(sql, (chat_id, kind)) > 0

    async def subscriptions(self, kind: str) -> list[Subscription]:
        rows = await self._select(
            "SELECT chat_id, kind, title, created_by, created_at FROM group_subscriptions"
            " WHERE kind = ? ORDER BY created_at, chat_id",
            (kind,),
        )
        return [row_model(Subscription, row) for row in rows]
