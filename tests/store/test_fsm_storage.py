"""The aiogram FSM storage on the store (the only test module that imports aiogram)."""

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey

from bot.store import Store
from bot.store.fsm import SQLiteStorage
from tests.store.conftest import ManualClock

KEY = StorageKey(bot_id=1, chat_id=-100, user_id=111)


class Comment(StatesGroup):
    text = State()
    confirm = State()


@pytest.fixture
def fsm(store: Store) -> SQLiteStorage:
    return SQLiteStorage(store)


def _fsm_rows(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT COUNT(*) FROM fsm").fetchone()[0])


async def test_state_accepts_state_objects_strings_and_none(fsm: SQLiteStorage) -> None:
    assert await fsm.get_state(KEY) is None

    await fsm.set_state(KEY, Comment.text)
    assert await fsm.get_state(KEY) == "Comment:text"
    await fsm.set_state(KEY, "Other:step")
    assert await fsm.get_state(KEY) == "Other:step"
    await fsm.set_state(KEY, None)
    assert await fsm.get_state(KEY) is None


async def test_data_set_update_and_get(fsm: SQLiteStorage) -> None:
    assert await fsm.get_data(KEY) == {}

    await fsm.set_data(KEY, {"lead_id": "7", "page": 1})
    merged = await fsm.update_data(KEY, {"page": 2, "text": "Перезвонить"})

    expected = {"lead_id": "7", "page": 2, "text": "Перезвонить"}
    assert merged == expected
    assert await fsm.get_data(KEY) == expected
    assert await fsm.get_value(KEY, "page") == 2
    assert await fsm.get_value(KEY, "missing", "dflt") == "dflt"
    await fsm.set_data(KEY, {"only": True})
    assert await fsm.get_data(KEY) == {"only": True}


async def test_state_and_data_are_independent(fsm: SQLiteStorage) -> None:
    await fsm.set_data(KEY, {"lead_id": "7"})
    await fsm.set_state(KEY, Comment.confirm)
    await fsm.set_state(KEY, None)
    assert await fsm.get_data(KEY) == {"lead_id": "7"}

    await fsm.set_state(KEY, Comment.text)
    await fsm.set_data(KEY, {})
    assert await fsm.get_state(KEY) == "Comment:text"


async def test_a_dialog_survives_a_restart(store: Store) -> None:
    context = FSMContext(storage=SQLiteStorage(store), key=KEY)
    await context.set_state(Comment.confirm)
    await context.update_data(lead_id="7", text="Клиент просит КП")
    await store.close()

    async with Store(store.path) as reopened:
        again = FSMContext(storage=SQLiteStorage(reopened), key=KEY)
        assert await again.get_state() == "Comment:confirm"
        assert await again.get_data() == {"lead_id": "7", "text": "Клиент просит КП"}


async def test_every_key_field_separates_dialogs(fsm: SQLiteStorage) -> None:
    variants = [
        KEY,
        replace(KEY, bot_id=2),
        replace(KEY, chat_id=-200),
        replace(KEY, user_id=222),
        replace(KEY, thread_id=5),
        replace(KEY, business_connection_id="bc1"),
        replace(KEY, destiny="other"),
        # values that a naive "a:b:c" join would confuse
        replace(KEY, business_connection_id="None"),
        replace(KEY, destiny="default:x"),
    ]
    for n, key in enumerate(variants):
        await fsm.set_state(key, f"S:{n}")
        await fsm.set_data(key, {"n": n})

    for n, key in enumerate(variants):
        assert await fsm.get_state(key) == f"S:{n}"
        assert await fsm.get_data(key) == {"n": n}


async def test_data_that_json_cannot_keep_is_refused(fsm: SQLiteStorage) -> None:
    await fsm.set_data(KEY, {"keep": 1})
    for bad in ({"obj": object()}, {"pair": (1, 2)}, {"ids": {1: "a"}}, {"x": float("nan")}):
        with pytest.raises(TypeError, match="FSM data"):
            await fsm.set_data(KEY, bad)
    with pytest.raises(TypeError, match="FSM data"):
        await fsm.update_data(KEY, {"obj": object()})
    with pytest.raises(DataNotDictLikeError):
        await fsm.set_data(KEY, [("a", 1)])  # type: ignore[arg-type]
    assert await fsm.get_data(KEY) == {"keep": 1}


async def test_an_empty_dialog_leaves_no_row(fsm: SQLiteStorage, store: Store) -> None:
    await fsm.set_state(KEY, Comment.text)
    await fsm.set_data(KEY, {"a": 1})
    assert _fsm_rows(store.path) == 1

    await fsm.set_state(KEY, None)
    await fsm.set_data(KEY, {})
    assert _fsm_rows(store.path) == 0


async def test_closing_the_storage_leaves_the_store_open(fsm: SQLiteStorage, store: Store) -> None:
    await fsm.close()

    await fsm.set_state(KEY, Comment.text)
    assert await fsm.get_state(KEY) == "Comment:text"
    assert await store.get_cursor("x") is None


def _fsm_row(path: Path) -> tuple[str | None, str, str] | None:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT state, data, updated_at FROM fsm").fetchone()  # type: ignore[no-any-return]


async def test_the_copy_in_memory_is_the_file(fsm: SQLiteStorage, store: Store) -> None:
    """Reads come from memory: what they give is what the file holds, a changed answer
    never changes the dialog, a write of what is there already leaves the row alone."""
    await fsm.set_state(KEY, Comment.text)
    await fsm.set_data(KEY, {"lead_id": "7"})
    first = _fsm_row(store.path)
    assert first is not None and first[:2] == ("Comment:text", '{"lead_id":"7"}')

    got = await fsm.get_data(KEY)
    got["lead_id"] = "999"
    assert await fsm.get_data(KEY) == {"lead_id": "7"}

    await fsm.set_state(KEY, Comment.text)
    await fsm.set_data(KEY, {"lead_id": "7"})
    assert _fsm_row(store.path) == first  # not even its time changed

    await fsm.set_state(KEY, Comment.confirm)
    assert await fsm.get_data(KEY) == {"lead_id": "7"}
    assert _fsm_row(store.path)[:2] == ("Comment:confirm", '{"lead_id":"7"}')  # type: ignore[index]


async def test_dialogs_beyond_the_copy_in_memory_are_read_from_the_file(store: Store) -> None:
    fsm = SQLiteStorage(store, cached_keys=2)
    keys = [replace(KEY, user_id=n) for n in range(5)]
    for n, key in enumerate(keys):
        await fsm.set_state(key, f"S:{n}")
        await fsm.update_data(key, {"n": n})
    for n, key in enumerate(keys):
        assert await fsm.get_state(key) == f"S:{n}"
        assert await fsm.get_data(key) == {"n": n}
    for key in keys:  # writes to keys mostly no longer in memory
        await fsm.set_state(key, None)
    assert [await fsm.get_state(k) for k in keys] == [None] * 5
    assert [await fsm.get_data(k) for k in keys] == [{"n": n} for n in range(5)]


async def test_a_dialog_says_when_it_last_changed(
    fsm: SQLiteStorage, store: Store, clock: ManualClock
) -> None:
    """What a dialog's age is read from: a change of its state or data, by the store's
    clock; a write of what is there already does not make it younger."""
    assert await fsm.changed_at(KEY) is None
    asked = clock()
    await fsm.set_state(KEY, Comment.text)
    await fsm.set_data(KEY, {"lead_id": "7"})
    clock.advance(600)
    await fsm.set_state(KEY, Comment.text)
    await fsm.update_data(KEY, {"lead_id": "7"})
    assert await fsm.changed_at(KEY) == asked
    assert await SQLiteStorage(store).changed_at(KEY) == asked  # read from the file too
    await fsm.update_data(KEY, {"lead_id": "8"})
    assert await fsm.changed_at(KEY) == clock()
