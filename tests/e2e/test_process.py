"""`python -m bot` as a process: settings errors, start on the sandbox, signals, conflict."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import TOKEN
from tests.e2e.process import BotProcess
from tests.fakes.telegram import FakeTelegram, FakeUser

ALICE = FakeUser(id=1001, first_name="Алиса", username="alice", language_code="ru")


def bot_env(tg: FakeTelegram, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": tg.url,
        "DATABASE_PATH": str(tmp_path / "data" / "bot.sqlite3"),
        **extra,
    }


@pytest.mark.parametrize(
    ("env", "first_words"),
    [
        ({}, "Configuration error: BOT_TOKEN is not set"),
        ({"BOT_TOKEN": TOKEN, "CRM_KIND": "bitrix"}, "Configuration error: CRM_KIND is invalid"),
        ({"BOT_TOKEN": TOKEN, "ADMIN_IDS": "1,x"}, "Configuration error: ADMIN_IDS is invalid"),
        (
            {"BOT_TOKEN": TOKEN, "CRM_KIND": "envybox"},
            "Configuration error: CRM_URL is not set",
        ),
    ],
)
async def test_bad_setting_is_one_line_and_exit_2(
    tmp_path: Path, env: dict[str, str], first_words: str
) -> None:
    async with BotProcess(env, cwd=tmp_path) as proc:
        assert await proc.exit_code() == 2
    assert len(proc.lines) == 1, proc.output
    assert proc.lines[0].startswith(first_words)
    assert "Traceback" not in proc.output


async def test_starts_the_sandbox_answers_and_stops_on_sigterm(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    spawned = time.monotonic()
    async with BotProcess(bot_env(tg, tmp_path), cwd=tmp_path) as proc:
        started = await proc.wait_line(r"started: crm=sandbox")
        waited = time.monotonic() - spawned
        assert "url=http://127.0.0.1:" in started
        assert "bot=@crm_test_bot" in started
        assert " in " in started and started.endswith(" s")
        # counted from the process's start, imports included: most of what we waited for
        reported = float(started.rsplit(" in ", 1)[1].removesuffix(" s"))
        assert 0.6 * waited <= reported <= waited
        tg.send_text(ALICE, "/start")
        reply = await tg.wait_message(ALICE.id, timeout=15)
        assert "Алиса" in reply.text
        proc.signal(signal.SIGTERM)
        assert await proc.exit_code() == 0
    assert TOKEN not in proc.output
    assert TOKEN.split(":")[1] not in proc.output
    assert (tmp_path / "data" / "bot.sqlite3").exists()


async def test_second_poller_on_the_same_token_stops_with_one_line(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    tg.fail_next(
        "getUpdates",
        409,
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        times=100,
    )
    async with BotProcess(bot_env(tg, tmp_path), cwd=tmp_path) as proc:
        assert await proc.exit_code() == 1
    conflict = [line for line in proc.lines if "another process" in line]
    assert len(conflict) == 1, proc.output
    assert "BOT_TOKEN" in conflict[0]
    assert sum(1 for c in tg.calls if c.method == "getUpdates") <= 2


async def test_token_refused_by_telegram_exits_2(tg: FakeTelegram, tmp_path: Path) -> None:
    env = bot_env(tg, tmp_path, BOT_TOKEN="999:not-the-fake-servers-token")
    async with BotProcess(env, cwd=tmp_path) as proc:
        assert await proc.exit_code() == 2
    assert any("BOT_TOKEN was refused by Telegram" in line for line in proc.lines), proc.output
    assert "not-the-fake-servers-token" not in proc.output


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"this is no database at all" * 200, id="not-a-database"),
        pytest.param(lambda data: data[:4096] + b"\xff" * (len(data) - 4096), id="torn-pages"),
    ],
)
async def test_a_damaged_database_is_one_line_and_exit_2(
    tg: FakeTelegram, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    with sqlite3.connect(database) as made:  # a real database with a few pages...
        made.execute("CREATE TABLE t (x TEXT)")
        made.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 50)
    made.close()
    database.write_bytes(damage(database.read_bytes()))  # ...then damaged on disk
    async with BotProcess(bot_env(tg, tmp_path), cwd=tmp_path) as proc:
        assert await proc.exit_code() == 2
    assert len(proc.lines) == 1, proc.output
    assert f"ERROR bot: DATABASE_PATH={database} is damaged" in proc.lines[0], proc.output
    assert "restore the file from a backup" in proc.lines[0]
    assert "Traceback" not in proc.output
