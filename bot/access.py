"""Who may use the bot, and as which CRM employee: the rules of binding and admin rights.

Every change is checked against the store at the moment it is made and written to the
audit log. Handlers call these operations and render what they return.

Error tree::

    AccessError                 a rule refuses the operation
    ├── LastAdmin               it would leave the bot without an admin
    ├── ConfigAdmin             the target is an admin by ADMIN_IDS; only the setting changes that
    ├── UnknownEmployee         the CRM has no such employee (or the key was forged)
    ├── NotStaff                the target Telegram user has no binding
    ├── NoSuchRequest           no access request has that id (the button was forged)
    └── AlreadyDecided          another admin settled the access request first
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.access_store import (
    AccessRecords,
    AccessRequest,
    Invite,
    InviteOutcome,
    RequestStatus,
)
from bot.crm.base import Employee
from bot.directory import Directory, Snapshot
from bot.store import Binding, BindingStatus, Role, Store

TOUCH_EVERY = timedelta(minutes=1)  # "last active" is kept to the minute, not per update


class AccessError(Exception):
    """A rule of access refuses the operation."""


class LastAdmin(AccessError):
    """The bot would be left without an admin."""


class ConfigAdmin(AccessError):
    """The target is an admin by ADMIN_IDS."""


class UnknownEmployee(AccessError):
    """No such employee in the CRM."""


class NotStaff(AccessError):
    """The Telegram user has no binding."""


class NoSuchRequest(AccessError):
    """No access request has that id."""


class AlreadyDecided(AccessError):
    """Another admin settled the request first."""

    def __init__(self, request: AccessRequest) -> None:
        self.request = request
        super().__init__(f"request {request.id} already {request.status.value}")


@dataclass(frozen=True, slots=True)
class Identity:
    """The sender as the bot sees them at this moment."""

    user_id: int
    binding: Binding | None
    is_admin: bool

    @property
    def employee_key(self) -> str | None:
        b = self.binding
        return b.employee_key if b is not None and b.is_active else None


class ContactResult(StrEnum):
    BOUND = "bound"  # one employee matched and was free
    NO_MATCH = "no_match"  # no employee has this phone
    AMBIGUOUS = "ambiguous"  # several employees share it
    TAKEN = "taken"  # the employee is bound to another Telegram user


@dataclass(frozen=True, slots=True)
class ContactOutcome:
    result: ContactResult
    employee: Employee | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    request: AccessRequest
    employee: Employee
    displaced: int | None  # the Telegram user who held the employee before, if any


class Access:
    def __init__(
        self, store: Store, records: AccessRecords, directory: Directory, admin_ids: frozenset[int]
    ) -> None:
        self.store = store
        self.records = records
        self.directory = directory
        self.config_admins = admin_ids

    # ------------------------------------------------------------------ identity

    async def identity(self, user_id: int) -> Identity:
        return self.identity_with(user_id, await self.store.get_binding(user_id))

    def identity_with(self, user_id: int, binding: Binding | None) -> Identity:
        return Identity(user_id, binding, self._is_admin(user_id, binding))

    def _is_admin(self, user_id: int, binding: Binding | None) -> bool:
        if user_id in self.config_admins:
            return True
        return binding is not None and binding.is_active and binding.role is Role.ADMIN

    async def admins(self) -> set[int]:
        bound = {
            b.tg_user_id
            for b in await self.store.list_bindings()
            if b.is_active and b.role is Role.ADMIN
        }
        return bound | set(self.config_admins)

    async def confirm_employee(self, binding: Binding) -> Binding:
        """Check the binding against the CRM's employees: suspend it when a list the CRM
        really returned lacks its employee, resume it when the employee is back; touch it."""
        snapshot = await self.directory.snapshot()
        present = snapshot.get(binding.employee_key) is not None
        if snapshot.fresh and present != binding.is_active:
            status = BindingStatus.ACTIVE if present else BindingStatus.SUSPENDED
            binding = await self.store.set_status(binding.tg_user_id, status)
            reason = "employee back in the CRM" if present else "employee removed from the CRM"
            action = "binding.resumed" if present else "binding.suspended"
            await self._audit(action, None, binding, {"reason": reason})
        if not binding.is_active:
            return binding
        seen = binding.last_active_at
        if seen is None or self.store.now() - seen > TOUCH_EVERY:
            await self.store.touch(binding.tg_user_id)
        return binding

    async def employee(self, key: str) -> Employee:
        found = (await self.directory.snapshot()).get(key)
        if found is None:
            raise UnknownEmployee(key)
        return found

    async def employees(self) -> Snapshot:
        return await self.directory.snapshot()

    async def bound_keys(self) -> set[str]:
        """The employees already bound to someone in the bot."""
        return {b.employee_key for b in await self.store.list_bindings()}

    # ------------------------------------------------------------------ own contact

    async def bind_by_contact(self, user_id: int, full_name: str, phone: str) -> ContactOutcome:
        """Bind the sender to the one employee with their phone (`phone` in E.164)."""
        await self.records.remember_phone(user_id, phone)
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

    async def _bind(
        self, user_id: int, full_name: str, employee_key: str
    ) -> tuple[Binding, int | None]:
        """Bind (taking the employee from whoever held it), keeping the user's role."""
        old = await self.store.get_binding(user_id)
        role = old.role if old is not None else Role.STAFF
        return await self.store.take_over(user_id, employee_key, full_name, role)

    # ------------------------------------------------------------------ requests

    async def request_access(
        self, user_id: int, full_name: str, username: str | None
    ) -> tuple[AccessRequest, bool]:
        """The user's pending request (made now if none); True if it is new."""
        phone = await self.records.shared_phone(user_id)
        request, created = await self.records.open_request(user_id, full_name, username, phone)
        if created:
            await self.store.audit(
                "access.requested",
                actor_tg_id=user_id,
                actor_employee_key=None,
                target=str(request.id),
                detail={"phone": phone} if phone else {},
            )
        return request, created

    async def pending_request(self, request_id: int) -> AccessRequest:
        request = await self.records.get_request(request_id)
        if request is None:
            raise NoSuchRequest(str(request_id))
        if request.status is not RequestStatus.PENDING:
            raise AlreadyDecided(request)
        return request

    async def approve(
        self, request_id: int, admin_id: int, admin_name: str, employee_key: str
    ) -> Approval:
        await self.pending_request(request_id)
        employee = await self.employee(employee_key)
        if not await self.records.decide(
            request_id,
            RequestStatus.APPROVED,
            by=admin_id,
            by_name=admin_name,
            employee_key=employee_key,
        ):
            raise AlreadyDecided(await self._request(request_id))
        request = await self._request(request_id)
        binding, displaced = await self._bind(request.tg_user_id, request.full_name, employee.key)
        detail = {"request": request.id, "employee": employee.name, "displaced": displaced}
        await self._audit("access.approved", admin_id, binding, detail)
        return Approval(request, employee, displaced)

    async def reject(self, request_id: int, admin_id: int, admin_name: str) -> AccessRequest:
        await self.pending_request(request_id)
        if not await self.records.decide(
            request_id, RequestStatus.REJECTED, by=admin_id, by_name=admin_name
        ):
            raise AlreadyDecided(await self._request(request_id))
        request = await self._request(request_id)
        await self.store.audit(
            "access.rejected",
            actor_tg_id=admin_id,
            actor_employee_key=await self._key_of(admin_id),
            target=str(request.tg_user_id),
            detail={"request": request.id},
        )
        return request

    async def _request(self, request_id: int) -> AccessRequest:
        request = await self.records.get_request(request_id)
        assert request is not None
        return request

    # ------------------------------------------------------------------ invites

    async def invite(self, admin_id: int, employee_key: str) -> tuple[Invite, Employee]:
        employee = await self.employee(employee_key)
        invite = await self.records.create_invite(employee.key, admin_id)
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
        """Spend an invite: (outcome, the employee bound, the user who lost the employee)."""
        outcome, invite = await self.records.use_invite(code, user_id)
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

    # ------------------------------------------------------------------ staff management

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
        await self.store.unbind(target_id)
        await self._audit("staff.unbound", admin_id, binding, {})
        return binding

    async def change_employee(
        self, admin_id: int, target_id: int, employee_key: str
    ) -> tuple[Binding, int | None]:
        employee = await self.employee(employee_key)
        binding = await self._binding(target_id)
        updated, displaced = await self.store.take_over(
            target_id, employee.key, binding.display_name, binding.role
        )
        detail = {"employee": employee.name, "was": binding.employee_key, "displaced": displaced}
        await self._audit("staff.employee_changed", admin_id, updated, detail)
        return updated, displaced

    async def _binding(self, user_id: int) -> Binding:
        binding = await self.store.get_binding(user_id)
        if binding is None:
            raise NotStaff(str(user_id))
        return binding

    # ------------------------------------------------------------------ audit

    async def _key_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        binding = await self.store.get_binding(user_id)
        return binding.employee_key if binding is not None else None

    async def _audit(
        self, action: str, actor: int | None, binding: Binding, detail: Mapping[str, object]
    ) -> None:
        await self.store.audit(
            action,
            actor_tg_id=actor,
            actor_employee_key=await self._key_of(actor),
            target=f"{binding.tg_user_id}:{binding.employee_key}",
            detail=detail,
        )
