from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from tests.e2e.harness import TOKEN
from tests.fakes.telegram import FakeTelegram


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN, bot_username="crm_test_bot")
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[SandboxServer]:
    """A sandbox CRM of the test's own, for pointing the bot at it as a 'real' Envybox."""
    srv = SandboxServer(tmp_path / "crm.sqlite3", SANDBOX_API_KEY)
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()
