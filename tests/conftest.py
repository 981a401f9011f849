"""Shared test set-up: no setting leaks in from the developer's environment."""

from __future__ import annotations

import pytest

SETTINGS_VARS = (
    "BOT_TOKEN",
    "TELEGRAM_API_URL",
    "CRM_KIND",
    "CRM_URL",
    "CRM_API_KEY",
    "CRM_TIMEOUT",
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
