from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import TOKEN
from tests.fakes.fivecrm import FiveCrmServer
from tests.fakes.salesman import SalesmanServer
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
async def salesman() -> AsyncIterator[SalesmanServer]:
    """A SalesMan API 2.0 emulator with its demo data."""
    async with SalesmanServer() as server:
        yield server


@pytest.fixture
async def five() -> AsyncIterator[FiveCrmServer]:
    """A 5CRM API emulator; it knows both tokens."""
    async with FiveCrmServer() as server:
        yield server
