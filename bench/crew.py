"""The benchmark's people and data: staff bound to CRM employees, one untaken lead each."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bot.sandbox import SandboxServer
from bot.store import Store
from tests.fakes.telegram import FakeUser

FIRST_USER_ID = 500_000_001
LEAD_PHONE_BASE = 79_035_000_000  # +7 903 500-00-00: a mobile range no seeded lead uses
SETUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class SeededLead:
    id: str
    phone: str  # digits with the country code, e.g. "79035000001"


@dataclass(frozen=True)
class Member:
    """One simulated staff member: the Telegram user and the lead they will work."""

    user: FakeUser
    employee_key: str
    lead: SeededLead


async def create_leads(sandbox: SandboxServer, count: int, first: int = 1) -> list[SeededLead]:
    """``count`` untaken leads with phones of their own, created through the CRM's lead/set."""
    url = f"{sandbox.url}/openapi/v1/lead/set/"
    limits = httpx.Limits(max_connections=20)
    async with httpx.AsyncClient(timeout=SETUP_TIMEOUT, limits=limits) as http:

        async def one(n: int) -> SeededLead:
            phone = str(LEAD_PHONE_BASE + n)
            values = {"name": f"Клиент {n}", "phone": phone, "comment": "Заявка из бенчмарка"}
            answer = await http.post(
                url,
                params={"api_key": sandbox.api_key},
                json={"request": {"method": "create", "values": values}},
            )
            answer.raise_for_status()
            return SeededLead(str(answer.json()["id"]), phone)

        return list(await asyncio.gather(*(one(n) for n in range(first, first + count))))


async def prepare(sandbox: SandboxServer, count: int) -> list[tuple[str, SeededLead]]:
    """``count`` new CRM employees, each with an untaken lead: run before the bot starts, so
    the bot's first read of the employee list already has them."""
    keys = await sandbox.add_employees(count)
    leads = await create_leads(sandbox, count)
    return list(zip(keys, leads, strict=True))


async def bind(store: Store, prepared: list[tuple[str, SeededLead]]) -> list[Member]:
    """One new Telegram user bound to each employee, straight through the bot's store."""
    members = []
    for n, (key, lead) in enumerate(prepared):
        user = FakeUser(id=FIRST_USER_ID + n, first_name=f"Staff{n}", language_code="ru")
        await store.bind(user.id, key, f"{user.first_name} (employee {key})")
        members.append(Member(user, key, lead))
    return members
