from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

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
