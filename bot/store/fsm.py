"""aiogram FSM storage in the store's SQLite file, so a dialog survives a restart.

One row of the `fsm` table per StorageKey: the state (or NULL) and the data as JSON.
A row with no state and no data is deleted. Data that JSON cannot hold as it is
(objects, tuples, non-string keys, NaN) is refused with a TypeError at `set_data`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aiosqlite
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.store import Store, timestamp, to_json

_UPSERT_STATE = (
    "INSERT INTO fsm (key, state, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
)
_UPSERT_DATA = (
    "INSERT INTO fsm (key, data, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at"
)
_PRUNE = "DELETE FROM fsm WHERE key = ? AND state IS NULL AND data = '{}'"


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

    def __init__(self, store: Store) -> None:
        self._store = store

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._store.transaction() as db:
            await db.execute(_UPSERT_STATE, (storage_key(key), value, self._now()))
            await db.execute(_PRUNE, (storage_key(key),))

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._store.transaction() as db:
            state, _data = await _read(db, storage_key(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        text = _data_json(data)
        async with self._store.transaction() as db:
            await db.execute(_UPSERT_DATA, (storage_key(key), text, self._now()))
            await db.execute(_PRUNE, (storage_key(key),))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._store.transaction() as db:
            _state, data = await _read(db, storage_key(key))
        return data

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data in one transaction; return the result."""
        _data_json(data)
        async with self._store.transaction() as db:
            _state, current = await _read(db, storage_key(key))
            current.update(data)
            text = _data_json(current)
            await db.execute(_UPSERT_DATA, (storage_key(key), text, self._now()))
            await db.execute(_PRUNE, (storage_key(key),))
        return current

    async def close(self) -> None:
        """Nothing to release: the Store belongs to the app, which closes it."""

    def _now(self) -> str:
        return timestamp(self._store.now())


async def _read(db: aiosqlite.Connection, key: str) -> tuple[str | None, dict[str, Any]]:
    rows = list(await db.execute_fetchall("SELECT state, data FROM fsm WHERE key = ?", (key,)))
    if not rows:
        return None, {}
    state, data = rows[0]
    return state, json.loads(data)
