"""What every SalesMan operation shares: the API client, the CRM's time zone, and the
employee snapshot (kept for CRM_CACHE_SECONDS) with the user ids the CRM's records use.
The snapshot and the credentials check are the bot's own work: they act as CRM_LOGIN."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from bot.crm.cache import SnapshotCache
from bot.crm.errors import CRMError, UnexpectedPayload
from bot.crm.models import Employee
from bot.crm.protocol import CRM
from bot.crm.salesman.api import SalesmanApi
from bot.crm.salesman.wire import WireUser, rows
from bot.crm.wire_read import read
from bot.phones import normalize_phone


@dataclass(frozen=True)
class Staff:
    employees: tuple[Employee, ...]
    login_of: Mapping[str, str] = field(default_factory=dict)  # iduser → login


class SalesmanBase(CRM):
    def __init__(
        self,
        base_url: str,
        login: str,
        api_key: str,
        *,
        timezone: ZoneInfo,
        timeout: float,
        cache_ttl: float = 300.0,
        scan_pages: int = 10,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
    ) -> None:
        self._api = SalesmanApi(
            base_url, login, api_key, timeout=timeout, client=client, retries=retries
        )
        self._tz = timezone
        self._scan_pages = scan_pages  # `lead list` pages one contact search reads at most
        self._host = urlsplit(base_url.strip()).hostname or base_url
        self._staff = SnapshotCache[Staff](self._load_staff, cache_ttl)

    async def close(self) -> None:
        await self._api.close()

    async def account_name(self) -> str:
        """SalesMan has no account name: its address. The call proves the key and login."""
        await self._api.call("user", "user", {"user": self._api.login}, read=True, as_bot=True)
        return f"SalesMan {self._host}"

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        return (await self._staff.get(stale=not fresh)).employees

    def _time(self, text: str | None) -> datetime | None:
        """A CRM time ("2026-11-30 10:15:00", or a bare date) in the CRM's time zone."""
        if not text:
            return None
        try:
            return datetime.fromisoformat(text.strip()).replace(tzinfo=self._tz)
        except ValueError:
            return None

    async def _load_staff(self) -> Staff:
        """`user.list` has no phones: each active user's `user` is read too, at once."""
        body = await self._api.call("user", "user.list", read=True, as_bot=True)
        listed = [_user(row) for row in rows(body)]
        active = [u for u in listed if u.is_active]
        found = await asyncio.gather(*(self._one(u.login) for u in active))
        employees = tuple(
            _employee(full or brief) for brief, full in zip(active, found, strict=True)
        )
        return Staff(employees, {u.iduser: u.login for u in listed if u.iduser})

    async def _one(self, login: str) -> WireUser | None:
        try:
            body = await self._api.call("user", "user", {"user": login}, read=True, as_bot=True)
        except CRMError:
            return None  # the list's own fields still name them
        data = body.get("data") if isinstance(body, dict) else None
        return _user(data) if isinstance(data, dict) else None


def _user(row: object) -> WireUser:
    if not isinstance(row, dict):
        raise UnexpectedPayload("user: a user that is not an object")
    return read(WireUser, row, "user")


def _employee(user: WireUser) -> Employee:
    return Employee(
        key=user.login,
        name=user.title or user.login,
        phone=normalize_phone(user.phone) if user.phone else None,
        mobile=normalize_phone(user.mob) if user.mob else None,
        email=user.email,
        position=user.user_post,
    )
