"""Shared test set-up: no setting leaks in from the developer's environment, and the bot's
clock starts where TEST_CLOCK says (e.g. ``TEST_CLOCK=2026-12-31T23:59:00+03:00 ./run tests``:
every test begins one minute before a new year in Moscow, and time runs on from there)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot import clock
from bot.sandbox import SANDBOX_API_KEY, SandboxServer

CLOCK_VAR = "TEST_CLOCK"

SETTINGS_VARS = (
    "BOT_TOKEN",
    "TELEGRAM_API_URL",
    "CRM_KIND",
    "CRM_URL",
    "CRM_API_KEY",
    "CRM_LOGIN",
    "CRM_PUBLIC_TOKEN",
    "CRM_SECRET_TOKEN",
    "LEAD_SCAN_PAGES",
    "CRM_TIMEOUT",
    "CRM_DEADLINE",
    "REQUEST_TTL_HOURS",
    "DEFAULT_TASK_TIME",
    "POLL_INTERVAL",
    "RETENTION_DAYS",
    "CATCHUP_HOURS",
    "DIGEST_THRESHOLD",
    "ESCALATE_MINUTES",
    "UNTAKEN_LIST_AT",
    "TASK_REMIND_MINUTES",
    "CRM_ALERT_MINUTES",
    "CRM_CACHE_SECONDS",
    "DATABASE_PATH",
    "ADMIN_IDS",
    "TIMEZONE",
    "LANGUAGE",
    "LOG_LEVEL",
)


@pytest.fixture(autouse=True)
def _clean_settings_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in SETTINGS_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(autouse=True)
def _test_clock() -> Iterator[None]:
    start = os.environ.get(CLOCK_VAR)
    clock.set_start(datetime.fromisoformat(start) if start else None)
    yield
    clock.set_start(None)


def pytest_report_header() -> str | None:
    start = os.environ.get(CLOCK_VAR)
    return f"the bot's clock starts each test at {start} ({CLOCK_VAR})" if start else None


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[SandboxServer]:
    """A sandbox CRM of the test's own on a free loopback port, stopped afterwards."""
    server = SandboxServer(tmp_path / "sandbox.sqlite3", SANDBOX_API_KEY)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
