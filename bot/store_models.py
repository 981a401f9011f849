"""What the store hands out (frozen row models) and the errors it raises.

Error tree::

    StoreError                    any failure of the store
    ├── StoreClosed               used before `open()` or after `close()`
    ├── DatabaseError             SQLite itself failed (disk, lock timeout, damaged file)
    ├── MigrationError            the schema could not be brought up to date
    ├── EmployeeAlreadyBound      the CRM employee is bound to another Telegram user
    ├── NotBound                  the Telegram user has no binding
    └── OutboxItemNotPending      the outbox item does not exist or was already settled
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

# --------------------------------------------------------------------------- errors


class StoreError(Exception):
    """Base of every store failure."""


class StoreClosed(StoreError):
    """The store is not open."""


class DatabaseError(StoreError):
    """SQLite reported an error; the original is chained as `__cause__`."""


class MigrationError(StoreError):
    """A migration failed (the schema stays at the last good version) or is unknown."""


class EmployeeAlreadyBound(StoreError):
    """`employee_key` is already bound to the Telegram user `bound_to`."""

    def __init__(self, employee_key: str, bound_to: int) -> None:
        self.employee_key = employee_key
        self.bound_to = bound_to
        super().__init__(f"employee {employee_key} is already bound to user {bound_to}")


class NotBound(StoreError):
    """The Telegram user has no binding."""

    def __init__(self, tg_user_id: int) -> None:
        self.tg_user_id = tg_user_id
        super().__init__(f"user {tg_user_id} is not bound to an employee")


class OutboxItemNotPending(StoreError):
    """The outbox item is unknown, or already sent or failed."""

    def __init__(self, item_id: int) -> None:
        self.item_id = item_id
        super().__init__(f"outbox item {item_id} is not pending")


# --------------------------------------------------------------------------- models


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
