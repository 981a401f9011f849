"""aiogram FSM storage in the store's SQLite file, so a dialog survives a restart.

One row of the `fsm` table per StorageKey: the state (or NULL), the data as JSON, and when
either last changed (`changed_at`: how long a dialog has waited, by the store's clock).
A row with no state and no data is deleted. Data that JSON cannot hold as it is
(objects, tuples, non-string keys, NaN) is refused with a TypeError at `set_data`.

aiogram reads the state of every update and handlers often write what is already there,
so the rows are also kept in memory: a read is answered from that copy once the key was
read or written, a write that changes nothing is not sent to SQLite, and every other
write goes to SQLite first and to the copy once committed. Nothing else writes the table
(one process per database: a second bot on the same file stops at start).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import aiosqlite
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.store import Store, timestamp, to_json

CACHED_KEYS = 10_000  # dialogs kept in memory, most recent first

_UPSERT_STATE = (
    "INSERT INTO fsm (key, state, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
)
_UPSERT_DATA = (
    "INSERT INTO fsm (key, data, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at"
)
_PRUNE = "DELETE FROM fsm WHERE key = ? AND state IS NULL AND data = '{}'"
_EMPTY = "{}"

_Row = tuple[str | None, str, str]  # state, data (JSON text), changed at ("" for no row)


def storage_key(key: StorageKey) -> str:
    """Every field of the key, as a JSON array: distinct keys never collide."""
    fields = [
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id,
        key.business_connection_id,
        key.destiny,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _data_json(data: Mapping[str, Any]) -> str:
    if not isinstance(data, dict):
        raise DataNotDictLikeError(
            f"Data must be a dict or dict-like object, got {type(data).__name__}"
        )
    return to_json(data, "FSM data", exact=True)


class SQLiteStorage(BaseStorage):
    """FSM storage on an open `Store`. Closing it leaves the Store open (the app closes that)."""

    def __init__(self, store: Store, *, cached_keys: int = CACHED_KEYS) -> None:
        self._store = store
        self._cached: OrderedDict[str, _Row] = OrderedDict()
        self._cached_keys = cached_keys

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        row = storage_key(key)
        current, _data, _at = await self._row(row)
        if value == current:
            return
        now = self._now()
        async with self._store.transaction() as db:
            await db.execute(_UPSERT_STATE, (row, value, now))
            await db.execute(_PRUNE, (row,))
        self._state_written(row, value, now)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _data, _at = await self._row(storage_key(key))
        return state

    async def changed_at(self, key: StorageKey) -> datetime | None:
        """When the key's state or data last changed (None: it has neither)."""
        _state, _data, at = await self._row(storage_key(key))
        return datetime.fromisoformat(at) if at else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write_data(storage_key(key), _data_json(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _state, data, _at = await self._row(storage_key(key))
        loaded: dict[str, Any] = json.loads(data)  # a fresh dict: callers may change it
        return loaded

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data; return the result."""
        _data_json(data)
        row = storage_key(key)
        _state, text, _at = await self._row(row)
        current: dict[str, Any] = json.loads(text)
        current.update(data)
        await self._write_data(row, _data_json(current))
        return current

    async def close(self) -> None:
        """Nothing to release: the Store belongs to the app, which closes it."""
        self._cached.clear()

    async def _write_data(self, row: str, text: str) -> None:
        _state, current, _at = await self._row(row)
        if text == current:
            return
        now = self._now()
        async with self._store.transaction() as db:
            await db.execute(_UPSERT_DATA, (row, text, now))
            await db.execute(_PRUNE, (row,))
        self._data_written(row, text, now)

    async def _row(self, row: str) -> _Row:
        """The key's state, data (JSON text) and time of change: from memory, else read and
        remembered."""
        found = self._cached.get(row)
        if found is not None:
            self._cached.move_to_end(row)
            return found
        async with self._store.reading() as db:  # a read: no write lock to wait for
            read = await _read(db, row)
        cached = self._cached.get(row)  # a write that finished meanwhile is newer
        if cached is not None:
            return cached
        self._remember(row, read)
        return read

    def _state_written(self, row: str, state: str | None, at: str) -> None:
        """A committed state write; the data is taken from memory as it is now (a key no
        longer in memory is read afresh next time)."""
        known = self._cached.get(row)
        if known is not None:
            self._remember(row, (state, known[1], at))

    def _data_written(self, row: str, data: str, at: str) -> None:
        known = self._cached.get(row)
        if known is not None:
            self._remember(row, (known[0], data, at))

    def _remember(self, row: str, value: _Row) -> None:
        self._cached[row] = value
        self._cached.move_to_end(row)
        while len(self._cached) > self._cached_keys:
            self._cached.popitem(last=False)

    def _now(self) -> str:
        return timestamp(self._store.now())


async def _read(db: aiosqlite.Connection, key: str) -> _Row:
    sql = "SELECT state, data, updated_at FROM fsm WHERE key = ?"
    rows = list(await db.execute_fetchall(sql, (key,)))
    if not rows:
        return None, _EMPTY, ""
    state, data, at = rows[0]
    return state, str(data), str(at)
