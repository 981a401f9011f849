"""What every endpoint handler receives: the database, the clock, and lookups that answer 404."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox import errors
from bot.sandbox.clock import Clock
from bot.sandbox.db import Database, Row
from bot.sandbox.errors import ApiError
from bot.sandbox.model import ADMIN_NAME, user_card
from bot.sandbox.params import Params


@dataclass
class Ctx:
    db: Database
    clock: Clock
    api_key: str

    async def lead(self, lead_id: int) -> Row:
        row = await self.db.get("leads", lead_id)
        if row is None:
            raise ApiError(404, errors.LEAD_NOT_FOUND)
        return row

    async def deal(self, deal_id: int, message: str = errors.DEAL_NOT_FOUND) -> Row:
        row = await self.db.get("deals", deal_id)
        if row is None:
            raise ApiError(404, message)
        return row

    async def client(self, client_id: int) -> Row:
        row = await self.db.get("clients", client_id)
        if row is None:
            raise ApiError(404, errors.CLIENT_NOT_FOUND)
        return row

    async def stage(self, stage_id: int) -> Row:
        row = await self.db.get("stages", stage_id)
        if row is None:
            raise ApiError(400, errors.STAGE_NOT_FOUND)
        return row

    async def first_stage(self, pipeline_id: int) -> Row:
        row = await self.db.one(
            "SELECT * FROM stages WHERE pipeline_id = ? ORDER BY position LIMIT 1", (pipeline_id,)
        )
        if row is None:
            raise ApiError(400, errors.STAGE_NOT_FOUND)
        return row

    async def employee(self, employee_id: int) -> Row | None:
        """The employee, or None for 0 (the administrator); unknown → 404 «Сотрудник не найден»."""
        if employee_id == 0:
            return None
        row = await self.db.get("employees", employee_id)
        if row is None:
            raise ApiError(404, errors.EMPLOYEE_NOT_FOUND)
        return row

    async def actor(self, employee_id: int) -> dict[str, Any]:
        """``data.user`` for a log written on behalf of ``employee_id`` (0 = the administrator)."""
        row = await self.employee(employee_id)
        if row is None:
            return user_card(ADMIN_NAME, ADMIN_NAME, "")
        return user_card(f"{row['name']} {row['surname']}", row["profession"], row["photo"])

    async def deal_lead_ids(self, deal_id: int) -> list[int]:
        rows = await self.db.all("SELECT id FROM leads WHERE deal_id = ? ORDER BY id", (deal_id,))
        return [r["id"] for r in rows]


Json = dict[str, Any]
Handler = Callable[[Ctx, Params], Awaitable[Json]]
