from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.crm.envybox import EnvyboxCRM
from bot.sandbox import SandboxServer
from tests.adapter.mock_crm import MockEnvybox
from tests.adapter.payloads import KEY
from tests.fakes.salesman import SalesmanServer

MSK = ZoneInfo("Europe/Moscow")


class Sleeps:
    """An injected sleep that records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def mock() -> MockEnvybox:
    return MockEnvybox()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def crm(mock: MockEnvybox, sleeps: Sleeps) -> AsyncIterator[EnvyboxCRM]:
    async with mock.client() as client:
        adapter = EnvyboxCRM(
            "https://crm.example.com", KEY, timezone=MSK, client=client, sleep=sleeps
        )
        yield adapter
        await adapter.close()


SANDBOX_KEY = "sandbox-test-key"


@pytest.fixture
async def srv(tmp_path: Path) -> AsyncIterator[SandboxServer]:
    """The sandbox CRM with a key of the adapter tests' own."""
    server = SandboxServer(tmp_path / "sandbox.sqlite3", SANDBOX_KEY)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def server() -> AsyncIterator[SalesmanServer]:
    """A SalesMan API 2.0 emulator with its demo data."""
    async with SalesmanServer() as s:
        yield s
