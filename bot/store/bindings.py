"""Staff bindings: which Telegram user acts as which CRM employee, with which role; and the
users an admin unbound, who may not bind themselves again by their own contact.

Every update reads its sender's binding, so bindings are kept in memory too: each write
here updates that copy in the same step, and nothing else writes the table (one process
per database: a second bot on the same token stops at start).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import aiosqlite

from bot.store.db import Database, execute, fetch_one, row_model, timestamp
from bot.store.errors import EmployeeAlreadyBound, NotBound, WouldLeaveNoAdmin
from bot.store.models import Binding, BindingStatus, Role

CACHED_USERS = 10_000  # bindings (or their absence) kept in memory, most recent first

_SELECT = (
    "SELECT tg_user_id, employee_key, display_name, role, status, created_at, updated_at,"
    " last_active_at FROM staff_bindings"
)
_UPSERT = (
    "INSERT INTO staff_bindings (tg_user_id, employee_key, display_name, role, status,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)"
    " ON CONFLICT (tg_user_id) DO UPDATE SET employee_key = excluded.employee_key,"
    " display_name = excluded.display_name, role = excluded.role,"
    " status = 'active', updated_at = excluded.updated_at"
)
_HOLDER = "SELECT tg_user_id, role, status FROM staff_bindings WHERE employee_key = ?"
_OTHER_ADMINS = (
    "SELECT COUNT(*) FROM staff_bindings WHERE role = 'admin' AND status = 'active'"
    " AND tg_user_id NOT IN (?, ?)"
)


class BindingsTable(Database):
    """Bindings, their copy in memory, and revocations."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cached: OrderedDict[int, Binding | None] = OrderedDict()

    def _remember(self, tg_user_id: int, binding: Binding | None) -> None:
        self._cached[tg_user_id] = binding
        self._cached.move_to_end(tg_user_id)
        while len(self._cached) > CACHED_USERS:
            self._cached.popitem(last=False)

    async def close(self) -> None:
        await super().close()
        self._cached.clear()

    async def bind(
        self, tg_user_id: int, employee_key: str, display_name: str, role: Role = Role.STAFF
    ) -> Binding:
        """Bind a Telegram user to a CRM employee (one to one).

        Re-binding a bound user replaces its employee, name and role and makes it active.
        Raises EmployeeAlreadyBound if the employee belongs to another user.
        """
        async with self.transaction() as db:
            holder = await fetch_one(db, _HOLDER, (employee_key,))
            if holder is not None and holder[0] != tg_user_id:
                raise EmployeeAlreadyBound(employee_key, holder[0])
            binding = await self._bind_in(db, tg_user_id, employee_key, display_name, role)
        self._remember(tg_user_id, binding)
        return binding

    async def take_over(
        self,
        tg_user_id: int,
        employee_key: str,
        display_name: str,
        role: Role = Role.STAFF,
        *,
        config_admins: frozenset[int] = frozenset(),
    ) -> tuple[Binding, int | None]:
        """Bind like `bind`, unbinding whoever held the employee, in one transaction (an
        admin's decision). Returns the binding and the Telegram id of the user who lost the
        employee. WouldLeaveNoAdmin, and nothing changes, if that user is the last admin
        (besides `config_admins`, the admins by setting).
        """
        async with self.transaction() as db:
            previous = await self._holder_in(db, employee_key, tg_user_id, role, config_admins)
            if previous is not None:
                await execute(db, "DELETE FROM staff_bindings WHERE tg_user_id = ?", (previous,))
            binding = await self._bind_in(db, tg_user_id, employee_key, display_name, role)
        if previous is not None:
            self._remember(previous, None)
        self._remember(tg_user_id, binding)
        return binding, previous

    async def check_take_over(
        self, tg_user_id: int, employee_key: str, role: Role, config_admins: frozenset[int]
    ) -> None:
        """WouldLeaveNoAdmin if `take_over` would unbind the last admin; changes nothing."""
        async with self._read() as db:
            await self._holder_in(db, employee_key, tg_user_id, role, config_admins)

    async def _holder_in(
        self,
        db: aiosqlite.Connection,
        employee_key: str,
        tg_user_id: int,
        role: Role,
        config_admins: frozenset[int],
    ) -> int | None:
        """Who else holds the employee (None: nobody); WouldLeaveNoAdmin if that is the last
        admin and `tg_user_id` taking it as `role` would leave none."""
        holder = await fetch_one(db, _HOLDER, (employee_key,))
        if holder is None or holder[0] == tg_user_id:
            return None
        previous = int(holder[0])
        if holder[1] == Role.ADMIN.value and holder[2] == BindingStatus.ACTIVE.value:
            row = await fetch_one(db, _OTHER_ADMINS, (previous, tg_user_id))
            others = int(row[0]) if row is not None else 0
            others += len(config_admins - {previous}) + (role is Role.ADMIN)
            if previous not in config_admins and others == 0:
                raise WouldLeaveNoAdmin(previous)
        return previous

    async def _bind_in(
        self,
        db: aiosqlite.Connection,
        tg_user_id: int,
        employee_key: str,
        display_name: str,
        role: Role,
    ) -> Binding:
        if not employee_key:
            raise ValueError("employee_key must not be empty")
        now = self._now()
        params = (tg_user_id, employee_key, display_name, Role(role).value, now, now)
        await execute(db, _UPSERT, params)
        await execute(db, "DELETE FROM revoked_users WHERE tg_user_id = ?", (tg_user_id,))
        row = await fetch_one(db, f"{_SELECT} WHERE tg_user_id = ?", (tg_user_id,))
        assert row is not None
        return row_model(Binding, row)

    async def get_binding(self, tg_user_id: int) -> Binding | None:
        if tg_user_id in self._cached:
            return self._cached[tg_user_id]
        rows = await self._select(f"{_SELECT} WHERE tg_user_id = ?", (tg_user_id,))
        binding = row_model(Binding, rows[0]) if rows else None
        self._remember(tg_user_id, binding)
        return binding

    async def binding_for_employee(self, employee_key: str) -> Binding | None:
        rows = await self._select(f"{_SELECT} WHERE employee_key = ?", (employee_key,))
        return row_model(Binding, rows[0]) if rows else None

    async def list_bindings(self) -> list[Binding]:
        rows = await self._select(f"{_SELECT} ORDER BY created_at, tg_user_id")
        return [row_model(Binding, row) for row in rows]

    async def unbind(self, tg_user_id: int, *, revoked_by: int | None = None) -> bool:
        """Remove the user's binding; False if there was none. With `revoked_by` (an admin
        unbinding them), the user cannot bind again by their own contact: only an approved
        request or an invite binds them (which lifts the revocation)."""
        async with self.transaction() as db:
            row = await fetch_one(db, f"{_SELECT} WHERE tg_user_id = ?", (tg_user_id,))
            if row is None:
                return False
            await execute(db, "DELETE FROM staff_bindings WHERE tg_user_id = ?", (tg_user_id,))
            if revoked_by is not None:
                await execute(
                    db,
                    "INSERT OR REPLACE INTO revoked_users (tg_user_id, employee_key, revoked_by,"
                    " revoked_at) VALUES (?, ?, ?, ?)",
                    (tg_user_id, row["employee_key"], revoked_by, self._now()),
                )
        self._remember(tg_user_id, None)
        return True

    async def is_revoked(self, tg_user_id: int) -> bool:
        """Whether an admin unbound the user and nobody has bound them since."""
        rows = await self._select("SELECT 1 FROM revoked_users WHERE tg_user_id = ?", (tg_user_id,))
        return bool(rows)

    async def set_role(self, tg_user_id: int, role: Role) -> Binding:
        """Change the user's role; NotBound if the user has no binding."""
        sql = "UPDATE staff_bindings SET role = ?, updated_at = ? WHERE tg_user_id = ?"
        return await self._update_binding(sql, tg_user_id, Role(role).value)

    async def set_status(self, tg_user_id: int, status: BindingStatus) -> Binding:
        """Suspend or reactivate the user; NotBound if the user has no binding."""
        sql = "UPDATE staff_bindings SET status = ?, updated_at = ? WHERE tg_user_id = ?"
        return await self._update_binding(sql, tg_user_id, BindingStatus(status).value)

    async def _update_binding(self, sql: str, tg_user_id: int, value: str) -> Binding:
        async with self.transaction() as db:
            changed = await execute(db, sql, (value, self._now(), tg_user_id))
            row = await fetch_one(db, f"{_SELECT} WHERE tg_user_id = ?", (tg_user_id,))
        if not changed or row is None:
            raise NotBound(tg_user_id)
        binding = row_model(Binding, row)
        self._remember(tg_user_id, binding)
        return binding

    async def touch(self, tg_user_id: int) -> bool:
        """Record that the user was active now; False if the user is not bound."""
        now = self.now()
        sql = "UPDATE staff_bindings SET last_active_at = ? WHERE tg_user_id = ?"
        touched = await self._write(sql, (timestamp(now), tg_user_id)) > 0
        cached = self._cached.get(tg_user_id)
        if touched and cached is not None:
            self._remember(tg_user_id, cached.model_copy(update={"last_active_at": now}))
        return touched

    async def count_admins(self) -> int:
        """How many active admins there are (suspended ones cannot administer)."""
        rows = await self._select(
            "SELECT COUNT(*) FROM staff_bindings WHERE role = 'admin' AND status = 'active'"
        )
        return int(rows[0][0])
