"""A CRM whose employee list a test sets or breaks, the people on it, and a clock."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.crm.capabilities import Capability
from bot.crm.errors import UnexpectedPayload
from bot.crm.models import Employee
from bot.crm.protocol import CRM

ANNA = Employee(key="182", name="Анна Смирнова", phone="+79161110001")
IVAN = Employee(key="183", name="Иван Петров", phone="+79161110002")


class ListingCRM(CRM):
    """A CRM whose employee list the test sets (or breaks); counts its reads."""

    kind = "listing"
    capabilities = frozenset({Capability.LIST_EMPLOYEES})

    def __init__(self, *employees: Employee) -> None:
        self.listed: list[Employee] = list(employees)
        self.broken = False
        self.calls = 0

    async def account_name(self) -> str:
        return "listing"

    async def close(self) -> None:
        return None

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        self.calls += 1
        await asyncio.sleep(0)
        if self.broken:
            raise UnexpectedPayload("main/data: not JSON")
        return list(self.listed)


class NoListCRM(ListingCRM):
    capabilities = frozenset()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
