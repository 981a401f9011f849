"""Which personal alerts each person turned off (all are on until turned off)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.db import Database


class AlertsTable(Database):
    """The alerts_off table."""

    async def alerts_off(self, tg_user_id: int) -> set[str]:
        rows = await self._select("SELECT kind FROM alerts_off WHERE tg_user_id = ?", (tg_user_id,))
        return {str(r[0]) for r in rows}

    async def alert_off_for(self, kind: str, tg_user_ids: Iterable[int]) -> set[int]:
        """Those of `tg_user_ids` who turned `kind` off."""
        ids = list(tg_user_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        rows = await self._select(
            f"SELECT tg_user_id FROM alerts_off WHERE kind = ? AND tg_user_id IN ({marks})",
            (kind, *ids),
        )
        return {int(r[0]) for r in rows}

    async def set_alert(self, tg_user_id: int, kind: str, *, on: bool) -> None:
        if on:
            sql = "DELETE FROM alerts_off WHERE tg_user_id = ? AND kind = ?"
            await self._write(sql, (tg_user_id, kind))
        else:
            sql = (
                "INSERT INTO alerts_off (tg_user_id, kind, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (tg_user_id, kind) DO NOTHING"
            )
            await self._write(sql, (tg_user_id, kind, self._now()))
