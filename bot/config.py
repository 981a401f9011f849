"""Settings: environment variables and an optional `.env`, validated once at start."""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class CRMKind(StrEnum):
    SANDBOX = "sandbox"
    ENVYBOX = "envybox"
    SALESMAN = "salesman"
    FIVECRM = "fivecrm"
    GOCRM = "gocrm"


class Language(StrEnum):
    RU = "ru"
    EN = "en"


class LogLevel(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


# What each variable expects, for the one-line error an admin sees.
EXPECTED: dict[str, str] = {
    "BOT_TOKEN": "the token from @BotFather, like 123456789:AAE...",
    "TELEGRAM_API_URL": "an http(s) URL of a Bot API server, like http://127.0.0.1:8081",
    "CRM_KIND": "one of: " + ", ".join(k.value for k in CRMKind),
    "CRM_URL": "the CRM's address, like https://mycompany.envycrm.com",
    "CRM_API_KEY": "the CRM's API key",
    "LEAD_SCAN_PAGES": "a number of lead list pages (200 leads each) from 1 to 100",
    "CRM_LOGIN": "the login of the CRM user the bot works as (SalesMan)",
    "CRM_PUBLIC_TOKEN": "5CRM's public token (Settings → Код на сайт)",
    "CRM_SECRET_TOKEN": "5CRM's secret token (issued by 5CRM on request)",
    "DATABASE_PATH": "a file path, like ./data/bot.sqlite3",
    "ADMIN_IDS": "comma-separated Telegram user ids, like 12345,67890",
    "TIMEZONE": "an IANA time zone name, like Europe/Moscow",
    "LANGUAGE": "ru or en",
    "LOG_LEVEL": "one of: DEBUG, INFO, WARNING, ERROR",
    "CRM_TIMEOUT": "seconds, a number above 0",
    "CRM_DEADLINE": "seconds, a number from 1 to 300",
    "REQUEST_TTL_HOURS": "hours, a number above 0 (up to 720)",
    "DEFAULT_TASK_TIME": "a time of day, like 10:00",
    "POLL_INTERVAL": "seconds, a number from 1 to 3600",
    "RETENTION_DAYS": "days, a number from 1 to 3650",
    "CATCHUP_HOURS": "hours, a number from 1 to 720",
    "DIGEST_THRESHOLD": "a number of waiting leads from 2 to 1000, or 0 for never",
    "ESCALATE_MINUTES": "minutes up to 1440 (e.g. 15), or 0 for never",
    "UNTAKEN_LIST_AT": "a time of day such as 18:00, or empty for never",
    "TASK_REMIND_MINUTES": "minutes up to 1440 (e.g. 15), or 0 for never",
    "CRM_ALERT_MINUTES": "minutes up to 1440 (e.g. 5), or 0 for never",
    "CRM_CACHE_SECONDS": "seconds, a number from 0 to 86400",
    "DIALOG_TTL_MINUTES": "minutes, a number from 1 to 1440 (e.g. 30)",
}

_TOKEN_SHAPE = r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        hide_input_in_errors=True,
    )

    bot_token: SecretStr
    telegram_api_url: AnyHttpUrl | None = None
    crm_kind: CRMKind = CRMKind.SANDBOX
    crm_url: AnyHttpUrl | None = None
    crm_api_key: SecretStr | None = None
    crm_login: str | None = None
    crm_public_token: SecretStr | None = None
    crm_secret_token: SecretStr | None = None
    lead_scan_pages: int = Field(default=10, ge=1, le=100)
    crm_timeout: float = Field(default=10.0, gt=0, le=300)
    crm_deadline: float = Field(default=12.0, ge=1, le=300)
    request_ttl_hours: float = Field(default=72.0, gt=0, le=720)
    default_task_time: time = time(10, 0)
    poll_interval: float = Field(default=10.0, ge=1, le=3600)
    retention_days: float = Field(default=30.0, ge=1, le=3650)
    catchup_hours: float = Field(default=24.0, ge=1, le=720)
    digest_threshold: int = Field(default=10, ge=0, le=1000)
    escalate_minutes: float = Field(default=15.0, ge=0, le=1440)
    untaken_list_at: time | None = time(18, 0)
    task_remind_minutes: float = Field(default=15.0, ge=0, le=1440)
    crm_alert_minutes: float = Field(default=5.0, ge=0, le=1440)
    crm_cache_seconds: float = Field(default=300.0, ge=0, le=86400)
    dialog_ttl_minutes: float = Field(default=30.0, ge=1, le=1440)
    database_path: Path = Path("./data/bot.sqlite3")
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Moscow"
    language: Language = Language.RU
    log_level: LogLevel = LogLevel.INFO

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not re.fullmatch(_TOKEN_SHAPE, value.get_secret_value().strip()):
            raise ValueError("malformed token")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            ids = set()
            for part in parts:
                if not part:
                    continue
                if not part.lstrip("-").isdigit():
                    raise ValueError(f"not a number: {part!r}")
                ids.add(int(part))
            return frozenset(ids)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("untaken_list_at", mode="before")
    @classmethod
    def _empty_is_never(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = value.strip()
        if value.lower() in {"", "off", "0"}:
            return None
        return "0" + value if re.fullmatch(r"\d:\d\d", value) else value  # 9:30 → 09:30

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("language", "crm_kind", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _crm_needs_address(self) -> Settings:
        if self.crm_kind is not CRMKind.SANDBOX and self.crm_url is None:
            raise ValueError("CRM_URL: required when CRM_KIND is " + self.crm_kind.value)
        keyed = self.crm_kind in (CRMKind.ENVYBOX, CRMKind.SALESMAN)
        if keyed and (self.crm_api_key is None or not self.crm_api_key.get_secret_value()):
            raise ValueError("CRM_API_KEY: required when CRM_KIND is " + self.crm_kind.value)
        token = self.crm_public_token
        if self.crm_kind is CRMKind.FIVECRM and (token is None or not token.get_secret_value()):
            raise ValueError("CRM_PUBLIC_TOKEN: required when CRM_KIND is fivecrm")
        if self.crm_kind is CRMKind.SALESMAN and not (self.crm_login or "").strip():
            raise ValueError("CRM_LOGIN: required when CRM_KIND is salesman")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SettingsError(Exception):
    """One line for the admin: which variable, and what is expected."""


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings, or raise SettingsError with one clear line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p != "__root__"]
    message = str(first.get("msg", "invalid value"))
    if loc:
        var = loc[0].upper()
    else:  # a model-level check names its variable at the start of the message
        text = message.removeprefix("Value error, ")
        var, _, message = text.partition(": ")
    expected = EXPECTED.get(var, "a valid value")
    message = message.removeprefix("Value error, ")
    if first.get("type") == "missing":
        return f"{var} is not set: expected {expected}"
    if message.startswith("required when"):
        return f"{var} is not set ({message}): expected {expected}"
    return f"{var} is invalid ({message}): expected {expected}"
