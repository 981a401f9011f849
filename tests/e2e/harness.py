"""Runs the real bot (App: store, CRM adapter, aiogram Dispatcher) in the test's loop,
polling a FakeTelegram server over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import clock
from bot.app import App
from bot.config import Settings, load_settings
from bot.store import Store

TOKEN = "123456:test-token-for-the-fake-server"
STOP_TIMEOUT = 15.0
PATIENT = 10.0  # seconds a handler has to answer a press itself, in the tests


def make_settings(tmp_path: Path, telegram_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "telegram_api_url": telegram_url,
        "database_path": tmp_path / "bot.sqlite3",
    }
    values.update(overrides)
    return load_settings(_env_file=None, **values)


class MovableClock:
    """The bot's one clock (`bot.clock`), moved on by the test instead of waited for."""

    def advance(self, minutes: float) -> None:
        clock.set_start(clock.now() + timedelta(minutes=minutes))


@asynccontextmanager
async def running_bot(
    settings: Settings, *, busy_timeout: float | None = None, press_early: float = PATIENT
) -> AsyncIterator[App]:
    """Start the bot, poll until the block ends, then shut down as on SIGTERM.
    `busy_timeout`: how long the store waits for a lock another process holds.
    `press_early`: how long a handler has to answer a press itself before the bot answers it
    empty (tests read the handler's own answer, which on a busy machine may take longer than
    the bot's EARLY; `test_deadlines` tests EARLY itself)."""
    app = App(settings)
    app.press_early = press_early
    if busy_timeout is not None:
        app.store = Store(settings.database_path, busy_timeout=busy_timeout)
    try:
        await app.start()
        serving = asyncio.create_task(app.serve(handle_signals=False))
        try:
            yield app
        finally:
            app.stop()
            await asyncio.wait_for(serving, STOP_TIMEOUT)
    finally:
        await app.close()
