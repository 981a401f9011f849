"""Staff bindings: which Telegram user acts as which CRM employee, with which role."""

from __future__ import annotations

from bot.store.db import Database, execute, fetch_one, row_model
from bot.store.errors import EmployeeAlreadyBound, NotBound
from bot.store.models import Binding, BindingStatus, Role


class BindingsTable(Database):
    _BINDING = (
        "SELECT tg_user_id, employee_key, display_name, role, status, created_at, updated_at,"
        " last_active_at FROM staff_bindings"
    )

    # ------------------------------------------------------------------ staff bindings

    async def bind(
        self, tg_user_id: int, employee_key: str, display_name: str, role: Role = Role.STAFF
    ) -> Binding:
        """Bind a Telegram user to a CRM employee (one to one).

        Re-binding a bound user replaces its employee, name and role and makes it active.
        Raises EmployeeAlreadyBound if the employee belongs to another user.
        """
        if not employee_key:
            raise ValueError("employee_key must not be empty")
        now = self._now()
        async with self.transaction() as db:
            holder = await fetch_one(
                db, "SELECT tg_user_id FROM staff_bindings WHERE employee_key = ?", (employee_key,)
            )
            if holder is not None and holder[0] != tg_user_id:
                raise EmployeeAlreadyBound(employee_key, holder[0])
            await execute(
                db,
                "INSERT INTO staff_bindings (tg_user_id, employee_key, display_name, role, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)"
                " ON CONFLICT (tg_user_id) DO UPDATE SET employee_key = excluded.employee_key,"
                " display_name = excluded.display_name, role = excluded.role,"
                " status = 'active', updated_at = excluded.updated_at",
                (tg_user_id, employee_key, display_name, Role(role).value, now, now),
            )
            row = await fetch_one(db, f"{self._BINDING} WHERE tg_user_id = ?", (tg_user_id,))
        assert row is not None
        return row_model(Binding, row)

    async def take_over(
        self, tg_user_id: int, employee_key: str, display_name: str, role: Role = Role.STAFF
    ) -> tuple[Binding, int | None]:
        """Bind like `bind`, first unbinding whoever held the employee (an admin's decision).

        Returns the new binding and the Telegram id of the user who lost the employee.
        """
        async with self.transaction() as db:
            holder = await fetch_one(
                db, "SELECT tg_user_id FROM staff_bindings WHERE employee_key = ?", (employee_key,)
            )
            previous = None if holder is None or holder[0] == tg_user_id else int(holder[0])
            if previous is not None:
                await execute(db, "DELETE FROM staff_bindings WHERE tg_user_id = ?", (previous,))
        return await self.bind(tg_user_id, employee_key, display_name, role), previous

    async def get_binding(self, tg_user_id: int) -> Binding | None:
        rows = await self._select(f"{self._BINDING} WHERE tg_user_id = ?", (tg_user_id,))
        return row_model(Binding, rows[0]) if rows else None

    async def binding_for_employee(self, employee_key: str) -> Binding | None:
        rows = await self._select(f"{self._BINDING} WHERE employee_key = ?", (employee_key,))
        return row_model(Binding, rows[0]) if rows else None

    async def list_bindings(self) -> list[Binding]:
        rows = await self._select(f"{self._BINDING} ORDER BY created_at, tg_user_id")
        return [row_model(Binding, row) for row in rows]

    async def unbind(self, tg_user_id: int) -> bool:
        """Remove the user's binding; False if there was none."""
        return (
            await self._write("DELETE FROM staff_bindings WHERE tg_user_id = ?", (tg_user_id,)) > 0
        )

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
            row = await fetch_one(db, f"{self._BINDING} WHERE tg_user_id = ?", (tg_user_id,))
        if not changed or row is None:
            raise NotBound(tg_user_id)
        return row_model(Binding, row)

    async def touch(self, tg_user_id: int) -> bool:
        """Record that the user was active now; False if the user is not bound."""
        sql = "UPDATE staff_bindings SET last_active_at = ? WHERE tg_user_id = ?"
        return await self._write(sql, (self._now(), tg_user_id)) > 0

    async def count_admins(self) -> int:
        """How many active admins there are (suspended ones cannot administer)."""
        rows = await self._select(
            "SELECT COUNT(*) FROM staff_bindings WHERE role = 'admin' AND status = 'active'"
        )
        return int(rows[0][0])
