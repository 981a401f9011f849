"""Group subscriptions: which chats receive which kind of notification, with which filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.store.db import Database, execute, row_model, to_json
from bot.store.models import Subscription

_SELECT = "SELECT chat_id, kind, title, created_by, created_at, filters FROM group_subscriptions"


class SubscriptionsTable(Database):
    """The group_subscriptions table."""

    async def subscribe(
        self,
        chat_id: int,
        kind: str,
        title: str,
        created_by: int | None,
        filters: Mapping[str, Any] | None = None,
    ) -> bool:
        """Subscribe a chat to a kind of notification; False if it already was."""
        sql = (
            "INSERT INTO group_subscriptions (chat_id, kind, title, created_by, created_at,"
            " filters) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, kind) DO NOTHING"
        )
        params = (chat_id, kind, title, created_by, self._now(), to_json(filters or {}, "filters"))
        return await self._write(sql, params) > 0

    async def set_filters(self, chat_id: int, kind: str, filters: Mapping[str, Any]) -> bool:
        sql = "UPDATE group_subscriptions SET filters = ? WHERE chat_id = ? AND kind = ?"
        return await self._write(sql, (to_json(filters, "filters"), chat_id, kind)) > 0

    async def unsubscribe(self, chat_id: int, kind: str) -> bool:
        async with self.transaction() as db:
            sql = "DELETE FROM group_subscriptions WHERE chat_id = ? AND kind = ?"
            ended = await execute(db, sql, (chat_id, kind)) > 0
            await execute(  # a group no longer subscribed is no longer waited on
                db,
                "DELETE FROM muted_groups WHERE chat_id = ? AND NOT EXISTS"
                " (SELECT 1 FROM group_subscriptions WHERE chat_id = ?)",
                (chat_id, chat_id),
            )
        return ended

    async def subscriptions(self, kind: str) -> list[Subscription]:
        rows = await self._select(f"{_SELECT} WHERE kind = ? ORDER BY created_at, chat_id", (kind,))
        return [row_model(Subscription, row, "filters") for row in rows]

    async def subscription(self, chat_id: int, kind: str) -> Subscription | None:
        rows = await self._select(f"{_SELECT} WHERE chat_id = ? AND kind = ?", (chat_id, kind))
        return row_model(Subscription, rows[0], "filters") if rows else None

    async def drop_chat(self, chat_id: int, reason: str) -> str | None:
        """The bot can no longer write to the chat: its subscriptions end and its waiting
        messages are dropped. The chat's title, if it was subscribed."""
        async with self.transaction() as db:
            rows = list(
                await db.execute_fetchall(
                    "SELECT title FROM group_subscriptions WHERE chat_id = ?", (chat_id,)
                )
            )
            await db.execute("DELETE FROM group_subscriptions WHERE chat_id = ?", (chat_id,))
            await db.execute("DELETE FROM muted_groups WHERE chat_id = ?", (chat_id,))
            await db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?"
                " WHERE chat_id = ? AND status = 'pending'",
                (reason[:1000], chat_id),
            )
        return str(rows[0][0] or "") if rows else None

    async def move_chat(self, old: int, new: int) -> None:
        """A group became a supergroup: its subscriptions and waiting messages follow."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE OR REPLACE group_subscriptions SET chat_id = ? WHERE chat_id = ?",
                (new, old),
            )
            await db.execute(
                "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'",
                (new, old),
            )
            await db.execute("DELETE FROM muted_groups WHERE chat_id = ?", (old,))
