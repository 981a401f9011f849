"""The staff list as admins manage it: roles, unbinding, changing a user's employee."""

from __future__ import annotations

from bot.staff.base import StaffBase
from bot.staff.errors import ConfigAdmin, LastAdmin, NotStaff
from bot.store import Binding, Role, WouldLeaveNoAdmin


class Roster(StaffBase):
    """What admins change in /staff."""

    async def set_role(self, admin_id: int, target_id: int, role: Role) -> Binding:
        binding = await self._binding(target_id)
        if role is Role.STAFF and binding.role is Role.ADMIN:
            if target_id in self.config_admins:
                raise ConfigAdmin(str(target_id))
            if not (await self.admins()) - {target_id}:
                raise LastAdmin(str(target_id))
        updated = await self.store.set_role(target_id, role)
        await self._audit("staff.role", admin_id, updated, {"role": role.value})
        return updated

    async def unbind(self, admin_id: int, target_id: int) -> Binding:
        binding = await self._binding(target_id)
        if self._is_admin(target_id, binding) and not (await self.admins()) - {target_id}:
            raise LastAdmin(str(target_id))
        await self.store.unbind(target_id, revoked_by=admin_id)
        await self._audit("staff.unbound", admin_id, binding, {})
        return binding

    async def change_employee(
        self, admin_id: int, target_id: int, employee_key: str
    ) -> tuple[Binding, int | None]:
        employee = await self.employee(employee_key)
        binding = await self._binding(target_id)
        try:
            updated, displaced = await self.store.take_over(
                target_id,
                employee.key,
                binding.display_name,
                binding.role,
                config_admins=self.config_admins,
            )
        except WouldLeaveNoAdmin as exc:
            raise LastAdmin(str(exc.tg_user_id)) from None
        detail = {"employee": employee.name, "was": binding.employee_key, "displaced": displaced}
        await self._audit("staff.employee_changed", admin_id, updated, detail)
        return updated, displaced

    async def _binding(self, user_id: int) -> Binding:
        binding = await self.store.get_binding(user_id)
        if binding is None:
            raise NotStaff(str(user_id))
        return binding
