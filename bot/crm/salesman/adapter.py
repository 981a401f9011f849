"""The SalesMan CRM (API 2.0) adapter: the `CRM` protocol over SalesMan's wire format.

Calls and headers live in `api`, the error mapping in `errors`, wire models in `wire`.
An employee's key is their login: the `login` header of a call made for them.

What works so far: the credentials check and the employee list with phones (binding by
a shared contact). The other operations of the issue are still to come; the capabilities
say exactly what is there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from bot.crm.cache import SnapshotCache
from bot.crm.capabilities import Capability
from bot.crm.errors import CRMError, UnexpectedPayload
from bot.crm.models import Employee
from bot.crm.protocol import CRM
from bot.crm.salesman.api import SalesmanApi
from bot.crm.salesman.wire import WireUser, rows
from bot.phones import normalize_phone


class SalesmanCRM(CRM):
    kind = "salesman"
    capabilities: frozenset[Capability] = frozenset({Capability.LIST_EMPLOYEES})

    def __init__(
        self,
        base_url: str,
        login: str,
        api_key: str,
        *,
        timezone: ZoneInfo,
        timeout: float,
        cache_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
    ) -> None:
        self._api = SalesmanApi(
            base_url, login, api_key, timeout=timeout, client=client, retries=retries
        )
        self._tz = timezone
        self._host = urlsplit(base_url.strip()).hostname or base_url
        self._staff = SnapshotCache[tuple[Employee, ...]](self._load_employees, cache_ttl)

    async def close(self) -> None:
        await self._api.close()

    async def account_name(self) -> str:
        """SalesMan has no account name: its address. The call proves the key and login."""
        await self._api.call("user", "user", {"user": self._api.login}, read=True)
        return f"SalesMan {self._host}"

    async def employees(self) -> Sequence[Employee]:
        return await self._staff.get()

    async def _load_employees(self) -> tuple[Employee, ...]:
        """`user.list` has no phones: each active user's `user` is read too, at once."""
        listed = [_user(row) for row in rows(await self._api.call("user", "user.list", read=True))]
        active = [u for u in listed if u.is_active]
        found = await asyncio.gather(*(self._one(u.login) for u in active))
        return tuple(_employee(full or brief) for brief, full in zip(active, found, strict=True))

    async def _one(self, login: str) -> WireUser | None:
        try:
            body = await self._api.call("user", "user", {"user": login}, read=True)
        except CRMError:
            return None  # the list's own fields still name them
        data = body.get("data") if isinstance(body, dict) else None
        return _user(data) if isinstance(data, dict) else None


def _user(row: object) -> WireUser:
    if not isinstance(row, dict):
        raise UnexpectedPayload("user: a user that is not an object")
    return WireUser.model_validate(row)


def _employee(user: WireUser) -> Employee:
    return Employee(
        key=user.login,
        name=user.title or user.login,
        phone=normalize_phone(user.phone) if user.phone else None,
        mobile=normalize_phone(user.mob) if user.mob else None,
        email=user.email,
        position=user.user_post,
    )
