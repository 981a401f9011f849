"""Access requests: a user asks, the admins approve (as an employee) or reject; first wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.crm.models import Employee
from bot.staff.base import StaffBase
from bot.staff.errors import AlreadyDecided, NoSuchRequest
from bot.store import AccessRequest, RequestStatus


@dataclass(frozen=True, slots=True)
class Approval:
    request: AccessRequest
    employee: Employee
    displaced: int | None  # the Telegram user who held the employee before, if any


class Requests(StaffBase):
    """Access requests and the admins' decisions."""

    async def request_access(
        self, user_id: int, full_name: str, username: str | None
    ) -> tuple[AccessRequest, bool]:
        """The user's pending request (made now if none); True if it is new."""
        phone = await self.store.shared_phone(user_id)
        request, created = await self.store.open_request(user_id, full_name, username, phone)
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
        request = await self.store.get_request(request_id)
        if request is None:
            raise NoSuchRequest(str(request_id))
        if request.status is not RequestStatus.PENDING:
            raise AlreadyDecided(request)
        return request

    async def approve(
        self, request_id: int, admin_id: int, admin_name: str, employee_key: str
    ) -> Approval:
        pending = await self.pending_request(request_id)
        employee = await self.employee(employee_key)
        await self._check_bind(pending.tg_user_id, employee.key)
        if not await self.store.decide(
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
        if not await self.store.decide(
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
        request = await self.store.get_request(request_id)
        assert request is not None
        return request

    async def expire_requests(self, ttl: timedelta) -> list[AccessRequest]:
        """Requests nobody decided within `ttl`, now expired (each audited)."""
        expired = await self.store.expire_requests(self.store.now() - ttl)
        for request in expired:
            await self.store.audit(
                "access.expired",
                actor_tg_id=None,
                actor_employee_key=None,
                target=str(request.id),
                detail={"user": request.tg_user_id},
            )
        return expired

    async def unreached_requests(self) -> list[AccessRequest]:
        """Pending requests that no admin has been shown (none could be reached)."""
        return await self.store.unreached_requests()

    async def pending_requests(self) -> list[AccessRequest]:
        return await self.store.pending_requests()

    async def remember_request_message(
        self, request_id: int, chat_id: int, message_id: int
    ) -> None:
        """Note the message that shows an admin the request, to show them the outcome later."""
        await self.store.add_request_message(request_id, chat_id, message_id)

    async def request_messages(self, request_id: int) -> list[tuple[int, int]]:
        """(chat, message) of every admin's copy of the request, but a suspended admin's
        (redrawing it may send it anew: the CRM no longer lists them, they get nothing)."""
        await self.sync.follow()
        kept = []
        for chat_id, message_id in await self.store.request_messages(request_id):
            binding = await self.store.get_binding(chat_id)
            if binding is None or binding.is_active:
                kept.append((chat_id, message_id))
        return kept
