"""Binding by one's own contact: the phone a user shares, matched to one employee."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.crm.models import Employee
from bot.staff.base import StaffBase


class ContactResult(StrEnum):
    BOUND = "bound"  # one employee matched and was free
    NO_MATCH = "no_match"  # no employee has this phone
    AMBIGUOUS = "ambiguous"  # several employees share it
    TAKEN = "taken"  # the employee is bound to another Telegram user
    REVOKED = "revoked"  # an admin unbound this user: only a request or an invite binds them
    NO_LIST = "no_list"  # the CRM gives no employee list to match against


@dataclass(frozen=True, slots=True)
class ContactOutcome:
    result: ContactResult
    employee: Employee | None = None


class ContactBinding(StaffBase):
    """Binding by the user's own shared contact."""

    async def bind_by_contact(self, user_id: int, full_name: str, phone: str) -> ContactOutcome:
        """Bind the sender to the one employee with their phone (`phone` in E.164)."""
        await self.store.remember_phone(user_id, phone)
        if await self.store.is_revoked(user_id):
            return ContactOutcome(ContactResult.REVOKED)
        if not self.directory.listed:
            return ContactOutcome(ContactResult.NO_LIST)
        matches = (await self.directory.snapshot()).by_phone(phone)
        if not matches:
            return ContactOutcome(ContactResult.NO_MATCH)
        if len(matches) > 1:
            return ContactOutcome(ContactResult.AMBIGUOUS)
        employee = matches[0]
        holder = await self.store.binding_for_employee(employee.key)
        if holder is not None and holder.tg_user_id != user_id:
            return ContactOutcome(ContactResult.TAKEN, employee)
        binding, _ = await self._bind(user_id, full_name, employee.key)
        await self._audit("binding.by_contact", user_id, binding, {"employee": employee.name})
        return ContactOutcome(ContactResult.BOUND, employee)
