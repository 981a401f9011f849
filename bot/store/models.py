"""What the store hands out: frozen row models, one per table the bot reads."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    STAFF = "staff"
    ADMIN = "admin"


class BindingStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class Binding(Row):
    """A Telegram user acting in the CRM as the employee `employee_key`."""

    tg_user_id: int
    employee_key: str
    display_name: str
    role: Role
    status: BindingStatus
    created_at: datetime
    updated_at: datetime
    last_active_at: datetime | None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_active(self) -> bool:
        return self.status is BindingStatus.ACTIVE


class Subscription(Row):
    """A group chat that receives one kind of notification (e.g. 'new_leads')."""

    chat_id: int
    kind: str
    title: str
    created_by: int | None
    created_at: datetime
    filters: dict[str, Any] = {}  # "pipeline", "inbox": an id each, or absent for any


class OutboxItem(Row):
    """A message waiting to be sent (or sent, or given up on) to `chat_id`."""

    id: int
    chat_id: int
    dedup_key: str
    payload: dict[str, Any]
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    message_id: int | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    lead_id: str | None = None


class LeadClaim(Row):
    """Who took a lead posted to the team groups (`name` only when the CRM did not say who)."""

    lead_id: str
    tg_user_id: int | None
    employee_key: str | None
    name: str | None
    deal_id: str | None
    claimed_at: datetime


class UnclaimedPost(Row):
    """A lead's post in a team group that nobody has taken yet."""

    lead_id: str
    chat_id: int
    message_id: int
    name: str | None
    created_at: datetime | None  # the lead's, in the CRM
    sent_at: datetime


class AuditEntry(Row):
    """One CRM write made from chat: who, what, on what, and how it ended."""

    id: int
    at: datetime
    actor_tg_id: int | None
    actor_employee_key: str | None
    action: str
    target: str | None
    detail: dict[str, Any]
    result: str


class Attempt(Row):
    """A Create or Save pressed once (`token`, which its button carries): still being
    written (`result` None), done ('ok', with the `record` it made when the CRM said), or
    of unknown outcome ('unknown'). A write known not done leaves no row."""

    tg_user_id: int
    token: str
    action: str
    result: str | None
    record: str | None
    started_at: datetime
    finished_at: datetime | None


# --------------------------------------------------------------------------- access


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"  # nobody decided within REQUEST_TTL_HOURS


class AccessRequest(Row):
    """A Telegram user's request for access, and how an admin decided it."""

    id: int
    tg_user_id: int
    full_name: str
    username: str | None
    phone: str | None
    status: RequestStatus
    decided_by: int | None
    decided_by_name: str | None
    employee_key: str | None
    created_at: datetime
    decided_at: datetime | None


class Invite(Row):
    """A one-time link that binds whoever opens it to `employee_key`."""

    code: str
    employee_key: str
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_by: int | None
    used_at: datetime | None


class InviteOutcome(StrEnum):
    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


class MutedGroup(Row):
    """A group where Telegram refuses the bot's posts, since when and why."""

    chat_id: int
    reason: str
    since: datetime
    title: str | None = None
