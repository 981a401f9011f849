"""The sandbox's SQLite database: schema, one serialized transaction per request, row lookups.

Times are stored as Unix seconds. Every API request runs inside :meth:`Database.transaction`,
which holds one lock, so requests apply one after the other (two concurrent lead/start calls
cannot both see the lead untaken).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

Row = sqlite3.Row

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS employees (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, surname TEXT NOT NULL, email TEXT NOT NULL,
    phone TEXT NOT NULL, profession TEXT NOT NULL, internal_number TEXT NOT NULL,
    photo TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS inbox_types (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pipelines (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
    allow_manual INTEGER NOT NULL, is_primary INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS stages (
    id INTEGER PRIMARY KEY, pipeline_id INTEGER NOT NULL, status_id INTEGER NOT NULL,
    name TEXT NOT NULL, position INTEGER NOT NULL, color TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (
    id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL DEFAULT 0, stage_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL DEFAULT 0, employee_id INTEGER NOT NULL DEFAULT 0,
    old_employee_id INTEGER, department_id INTEGER NOT NULL DEFAULT 0,
    pipeline_id INTEGER NOT NULL, deal_pipeline_id INTEGER NOT NULL,
    deal_stage_id INTEGER NOT NULL DEFAULT 0, inbox_type_id INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
    client_id INTEGER, deal_id INTEGER, taken INTEGER NOT NULL DEFAULT 0,
    stage_updated_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL, closed_at INTEGER);
CREATE TABLE IF NOT EXISTS clients (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, type_id INTEGER NOT NULL,
    value TEXT NOT NULL, is_primary INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS deals (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, pipeline_id INTEGER NOT NULL,
    client_id INTEGER NOT NULL, stage_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    employee_id INTEGER NOT NULL, old_employee_id INTEGER, department_id INTEGER NOT NULL,
    inbox_type_id INTEGER NOT NULL, stage_updated_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, closed_at INTEGER);
CREATE TABLE IF NOT EXISTS deal_tags (
    deal_id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (deal_id, name));
CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY, crm_element_id INTEGER NOT NULL, element_id INTEGER NOT NULL,
    type_id INTEGER NOT NULL, data TEXT NOT NULL, user_id INTEGER, employee_id INTEGER,
    created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY, deal_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    from_employee_id INTEGER NOT NULL, to_employee_id INTEGER NOT NULL,
    to_department_id INTEGER NOT NULL, comment TEXT NOT NULL, time INTEGER NOT NULL,
    success INTEGER NOT NULL, required INTEGER NOT NULL, it_reaction INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS logs_element ON logs (crm_element_id, element_id);
CREATE INDEX IF NOT EXISTS tasks_deal ON tasks (deal_id);
"""


class Database:
    """One aiosqlite connection; use :meth:`open`/:meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.executescript(SCHEMA)
        self._conn = conn

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Serialized: one request's reads and writes at a time, committed together."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def one(self, sql: str, args: Iterable[Any] = ()) -> Row | None:
        async with self.conn.execute(sql, tuple(args)) as cur:
            row: Row | None = await cur.fetchone()
            return row

    async def all(self, sql: str, args: Iterable[Any] = ()) -> list[Row]:
        async with self.conn.execute(sql, tuple(args)) as cur:
            return list(await cur.fetchall())

    async def scalar(self, sql: str, args: Iterable[Any] = ()) -> Any:
        row = await self.one(sql, args)
        return None if row is None else row[0]

    async def execute(self, sql: str, args: Iterable[Any] = ()) -> int:
        """Runs a write; returns the number of rows changed."""
        async with self.conn.execute(sql, tuple(args)) as cur:
            return cur.rowcount

    async def insert(self, table: str, values: dict[str, Any]) -> int:
        """Inserts one row (``table`` and keys are code constants, never input); returns its id."""
        keys = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        sql = f"INSERT INTO {table} ({keys}) VALUES ({marks})"
        async with self.conn.execute(sql, tuple(values.values())) as cur:
            return int(cur.lastrowid or 0)

    async def get(self, table: str, ident: int) -> Row | None:
        return await self.one(f"SELECT * FROM {table} WHERE id = ?", (ident,))

    async def add_log(
        self,
        element: int,
        element_id: int,
        type_id: int,
        data: dict[str, Any],
        user_id: int | None,
        employee_id: int | None,
        at: int,
    ) -> int:
        return await self.insert(
            "logs",
            {
                "crm_element_id": element,
                "element_id": element_id,
                "type_id": type_id,
                "data": json.dumps(data, ensure_ascii=False),
                "user_id": user_id,
                "employee_id": employee_id,
                "created_at": at,
            },
        )
