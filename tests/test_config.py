"""Settings: what an admin sees for each bad or missing variable."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import CRMKind, Language, SettingsError, load_settings

TOKEN = "123456:ABCdef_ghi-JKL"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in (
        "BOT_TOKEN",
        "TELEGRAM_API_URL",
        "CRM_KIND",
        "CRM_URL",
        "CRM_API_KEY",
        "DATABASE_PATH",
        "ADMIN_IDS",
        "TIMEZONE",
        "LANGUAGE",
        "LOG_LEVEL",
        "CRM_TIMEOUT",
        "UNTAKEN_LIST_AT",
        "ESCALATE_MINUTES",
        "CRM_ALERT_MINUTES",
        "DIALOG_TTL_MINUTES",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's folder


def test_defaults_with_only_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    s = load_settings()
    assert s.crm_kind is CRMKind.SANDBOX
    assert s.language is Language.RU
    assert s.timezone == "Europe/Moscow"
    assert s.database_path == Path("data/bot.sqlite3")
    assert s.admin_ids == frozenset()
    assert s.telegram_api_url is None
    assert s.dialog_ttl_minutes == 30


def test_missing_token_names_the_variable() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert (
        str(err.value)
        == "BOT_TOKEN is not set: expected the token from @BotFather, like 123456789:AAE..."
    )


def test_malformed_token_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "secret-but-wrong")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert str(err.value).startswith("BOT_TOKEN is invalid")
    assert "secret-but-wrong" not in str(err.value)


@pytest.mark.parametrize(
    ("var", "value", "start"),
    [
        ("CRM_KIND", "bitrix", "CRM_KIND is invalid"),
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS is invalid"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE is invalid"),
        ("LANGUAGE", "de", "LANGUAGE is invalid"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL is invalid"),
        ("TELEGRAM_API_URL", "not a url", "TELEGRAM_API_URL is invalid"),
        ("CRM_TIMEOUT", "-1", "CRM_TIMEOUT is invalid"),
        ("UNTAKEN_LIST_AT", "25:00", "UNTAKEN_LIST_AT is invalid"),
        ("ESCALATE_MINUTES", "-5", "ESCALATE_MINUTES is invalid"),
        ("CRM_ALERT_MINUTES", "soon", "CRM_ALERT_MINUTES is invalid"),
        ("DIALOG_TTL_MINUTES", "0", "DIALOG_TTL_MINUTES is invalid"),
        ("DIALOG_TTL_MINUTES", "a week", "DIALOG_TTL_MINUTES is invalid"),
    ],
)
def test_invalid_values_name_variable_and_expectation(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str, start: str
) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    text = str(err.value)
    assert text.startswith(start)
    assert ": expected " in text
    assert "\n" not in text


@pytest.mark.parametrize(("value", "expected"), [("off", None), ("", None), ("9:30", time(9, 30))])
def test_the_daily_list_time_or_never(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: time | None
) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("UNTAKEN_LIST_AT", value)
    assert load_settings().untaken_list_at == expected


def test_real_crm_needs_url_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("CRM_KIND", "envybox")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert str(err.value).startswith("CRM_URL is not set")
    monkeypatch.setenv("CRM_URL", "https://demo.envycrm.com")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert str(err.value).startswith("CRM_API_KEY is not set")
    monkeypatch.setenv("CRM_API_KEY", "k-123")
    s = load_settings()
    assert s.crm_api_key is not None and s.crm_api_key.get_secret_value() == "k-123"
    assert "k-123" not in repr(s)


def test_admin_ids_and_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", " 12, 34 ,,56 ")
    monkeypatch.setenv("LANGUAGE", "EN")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    s = load_settings()
    assert s.admin_ids == frozenset({12, 34, 56})
    assert s.language is Language.EN
    assert s.log_level.value == "DEBUG"


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nLANGUAGE=en\n", encoding="utf-8")
    s = load_settings()
    assert s.bot_token.get_secret_value() == TOKEN
    assert s.language is Language.EN
