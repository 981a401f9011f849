"""The bot's own state in one SQLite file, behind one `Store`.

`Store` joins the table groups, each in a module of its own on the shared connection
(`db`): staff bindings, access requests and invites, group subscriptions, the notifier's
cursors and outbox, the audit log, the write attempts (`attempts`: a Create pressed twice
writes once), and the lease that keeps one bot process per file. aiogram's FSM storage
(`fsm`) lives in the same file. Schema changes are numbered migrations (`migrations`,
applied by `migrating`); errors are in `errors`.
"""

from __future__ import annotations

from bot.store.access import AccessTable
from bot.store.alerts import AlertsTable
from bot.store.attempts import AttemptsTable
from bot.store.audit import AuditTable
from bot.store.bindings import BindingsTable
from bot.store.db import Clock, timestamp, to_json, utc_now
from bot.store.errors import (
    DatabaseDamaged,
    DatabaseError,
    EmployeeAlreadyBound,
    MigrationError,
    NotBound,
    OutboxItemNotPending,
    StoreClosed,
    StoreError,
    WouldLeaveNoAdmin,
)
from bot.store.leases import LeaseHeld, LeasesTable
from bot.store.models import (
    AccessRequest,
    Attempt,
    AuditEntry,
    Binding,
    BindingStatus,
    Invite,
    InviteOutcome,
    LeadClaim,
    MutedGroup,
    OutboxItem,
    OutboxStatus,
    RequestStatus,
    Role,
    Subscription,
    UnclaimedPost,
)
from bot.store.muted import MutedGroupsTable
from bot.store.new_leads import NewLeadsTable
from bot.store.outbox import OutboxTable
from bot.store.subscriptions import SubscriptionsTable


class Store(
    BindingsTable,
    AccessTable,
    SubscriptionsTable,
    OutboxTable,
    NewLeadsTable,
    AlertsTable,
    MutedGroupsTable,
    AuditTable,
    AttemptsTable,
    LeasesTable,
):
    """The bot's SQLite store. `open()` before use, `close()` at shutdown (or `async with`)."""


__all__ = [
    "AccessRequest",
    "Attempt",
    "AuditEntry",
    "Binding",
    "BindingStatus",
    "Clock",
    "DatabaseDamaged",
    "DatabaseError",
    "EmployeeAlreadyBound",
    "Invite",
    "InviteOutcome",
    "LeadClaim",
    "LeaseHeld",
    "MigrationError",
    "MutedGroup",
    "NotBound",
    "OutboxItem",
    "OutboxItemNotPending",
    "OutboxStatus",
    "RequestStatus",
    "Role",
    "Store",
    "StoreClosed",
    "StoreError",
    "Subscription",
    "UnclaimedPost",
    "WouldLeaveNoAdmin",
    "timestamp",
    "to_json",
    "utc_now",
]
