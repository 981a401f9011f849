"""The store's SQLite connection: open and migrate, transactions, the clock, row helpers.

One connection per process (aiosqlite), WAL journal, short explicit transactions, every
statement parameterised. Timestamps are aware UTC datetimes in Python and fixed-width
ISO-8601 text in the file; a naive datetime passed in is a ValueError.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import aiosqlite

from bot import clock
from bot.store.errors import (
    DatabaseDamaged,
    DatabaseError,
    MigrationError,
    StoreClosed,
    StoreError,
)
from bot.store.migrating import Migration, apply_migrations, current_version
from bot.store.migrations import MIGRATIONS
from bot.store.models import Row

Params = Sequence[object]
Clock = Callable[[], datetime]
M = TypeVar("M", bound=Row)


def utc_now() -> datetime:
    return clock.now()


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


def row_model(cls: type[M], row: sqlite3.Row, *json_fields: str) -> M:
    data = dict(row)
    for name in json_fields:
        data[name] = json.loads(data[name])
    return cls.model_validate(data)


async def fetch_all(db: aiosqlite.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    return list(await db.execute_fetchall(sql, params))


async def fetch_one(db: aiosqlite.Connection, sql: str, params: Params = ()) -> sqlite3.Row | None:
    rows = await fetch_all(db, sql, params)
    return rows[0] if rows else None


async def execute(db: aiosqlite.Connection, sql: str, params: Params = ()) -> int:
    """Execute one write; return how many rows it changed."""
    async with db.execute(sql, params) as cursor:
        return cursor.rowcount


_DAMAGED = re.compile(r"not a database|malformed|corrupt", re.IGNORECASE)


async def _check_whole(db: aiosqlite.Connection) -> None:
    """SQLite's quick check of every page (milliseconds for the bot's few megabytes): a
    damaged file stops the bot at start, not in the middle of a write."""
    rows = await fetch_all(db, "PRAGMA quick_check(1)")
    verdict = " ".join(str(rows[0][0]).split()) if rows else "no answer"
    if verdict != "ok":
        raise DatabaseDamaged(f"SQLite's check found: {verdict}")


class Database:
    """The connection and its plumbing; the table modules extend it, `Store` joins them."""

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
            await _check_whole(db)
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute("PRAGMA synchronous = NORMAL")
            self._db = db
            await self._migrate()
        except BaseException as exc:
            self._db = None
            await db.close()
            if isinstance(exc, sqlite3.DatabaseError) and _DAMAGED.search(str(exc)):
                raise DatabaseDamaged(str(exc)) from exc
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

        For the store package only (its table modules and `bot.store.fsm`).
        Holds the store's lock, so keep it short and never nest it.
        """
        db = self._connection()
        async with self._lock:
            try:
                await db.execute("BEGIN IMMEDIATE")
                yield db
                await db.execute("COMMIT")
            except BaseException as exc:
                # Always: a task cancelled while its BEGIN waited for the connection's
                # thread is not in the transaction yet, but will be once BEGIN runs (the
                # thread runs statements in order, so the ROLLBACK comes after it).
                with suppress(sqlite3.Error):
                    await db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise DatabaseError(f"SQLite failed: {exc}") from exc
                raise

    def reading(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        """The connection for reads (no write lock: WAL readers never wait for a writer).
        For the store package only, like `transaction`."""
        return self._read()

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
            return await fetch_all(db, sql, params)

    async def _write(self, sql: str, params: Params = ()) -> int:
        async with self.transaction() as db:
            return await execute(db, sql, params)
