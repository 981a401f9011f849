"""Builds the adapter for the configured CRM kind."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.crm.protocol import CRM


class UnsupportedCRM(Exception):
    """The configured CRM kind has no adapter in this version."""


def build_crm(
    kind: str,
    url: str,
    api_key: str,
    *,
    timezone: ZoneInfo,
    timeout: float,
    cache_seconds: float = 300.0,
    login: str | None = None,
    scan_pages: int = 10,
    secret: str | None = None,
) -> CRM:
    """`api_key` is the CRM's key (5CRM: its public token; `secret`, its secret one)."""
    if kind in ("envybox", "sandbox"):
        from bot.crm.envybox import EnvyboxCRM

        return EnvyboxCRM(
            url, api_key, timezone=timezone, timeout=timeout, reference_ttl=cache_seconds
        )
    if kind == "salesman":
        from bot.crm.salesman import SalesmanCRM

        assert login is not None  # the settings require CRM_LOGIN for SalesMan
        return SalesmanCRM(
            url,
            login,
            api_key,
            timezone=timezone,
            timeout=timeout,
            cache_ttl=cache_seconds,
            scan_pages=scan_pages,
        )
    if kind == "fivecrm":
        from bot.crm.fivecrm import FiveCrmCRM

        return FiveCrmCRM(
            url, api_key, secret, timezone=timezone, timeout=timeout, cache_ttl=cache_seconds
        )
    if kind == "gocrm":
        from bot.crm.gocrm import GoCrmCRM

        return GoCrmCRM(url, timeout=timeout, cache_ttl=cache_seconds)
    raise UnsupportedCRM(kind)
