"""The benchmark's people and data: staff bound to CRM employees, leads for those who act."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.sandbox import SandboxServer
from bot.store import Store
from tests.fakes.telegram import FakeUser

FIRST_USER_ID = 500_000_001
LEAD_PHONE_BASE = 79_035_000_000  # +7 903 500-00-00: a mobile range no seeded lead uses
SETUP_TIMEOUT = 30.0
SETUP_CONNECTIONS = 20


@dataclass(frozen=True)
class SeededLead:
    id: str
    phone: str  # digits with the country code, e.g. "79035000001"


@dataclass(frozen=True)
class Staffer:
    """A Telegram user bound to a CRM employee."""

    user: FakeUser
    employee_key: str


@dataclass(frozen=True)
class Member(Staffer):
    """One simulated staff member who acts: the bound user and the lead they will work."""

    lead: SeededLead


async def create_leads(sandbox: SandboxServer, count: int, first: int = 1) -> list[SeededLead]:
    """``count`` untaken leads with phones of their own, created through the CRM's lead/set."""
    url = f"{sandbox.url}/openapi/v1/lead/set/"
    limits = httpx.Limits(max_connections=SETUP_CONNECTIONS)
    # no more requests at once than connections: httpcore's pool slows down quadratically
    # with the requests queued in it (hundreds of leads took seconds)
    gate = asyncio.Semaphore(SETUP_CONNECTIONS)
    async with httpx.AsyncClient(timeout=SETUP_TIMEOUT, limits=limits) as http:

        async def one(n: int) -> SeededLead:
            phone = str(LEAD_PHONE_BASE + n)
            values = {"name": f"Клиент {n}", "phone": phone, "comment": "Заявка из бенчмарка"}
            async with gate:
                answer = await http.post(
                    url,
                    params={"api_key": sandbox.api_key},
                    json={"request": {"method": "create", "values": values}},
                )
            answer.raise_for_status()
            return SeededLead(str(answer.json()["id"]), phone)

        return list(await asyncio.gather(*(one(n) for n in range(first, first + count))))


async def hire(sandbox: SandboxServer, count: int) -> list[Staffer]:
    """``count`` new CRM employees, each with the Telegram user to bind to it: run before the
    bot starts, so the bot's first read of the employee list already has them."""
    keys = await sandbox.add_employees(count)
    return [
        Staffer(FakeUser(id=FIRST_USER_ID + n, first_name=f"Staff{n}", language_code="ru"), key)
        for n, key in enumerate(keys)
    ]


async def bind(database: Path, staff: Sequence[Staffer]) -> None:
    """Binds each user to their employee in the bot's store file, before the bot opens it."""
    store = Store(database)
    await store.open()
    try:
        for one in staff:
            await store.bind(
                one.user.id,
                one.employee_key,
                f"{one.user.first_name} (employee {one.employee_key})",
            )
    finally:
        await store.close()


async def with_leads(sandbox: SandboxServer, staff: Sequence[Staffer], first: int) -> list[Member]:
    """The staff, each with a new untaken lead (phones numbered from ``first``)."""
    leads = await create_leads(sandbox, len(staff), first)
    return [
        Member(one.user, one.employee_key, lead) for one, lead in zip(staff, leads, strict=True)
    ]
