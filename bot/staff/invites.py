"""Invite links: an admin makes a one-time link for an employee; whoever opens it is bound."""

from __future__ import annotations

from bot.crm.models import Employee
from bot.staff.base import StaffBase
from bot.store import Invite, InviteOutcome


class Invites(StaffBase):
    """Invite links, made by admins and spent once."""

    async def invite(self, admin_id: int, employee_key: str) -> tuple[Invite, Employee]:
        employee = await self.employee(employee_key)
        invite = await self.store.create_invite(employee.key, admin_id)
        await self.store.audit(
            "invite.created",
            actor_tg_id=admin_id,
            actor_employee_key=await self._key_of(admin_id),
            target=employee.key,
            detail={"employee": employee.name, "expires_at": invite.expires_at.isoformat()},
        )
        return invite, employee

    async def redeem(
        self, code: str, user_id: int, full_name: str
    ) -> tuple[InviteOutcome, Employee | None, int | None]:
        """Spend an invite: (outcome, the employee bound, the user who lost the employee).
        LastAdmin, with the invite unspent, if the employee is the last admin's own."""
        unspent = await self.store.get_invite(code)
        if unspent is not None:
            await self._check_bind(user_id, unspent.employee_key)
        outcome, invite = await self.store.use_invite(code, user_id)
        if outcome is not InviteOutcome.OK or invite is None:
            await self.store.audit(
                "invite.refused",
                actor_tg_id=user_id,
                actor_employee_key=None,
                target=invite.employee_key if invite else None,
                result=f"error:{outcome.value}",
            )
            return outcome, None, None
        employee = await self.employee(invite.employee_key)
        binding, displaced = await self._bind(user_id, full_name, employee.key)
        detail = {
            "invited_by": invite.created_by,
            "employee": employee.name,
            "displaced": displaced,
        }
        await self._audit("invite.used", user_id, binding, detail)
        return outcome, employee, displaced
