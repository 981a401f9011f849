"""How the numbered migrations (`bot.store.migrations`) are applied: checked, split into
statements, each migration in its own transaction with the row that records it in
`schema_version`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager

import aiosqlite

Migration = tuple[int, str]
Transaction = Callable[[], AbstractAsyncContextManager[aiosqlite.Connection]]

SCHEMA_VERSION_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""


def validate(migrations: Sequence[Migration]) -> int:
    """Check that versions run 1..n in order; return the latest version (0 for none)."""
    for expected, (version, _sql) in enumerate(migrations, start=1):
        if version != expected:
            raise ValueError(f"migration #{expected} has version {version}, expected {expected}")
    return len(migrations)


def statements(sql: str) -> Iterator[str]:
    """Split a script into complete SQL statements (semicolons in strings or triggers kept)."""
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                yield buffer.strip()
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buffer[:60]!r}")


async def current_version(db: aiosqlite.Connection) -> int:
    rows = list(await db.execute_fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
    return int(rows[0][0])


async def apply_migrations(
    transaction: Transaction, migrations: Sequence[Migration], applied_at: str
) -> list[int]:
    """Apply the pending migrations, each in its own transaction; return their versions.

    ValueError if the list is malformed or the database is newer than the list. An error
    inside a migration rolls that migration back and propagates with a note naming it.
    """
    latest = validate(migrations)
    async with transaction() as db:
        await db.execute(SCHEMA_VERSION_DDL)
        current = await current_version(db)
    if current > latest:
        raise ValueError(f"the database is at schema {current}; this code knows only {latest}")
    applied: list[int] = []
    for version, sql in migrations[current:]:
        try:
            async with transaction() as db:
                if await current_version(db) >= version:
                    continue  # another process applied it meanwhile
                for statement in statements(sql):
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (version, applied_at),
                )
        except Exception as exc:
            exc.add_note(f"while applying migration {version}")
            raise
        applied.append(version)
    return applied
