import asyncio
import contextlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.store import MigrationError, Store, StoreClosed, StoreError
from bot.store.migrating import statements
from bot.store.migrations import MIGRATIONS

LATEST = MIGRATIONS[-1][0]


def _sync_query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.execute(sql).fetchall())


async def test_open_creates_the_folder_applies_migrations_and_turns_on_wal(db_path: Path) -> None:
    assert not await asyncio.to_thread(db_path.parent.exists)
    async with Store(db_path) as store:
        assert await store.schema_version() == LATEST
        async with store.transaction() as db:
            pragmas = {
                name: next(iter(await db.execute_fetchall(f"PRAGMA {name}")))[0]
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    assert await asyncio.to_thread(db_path.is_file)
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}
    assert _sync_query(db_path, "PRAGMA journal_mode") == [("wal",)]


async def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    async with Store(db_path) as store:
        await store.set_cursor("leads", "41")
    async with Store(db_path) as store:
        assert await store.schema_version() == LATEST
        assert await store.get_cursor("leads") == "41"
    versions = _sync_query(db_path, "SELECT version FROM schema_version ORDER BY version")
    assert versions == [(v,) for v, _ in MIGRATIONS]


async def test_a_later_migration_is_applied_on_the_next_open(db_path: Path) -> None:
    async with Store(db_path) as store:
        assert await store.schema_version() == LATEST
    extra = (LATEST + 1, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);")
    async with Store(db_path, migrations=(*MIGRATIONS, extra)) as store:
        assert await store.schema_version() == LATEST + 1
    assert _sync_query(db_path, "SELECT COUNT(*) FROM notes") == [(0,)]


async def test_a_failing_migration_is_rolled_back_and_reported(db_path: Path) -> None:
    broken = (
        LATEST + 1,
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);",
    )
    store = Store(db_path, migrations=(*MIGRATIONS, broken))
    with pytest.raises(MigrationError, match=f"migration {LATEST + 1}"):
        await store.open()
    with pytest.raises(StoreClosed):
        await store.schema_version()
    tables = _sync_query(db_path, "SELECT name FROM sqlite_master WHERE name = 'half_done'")
    assert tables == []
    async with Store(db_path) as reopened:
        assert await reopened.schema_version() == LATEST


async def test_a_database_newer_than_the_code_is_refused(db_path: Path) -> None:
    newer = (*MIGRATIONS, (LATEST + 1, "CREATE TABLE future (id INTEGER);"))
    async with Store(db_path, migrations=newer):
        pass
    with pytest.raises(MigrationError, match="this code knows only"):
        await Store(db_path).open()


async def test_migrations_must_be_numbered_without_gaps(db_path: Path) -> None:
    with pytest.raises(MigrationError, match="expected 2"):
        await Store(db_path, migrations=(*MIGRATIONS[:1], (3, "SELECT 1;"))).open()


async def test_use_before_open_and_after_close_is_a_store_error(db_path: Path) -> None:
    store = Store(db_path)
    with pytest.raises(StoreClosed):
        await store.get_binding(1)
    await store.open()
    with pytest.raises(StoreError, match="already open"):
        await store.open()
    await store.close()
    await store.close()  # closing twice is harmless
    with pytest.raises(StoreClosed):
        await store.get_cursor("x")


def test_statements_keeps_semicolons_inside_strings_and_triggers() -> None:
    script = """
        CREATE TABLE t (a TEXT);
        INSERT INTO t VALUES ('x;y');
        CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = a || ';'; END;
    """
    parts = list(statements(script))
    assert len(parts) == 3
    assert parts[1] == "INSERT INTO t VALUES ('x;y');"
    assert parts[2].endswith("END;")
    with pytest.raises(ValueError, match="incomplete"):
        list(statements("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;"))


async def test_a_write_cancelled_at_any_step_leaves_the_store_usable(store: Store) -> None:
    """The notifier's tasks are cancelled at shutdown wherever they are: a cancelled write
    is rolled back whole, and the next one works (the lease is released, the bot restarts)."""
    for steps in range(8):
        task = asyncio.create_task(store.set_cursor("c", f"value {steps}"))
        for _ in range(steps):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await store.set_cursor("after", str(steps))  # raised "within a transaction" before
        assert await store.get_cursor("after") == str(steps)
