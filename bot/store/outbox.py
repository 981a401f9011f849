"""The notifier's cursors and its outbox of messages waiting to be sent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.store.db import Database, Params, row_model, timestamp, to_json
from bot.store.errors import OutboxItemNotPending
from bot.store.models import OutboxItem

_MAX_ERROR_CHARS = 1000


class OutboxTable(Database):
    _OUTBOX = (
        "SELECT id, chat_id, dedup_key, payload, status, attempts, next_attempt_at, message_id,"
        " last_error, created_at, sent_at FROM outbox"
    )

    # ------------------------------------------------------------------ notifier cursor

    async def get_cursor(self, name: str) -> str | None:
        rows = await self._select("SELECT value FROM notifier_cursors WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    async def set_cursor(self, name: str, value: str) -> None:
        sql = (
            "INSERT INTO notifier_cursors (name, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at"
        )
        await self._write(sql, (name, value, self._now()))

    # ------------------------------------------------------------------ outbox

    async def enqueue(self, chat_id: int, dedup_key: str, payload: Mapping[str, Any]) -> bool:
        """Queue a message, due now. False if `dedup_key` was ever queued: never posts twice."""
        now = self._now()
        sql = (
            "INSERT INTO outbox (chat_id, dedup_key, payload, next_attempt_at, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING"
        )
        params = (chat_id, dedup_key, to_json(payload, "outbox payload"), now, now)
        return await self._write(sql, params) > 0

    async def due_outbox(self, now: datetime, limit: int = 20) -> list[OutboxItem]:
        """Pending items whose time has come, oldest queued first."""
        rows = await self._select(
            f"{self._OUTBOX} WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            (timestamp(now), limit),
        )
        return [row_model(OutboxItem, row, "payload") for row in rows]

    async def outbox_item(self, item_id: int) -> OutboxItem | None:
        rows = await self._select(f"{self._OUTBOX} WHERE id = ?", (item_id,))
        return row_model(OutboxItem, rows[0], "payload") if rows else None

    async def mark_sent(self, item_id: int, message_id: int) -> None:
        await self._settle(
            item_id,
            "status = 'sent', message_id = ?, sent_at = ?",
            (message_id, self._now()),
        )

    async def mark_retry(self, item_id: int, error: str, next_attempt_at: datetime) -> None:
        """Record a failed attempt; the item stays pending until `next_attempt_at`."""
        await self._settle(
            item_id,
            "last_error = ?, next_attempt_at = ?",
            (error[:_MAX_ERROR_CHARS], timestamp(next_attempt_at)),
        )

    async def mark_failed(self, item_id: int, error: str) -> None:
        """Give up on the item: it is never due again."""
        await self._settle(
            item_id, "status = 'failed', last_error = ?", (error[:_MAX_ERROR_CHARS],)
        )

    async def _settle(self, item_id: int, assignments: str, params: Params) -> None:
        # `assignments` is one of the three literals above, never input: values are parameters.
        sql = (
            f"UPDATE outbox SET attempts = attempts + 1, {assignments}"
            " WHERE id = ? AND status = 'pending'"
        )
        if await self._write(sql, (*params, item_id)) == 0:
            raise OutboxItemNotPending(item_id)
