"""Shared test set-up: no setting leaks in from the developer's environment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox import SANDBOX_API_KEY, SandboxServer

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


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[SandboxServer]:
    """A sandbox CRM of the test's own on a free loopback port, stopped afterwards."""
    server = SandboxServer(tmp_path / "sandbox.sqlite3", SANDBOX_API_KEY)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
