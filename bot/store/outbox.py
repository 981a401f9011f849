"""The notifier's cursors and its outbox of messages waiting to be sent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.db import Database, Params, execute, row_model, timestamp, to_json
from bot.store.errors import OutboxItemNotPending
from bot.store.models import OutboxItem

_MAX_ERROR_CHARS = 1000


class OutboxTable(Database):
    _OUTBOX = (
        "SELECT id, chat_id, dedup_key, payload, status, attempts, next_attempt_at, message_id,"
        " last_error, created_at, sent_at, lead_id FROM outbox"
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

    async def enqueue(
        self,
        chat_id: int,
        dedup_key: str,
        payload: Mapping[str, Any],
        *,
        lead_id: str | None = None,
    ) -> bool:
        """Queue a message, due now. False if `dedup_key` was ever queued: never posts twice."""
        async with self.transaction() as db:
            return await enqueue_in(db, self._now(), chat_id, dedup_key, payload, lead_id)

    async def due_outbox(self, now: datetime, limit: int = 20) -> list[OutboxItem]:
        """Pending items whose time has come, oldest queued first, and for each chat only its
        oldest pending one: a chat's messages go out in the order they were queued, a retry
        holding the ones behind it."""
        rows = await self._select(
            f"{self._OUTBOX} WHERE id IN (SELECT MIN(id) FROM outbox WHERE status = 'pending'"
            " GROUP BY chat_id) AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            (timestamp(now), limit),
        )
        return [row_model(OutboxItem, row, "payload") for row in rows]

    async def pending_in(self, chat_id: int, limit: int) -> list[OutboxItem]:
        """A chat's pending items, oldest first (a burst to fold into digests)."""
        rows = await self._select(
            f"{self._OUTBOX} WHERE chat_id = ? AND status = 'pending' ORDER BY id LIMIT ?",
            (chat_id, limit),
        )
        return [row_model(OutboxItem, row, "payload") for row in rows]

    async def mark_all_sent(self, item_ids: list[int], message_id: int) -> None:
        """Several items went out in one message (a digest): all settled at once."""
        marks = ",".join("?" * len(item_ids))
        sql = (
            "UPDATE outbox SET attempts = attempts + 1, status = 'sent', message_id = ?,"
            f" sent_at = ? WHERE status = 'pending' AND id IN ({marks})"
        )
        await self._write(sql, (message_id, self._now(), *item_ids))

    async def lead_posts(self, lead_id: str) -> list[tuple[int, int]]:
        """(chat, message) of every group message that showed the lead."""
        rows = await self._select(
            "SELECT chat_id, message_id FROM outbox WHERE lead_id = ? AND status = 'sent'"
            " AND message_id IS NOT NULL ORDER BY id",
            (lead_id,),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def message_items(self, chat_id: int, message_id: int) -> list[OutboxItem]:
        """The items one sent message carries (several for a digest), oldest first."""
        rows = await self._select(
            f"{self._OUTBOX} WHERE chat_id = ? AND message_id = ? AND status = 'sent' ORDER BY id",
            (chat_id, message_id),
        )
        return [row_model(OutboxItem, row, "payload") for row in rows]

    async def outbox_counts(self) -> dict[str, int]:
        rows = await self._select("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}

    async def scrub_delivered(self, older_than: datetime) -> int:
        """Forget the client data of messages delivered before `older_than` (RETENTION_DAYS):
        only what keeps a lead from being posted twice stays."""
        sql = (
            "UPDATE outbox SET payload = json_object('kind', json_extract(payload, '$.kind'),"
            " 'scrubbed', 1) WHERE status != 'pending' AND created_at < ?"
            " AND json_extract(payload, '$.scrubbed') IS NULL"
        )
        return await self._write(sql, (timestamp(older_than),))

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


async def enqueue_in(
    db: aiosqlite.Connection,
    now: str,
    chat_id: int,
    dedup_key: str,
    payload: Mapping[str, Any],
    lead_id: str | None,
) -> bool:
    """`enqueue` inside a transaction the caller holds."""
    sql = (
        "INSERT INTO outbox (chat_id, dedup_key, payload, next_attempt_at, created_at, lead_id)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING"
    )
    params = (chat_id, dedup_key, to_json(payload, "outbox payload"), now, now, lead_id)
    return await execute(db, sql, params) > 0
