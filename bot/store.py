"""The bot's own state in one SQLite file: staff bindings, group subscriptions, the
notifier's cursors and outbox, the audit log and aiogram's FSM (see `bot.fsm_storage`).

One connection per process (aiosqlite), WAL journal, short explicit transactions, every
statement parameterised. Timestamps are aware UTC datetimes in Python and fixed-width
ISO-8601 text in the file; a naive datetime passed in is a ValueError.

Errors and row models live in `bot.store_models` and are re-exported here.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import aiosqlite

from bot.migrations import MIGRATIONS, Migration, apply_migrations, current_version
from bot.store_models import (
    AuditEntry,
    Binding,
    BindingStatus,
    DatabaseError,
    EmployeeAlreadyBound,
    MigrationError,
    NotBound,
    OutboxItem,
    OutboxItemNotPending,
    OutboxStatus,
    Role,
    Row,
    StoreClosed,
    StoreError,
    Subscription,
)

__all__ = [
    "AuditEntry",
    "Binding",
    "BindingStatus",
    "DatabaseError",
    "EmployeeAlreadyBound",
    "MigrationError",
    "NotBound",
    "OutboxItem",
    "OutboxItemNotPending",
    "OutboxStatus",
    "Role",
    "Store",
    "StoreClosed",
    "StoreError",
    "Subscription",
    "timestamp",
    "to_json",
    "utc_now",
]

# --------------------------------------------------------------------------- helpers

Params = Sequence[object]
Clock = Callable[[], datetime]
M = TypeVar("M", bound=Row)
_RESULT = re.compile(r"ok|error:\S+")
_MAX_ERROR_CHARS = 1000
_BINDING = (
    "SELECT tg_user_id, employee_key, display_name, role, status, created_at, updated_at,"
    " last_active_at FROM staff_bindings"
)
_OUTBOX = (
    "SELECT id, chat_id, dedup_key, payload, status, attempts, next_attempt_at, message_id,"
    " last_error, created_at, sent_at FROM outbox"
)


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """The stored form of a moment: fixed-width UTC ISO-8601, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware (UTC) one")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def to_json(value: Mapping[str, Any], what: str, *, exact: bool = False) -> str:
    """Encode a mapping as JSON; TypeError if it cannot be (or, if `exact`, would change)."""
    value = dict(value)
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} must be JSON-serialisable: {exc}") from exc
    if exact and json.loads(text) != value:
        raise TypeError(f"{what} would change when stored as JSON (a tuple or a non-str key?)")
    return text


def _model(cls: type[M], row: sqlite3.Row, *json_fields: str) -> M:
    data = dict(row)
    for name in json_fields:
        data[name] = json.loads(data[name])
    return cls.model_validate(data)


async def _rows(db: aiosqlite.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    return list(await db.execute_fetchall(sql, params))


async def _row(db: aiosqlite.Connection, sql: str, params: Params = ()) -> sqlite3.Row | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


async def _run(db: aiosqlite.Connection, sql: str, params: Params = ()) -> int:
    """Execute one write; return how many rows it changed."""
    async with db.execute(sql, params) as cursor:
        return cursor.rowcount


# --------------------------------------------------------------------------- the store


class Store:
    """The bot's SQLite store. `open()` before use, `close()` at shutdown (or `async with`)."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Clock = utc_now,
        busy_timeout: float = 5.0,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._migrations = tuple(migrations)
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    # ------------------------------------------------------------------ lifecycle

    async def open(self) -> None:
        """Connect, set WAL / foreign keys / busy timeout, apply pending migrations."""
        if self._db is not None:
            raise StoreError("the store is already open")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = await aiosqlite.connect(
                self.path, isolation_level=None, timeout=self._busy_timeout
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open the store: {exc}") from exc
        try:
            db.row_factory = sqlite3.Row
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute("PRAGMA synchronous = NORMAL")
            self._db = db
            await self._migrate()
        except BaseException as exc:
            self._db = None
            await db.close()
            if isinstance(exc, sqlite3.Error):
                raise DatabaseError(f"cannot open the store: {exc}") from exc
            raise

    async def close(self) -> None:
        """Close the connection; closing a closed store does nothing."""
        db, self._db = self._db, None
        if db is not None:
            async with self._lock:
                await db.close()

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def schema_version(self) -> int:
        async with self._read() as db:
            return await current_version(db)

    async def _migrate(self) -> None:
        try:
            await apply_migrations(self.transaction, self._migrations, self._now())
        except (DatabaseError, ValueError) as exc:
            reason = "; ".join([str(exc), *getattr(exc, "__notes__", [])])
            raise MigrationError(f"cannot bring the schema up to date: {reason}") from exc

    # ------------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        """The store's clock (injectable for tests)."""
        return self._clock()

    def _now(self) -> str:
        return timestamp(self._clock())

    def _connection(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreClosed("the store is not open")
        return self._db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception).

        For the store layer only (this module, `bot.access_store`, `bot.fsm_storage`).
        Holds the store's lock, so keep it short and never nest it.
        """
        db = self._connection()
        async with self._lock:
            try:
                await db.execute("BEGIN IMMEDIATE")
                yield db
                await db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        await db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise DatabaseError(f"SQLite failed: {exc}") from exc
                raise

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[aiosqlite.Connection]:
        db = self._connection()
        async with self._lock:
            try:
                yield db
            except sqlite3.Error as exc:
                raise DatabaseError(f"SQLite failed: {exc}") from exc

    async def _select(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self._read() as db:
            return await _rows(db, sql, params)

    async def _write(self, sql: str, params: Params = ()) -> int:
        async with self.transaction() as db:
            return await _run(db, sql, params)

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
            holder = await _row(
                db, "SELECT tg_user_id FROM staff_bindings WHERE employee_key = ?", (employee_key,)
            )
            if holder is not None and holder[0] != tg_user_id:
                raise EmployeeAlreadyBound(employee_key, holder[0])
            await _run(
                db,
                "INSERT INTO staff_bindings (tg_user_id, employee_key, display_name, role, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)"
                " ON CONFLICT (tg_user_id) DO UPDATE SET employee_key = excluded.employee_key,"
                " display_name = excluded.display_name, role = excluded.role,"
                " status = 'active', updated_at = excluded.updated_at",
                (tg_user_id, employee_key, display_name, Role(role).value, now, now),
            )
            row = await _row(db, f"{_BINDING} WHERE tg_user_id = ?", (tg_user_id,))
        assert row is not None
        return _model(Binding, row)

    async def take_over(
        self, tg_user_id: int, employee_key: str, display_name: str, role: Role = Role.STAFF
    ) -> tuple[Binding, int | None]:
        """Bind like `bind`, first unbinding whoever held the employee (an admin's decision).

        Returns the new binding and the Telegram id of the user who lost the employee.
        """
        async with self.transaction() as db:
            holder = await _row(
                db, "SELECT tg_user_id FROM staff_bindings WHERE employee_key = ?", (employee_key,)
            )
            previous = None if holder is None or holder[0] == tg_user_id else int(holder[0])
            if previous is not None:
                await _run(db, "DELETE FROM staff_bindings WHERE tg_user_id = ?", (previous,))
        return await self.bind(tg_user_id, employee_key, display_name, role), previous

    async def get_binding(self, tg_user_id: int) -> Binding | None:
        rows = await self._select(f"{_BINDING} WHERE tg_user_id = ?", (tg_user_id,))
        return _model(Binding, rows[0]) if rows else None

    async def binding_for_employee(self, employee_key: str) -> Binding | None:
        rows = await self._select(f"{_BINDING} WHERE employee_key = ?", (employee_key,))
        return _model(Binding, rows[0]) if rows else None

    async def list_bindings(self) -> list[Binding]:
        rows = await self._select(f"{_BINDING} ORDER BY created_at, tg_user_id")
        return [_model(Binding, row) for row in rows]

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
            changed = await _run(db, sql, (value, self._now(), tg_user_id))
            row = await _row(db, f"{_BINDING} WHERE tg_user_id = ?", (tg_user_id,))
        if not changed or row is None:
            raise NotBound(tg_user_id)
        return _model(Binding, row)

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

    # ------------------------------------------------------------------ group subscriptions

    async def subscribe(self, chat_id: int, kind: str, title: str, created_by: int | None) -> bool:
        """Subscribe a chat to a kind of notification; False if it already was."""
        sql = (
            "INSERT INTO group_subscriptions (chat_id, kind, title, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, kind) DO NOTHING"
        )
        return await self._write(sql, (chat_id, kind, title, created_by, self._now())) > 0

    async def unsubscribe(self, chat_id: int, kind: str) -> bool:
        sql = "DELETE FROM group_subscriptions WHERE chat_id = ? AND kind = ?"
        return await self._write(sql, (chat_id, kind)) > 0

    async def subscriptions(self, kind: str) -> list[Subscription]:
        rows = await self._select(
            "SELECT chat_id, kind, title, created_by, created_at FROM group_subscriptions"
            " WHERE kind = ? ORDER BY created_at, chat_id",
            (kind,),
        )
        return [_model(Subscription, row) for row in rows]

    # ------------------------------------------------------------------ notifier cursor

    async def get_cursor(self, name: str) -> str | None:
        rows = await self._select("SELECT value FROM notifier_cursors WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    async def set_cursor(self, name: str, value: str) -> None:
        sql = (
            "INSERT INTO notifier_cursors (name, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at"
        )
        await self._write(sql, (name, value, self._now()))

    # ------------------------------------------------------------------ outbox

    async def enqueue(self, chat_id: int, dedup_key: str, payload: Mapping[str, Any]) -> bool:
        """Queue a message, due now. False if `dedup_key` was ever queued: never posts twice."""
        now = self._now()
        sql = (
            "INSERT INTO outbox (chat_id, dedup_key, payload, next_attempt_at, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING"
        )
        params = (chat_id, dedup_key, to_json(payload, "outbox payload"), now, now)
        return await self._write(sql, params) > 0

    async def due_outbox(self, now: datetime, limit: int = 20) -> list[OutboxItem]:
        """Pending items whose time has come, oldest queued first."""
        rows = await self._select(
            f"{_OUTBOX} WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            (timestamp(now), limit),
        )
        return [_model(OutboxItem, row, "payload") for row in rows]

    async def outbox_item(self, item_id: int) -> OutboxItem | None:
        rows = await self._select(f"{_OUTBOX} WHERE id = ?", (item_id,))
        return _model(OutboxItem, rows[0], "payload") if rows else None

    async def mark_sent(self, item_id: int, message_id: int) -> None:
        await self._settle(
            item_id,
            "status = 'sent', message_id = ?, sent_at = ?",
            (message_id, self._now()),
        )

    async def mark_retry(self, item_id: int, error: str, next_attempt_at: datetime) -> None:
        """Record a failed attempt; the item stays pending until `next_attempt_at`."""
        await self._settle(
            item_id,
            "last_error = ?, next_attempt_at = ?",
            (error[:_MAX_ERROR_CHARS], timestamp(next_attempt_at)),
        )

    async def mark_failed(self, item_id: int, error: str) -> None:
        """Give up on the item: it is never due again."""
        await self._settle(
            item_id, "status = 'failed', last_error = ?", (error[:_MAX_ERROR_CHARS],)
        )

    async def _settle(self, item_id: int, assignments: str, params: Params) -> None:
        # `assignments` is one of the three literals above, never input: values are parameters.
        sql = (
            f"UPDATE outbox SET attempts = attempts + 1, {assignments}"
            " WHERE id = ? AND status = 'pending'"
        )
        if await self._write(sql, (*params, item_id)) == 0:
            raise OutboxItemNotPending(item_id)

    # ------------------------------------------------------------------ audit log

    async def audit(
        self,
        action: str,
        *,
        actor_tg_id: int | None,
        actor_employee_key: str | None,
        target: str | None = None,
        detail: Mapping[str, Any] | None = None,
        result: str = "ok",
    ) -> int:
        """Append an entry; `result` is 'ok' or 'error:<kind>'. Returns the entry's id."""
        if not _RESULT.fullmatch(result):
            raise ValueError(f"audit result must be 'ok' or 'error:<kind>', not {result!r}")
        sql = (
            "INSERT INTO audit_log (at, actor_tg_id, actor_employee_key, action, target, detail,"
            " result) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        detail_json = to_json(detail or {}, "audit detail")
        params = (self._now(), actor_tg_id, actor_employee_key, action, target, detail_json, result)
        async with self.transaction() as db, db.execute(sql, params) as cursor:
            entry_id = cursor.lastrowid
        assert entry_id is not None
        return entry_id

    async def audit_entries(self, limit: int = 50, action: str | None = None) -> list[AuditEntry]:
        """The latest entries (of one action, if given), newest first."""
        rows = await self._select(
            "SELECT id, at, actor_tg_id, actor_employee_key, action, target, detail, result"
            " FROM audit_log WHERE ? IS NULL OR action = ? ORDER BY id DESC LIMIT ?",
            (action, action, limit),
        )
        return [_model(AuditEntry, row, "detail") for row in rows]
