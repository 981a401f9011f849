"""Write attempts: one row per Create or Save pressed, by the token its button carries, so
that a second press of it, after a restart too, finds the first and writes nothing.

A row is claimed before the write (result NULL), then marked 'ok' (with the record made)
or 'unknown', or dropped when the CRM surely did not do it (it may be pressed again then).
Rows older than `KEEP` are dropped as new ones are claimed.
"""

from __future__ import annotations

from datetime import timedelta

from bot.store.db import Database, execute, fetch_one, row_model, timestamp
from bot.store.models import Attempt

KEEP = timedelta(days=7)

_COLUMNS = "tg_user_id, token, action, result, record, started_at, finished_at"


class AttemptsTable(Database):
    """The write_attempts table."""

    async def claim_attempt(self, tg_user_id: int, token: str, action: str) -> Attempt | None:
        """Record the attempt as being written and return None; when the token was claimed
        before, change nothing and return that earlier attempt."""
        now = self.now()
        async with self.transaction() as db:
            await db.execute(
                "DELETE FROM write_attempts WHERE started_at < ?", (timestamp(now - KEEP),)
            )
            claimed = await execute(
                db,
                "INSERT INTO write_attempts (tg_user_id, token, action, started_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (tg_user_id, token) DO NOTHING",
                (tg_user_id, token, action, timestamp(now)),
            )
            if claimed:
                return None
            row = await fetch_one(
                db,
                f"SELECT {_COLUMNS} FROM write_attempts WHERE tg_user_id = ? AND token = ?",
                (tg_user_id, token),
            )
        assert row is not None  # inside the same transaction as the failed insert
        return row_model(Attempt, row)

    async def finish_attempt(
        self, tg_user_id: int, token: str, result: str, record: str | None = None
    ) -> None:
        """How the attempt ended: 'ok' (with the record made, if known) or 'unknown'."""
        if result not in ("ok", "unknown"):
            raise ValueError(f"an attempt ends 'ok' or 'unknown': {result!r}")
        await self._write(
            "UPDATE write_attempts SET result = ?, record = ?, finished_at = ?"
            " WHERE tg_user_id = ? AND token = ?",
            (result, record, self._now(), tg_user_id, token),
        )

    async def drop_attempt(self, tg_user_id: int, token: str) -> None:
        """Forget an attempt the CRM surely did not carry out: it may be pressed again."""
        await self._write(
            "DELETE FROM write_attempts WHERE tg_user_id = ? AND token = ?", (tg_user_id, token)
        )

    async def attempt(self, tg_user_id: int, token: str) -> Attempt | None:
        rows = await self._select(
            f"SELECT {_COLUMNS} FROM write_attempts WHERE tg_user_id = ? AND token = ?",
            (tg_user_id, token),
        )
        return row_model(Attempt, rows[0]) if rows else None
