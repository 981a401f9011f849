"""The Go-CRM adapter: intake of leads for children's activity centres.

Go-CRM's public API v3 creates leads (`POST /leads`: a child's name, a parent's name, a
phone, a birthday and the centre to visit) and lists cities, their centres and the
employees; it cannot search or list leads. Its methods need no authentication. An
employee's key is their Go-CRM user id; `/users` has no phones, so staff are bound by
invite or by an admin's approval.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from bot.crm.cache import SnapshotCache
from bot.crm.capabilities import Capability
from bot.crm.errors import NotSupported
from bot.crm.forms import Answers, Choice, Creation, Form
from bot.crm.gocrm.api import GoCrmApi
from bot.crm.gocrm.forms import LEAD, POSITIONS
from bot.crm.models import Center, CreatedLead, Employee, NewLead
from bot.crm.protocol import CRM

_C = Capability
WIRE_NAMES = {"mail": "email"}  # the API's field → the form's (for refused fields)


class GoCrmCRM(CRM):
    kind = "gocrm"
    capabilities: frozenset[Capability] = frozenset(
        {_C.LIST_EMPLOYEES, _C.CREATE_LEAD, _C.LIST_CENTERS}
    )

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        cache_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
    ) -> None:
        self._api = GoCrmApi(base_url, timeout=timeout, client=client, retries=retries)
        self._host = urlsplit(base_url.strip()).hostname or base_url
        self._ttl = cache_ttl
        self._cities = SnapshotCache[tuple[Choice, ...]](self._load_cities, cache_ttl)
        self._users = SnapshotCache[tuple[Employee, ...]](self._load_users, cache_ttl)
        self._centers: dict[str, SnapshotCache[tuple[Center, ...]]] = {}

    async def close(self) -> None:
        await self._api.close()

    async def account_name(self) -> str:
        """Go-CRM has no account name: its address. The city list proves it answers."""
        await self._cities.get()
        return f"Go-CRM {self._host}"

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        return await self._users.get(stale=not fresh)

    async def cities(self) -> Sequence[Choice]:
        return await self._cities.get()

    async def centers(self, city_id: str) -> Sequence[Center]:
        if city_id not in self._centers:
            self._centers[city_id] = SnapshotCache[tuple[Center, ...]](
                lambda: self._load_centers(city_id), self._ttl
            )
        return await self._centers[city_id].get()

    async def form(self, creates: Creation) -> Form:
        if creates is not Creation.LEAD:
            raise NotSupported(creates.capability)
        return LEAD

    async def form_choices(self, creates: Creation, key: str, answers: Answers) -> Sequence[Choice]:
        if creates is Creation.LEAD and key == "city":
            return await self.cities()
        if creates is Creation.LEAD and key == "center_id" and answers.get("city"):
            return [Choice(id=c.id, name=c.name) for c in await self.centers(answers["city"])]
        if creates is Creation.LEAD and key == "center_id":
            return []
        raise NotSupported(creates.capability)

    async def create_lead(self, lead: NewLead, *, as_employee: str | None = None) -> CreatedLead:
        """`POST /leads`; the birthday goes as `YYYY-MM-DD`, as the model says. The new
        lead's id and status come back in `data`."""
        body: dict[str, Any] = {
            "name": lead.name,
            "phone": lead.phone,
            "center_id": lead.more.get("center_id"),
            "birthday": lead.more.get("birthday"),
            "fio": lead.more.get("fio"),
            "mail": lead.email,
            "comment": lead.comment,
        }
        sent = {k: v for k, v in body.items() if v}
        data = await self._api.write("leads", sent, WIRE_NAMES)
        record = data if isinstance(data, dict) else {}
        ident = str(record.get("id") or "").strip() or None
        status = str(record.get("status") or "").strip() or None
        return CreatedLead(id=ident, status=status)

    async def _load_cities(self) -> tuple[Choice, ...]:
        data = await self._api.read("cities")
        return tuple(
            Choice(id=str(c["id"]), name=str(c.get("name") or c.get("alias") or c["id"]))
            for c in _rows(data)
            if c.get("id") not in (None, "")
        )

    async def _load_centers(self, city_id: str) -> tuple[Center, ...]:
        data = await self._api.read(f"cities/{city_id}/centers")
        return tuple(_center(c) for c in _rows(data) if c.get("id") not in (None, ""))

    async def _load_users(self) -> tuple[Employee, ...]:
        found = []
        for user in _rows(await self._api.read("users")):
            if user.get("id") in (None, ""):
                continue
            center: dict[str, Any] = user["center"] if isinstance(user.get("center"), dict) else {}
            where = ", ".join(str(x) for x in (center.get("city"), center.get("centerAlias")) if x)
            role = POSITIONS.get(str(user.get("position")), "")
            found.append(
                Employee(
                    key=str(user["id"]),
                    name=str(user.get("displayName") or user.get("name") or user.get("login")),
                    position=" · ".join(x for x in (role, where, str(user.get("login") or "")) if x)
                    or None,
                )
            )
        return tuple(found)


def _rows(data: Any) -> list[dict[str, Any]]:
    return [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []


def _center(row: dict[str, Any]) -> Center:
    address = str(row.get("address") or "") or None
    alias = str(row.get("centerAlias") or "") or None
    name = f"{address} ({alias})" if address and alias else address or alias or str(row["id"])
    return Center(
        id=str(row["id"]),
        name=name,
        city=str(row.get("city") or "") or None,
        address=address,
        phone=str(row.get("phone") or "") or None,
        email=str(row.get("email") or "") or None,
        timezone=str(row.get("timezone") or "") or None,
    )
