"""The audit log: every CRM write and access decision made from chat, with who and how it ended."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.store.db import Database, row_model, to_json
from bot.store.models import AuditEntry

_RESULT = re.compile(r"ok|unknown|error:\S+")


class AuditTable(Database):
    """The audit log table."""

    async def audit(
        self,
        action: str,
        *,
        actor_tg_id: int | None,
        actor_employee_key: str | None,
        target: str | None = None,
        detail: Mapping[str, Any] | None = None,
        result: str = "ok",
    ) -> int:
        """Append an entry; `result` is 'ok', 'error:<kind>', or 'unknown' (a write whose
        outcome nobody knows: cut off at shutdown, or failed unexpectedly). Returns its id."""
        if not _RESULT.fullmatch(result):
            raise ValueError(f"audit result must be 'ok', 'unknown' or 'error:<kind>': {result!r}")
        sql = (
            "INSERT INTO audit_log (at, actor_tg_id, actor_employee_key, action, target, detail,"
            " result) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        detail_json = to_json(detail or {}, "audit detail")
        params = (self._now(), actor_tg_id, actor_employee_key, action, target, detail_json, result)
        async with self.transaction() as db, db.execute(sql, params) as cursor:
            entry_id = cursor.lastrowid
        assert entry_id is not None
        return entry_id

    async def audit_entries(self, limit: int = 50, action: str | None = None) -> list[AuditEntry]:
        """The latest entries (of one action, if given), newest first."""
        rows = await self._select(
            "SELECT id, at, actor_tg_id, actor_employee_key, action, target, detail, result"
            " FROM audit_log WHERE ? IS NULL OR action = ? ORDER BY id DESC LIMIT ?",
            (action, action, limit),
        )
        return [row_model(AuditEntry, row, "detail") for row in rows]
