"""The store's errors.

Error tree::

    StoreError                    any failure of the store
    ├── StoreClosed               used before `open()` or after `close()`
    ├── DatabaseError             SQLite itself failed (disk, lock timeout, damaged file)
    │   └── DatabaseDamaged       the file is not a database, or its pages are damaged
    ├── MigrationError            the schema could not be brought up to date
    ├── EmployeeAlreadyBound      the CRM employee is bound to another Telegram user
    ├── NotBound                  the Telegram user has no binding
    ├── WouldLeaveNoAdmin         taking the employee would unbind the bot's last admin
    └── OutboxItemNotPending      the outbox item does not exist or was already settled
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store failure."""


class StoreClosed(StoreError):
    """The store is not open."""


class DatabaseError(StoreError):
    """SQLite reported an error; the original is chained as `__cause__`."""


class DatabaseDamaged(DatabaseError):
    """The file is not an SQLite database, or SQLite's own check finds it damaged."""


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


class WouldLeaveNoAdmin(StoreError):
    """Moving an employee would unbind `tg_user_id`, the bot's last admin."""

    def __init__(self, tg_user_id: int) -> None:
        self.tg_user_id = tg_user_id
        super().__init__(f"user {tg_user_id} is the last admin")
