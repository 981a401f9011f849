"""The adapters under contract, each against its own emulator over loopback.

A case builds the adapter and names records its emulator holds (`Known`); `OPERATIONS`
holds, for every capability, a short scenario that must work when the capability is
declared. A new adapter joins by adding a case here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.crm.capabilities import Capability
from bot.crm.envybox import EnvyboxCRM
from bot.crm.fivecrm import FiveCrmCRM
from bot.crm.gocrm import GoCrmCRM
from bot.crm.protocol import CRM
from bot.crm.salesman import SalesmanCRM
from bot.sandbox import SandboxServer, seed
from tests.fakes.fivecrm import PUBLIC_TOKEN, SECRET_TOKEN, FiveCrmServer
from tests.fakes.gocrm import GoCrmServer
from tests.fakes.salesman import API_KEY, BOT_LOGIN, SalesmanServer

C = Capability


@dataclass(frozen=True)
class Known:
    """Records the emulator starts with, in domain terms."""

    employee: str  # an employee's key
    other_employee: str
    lead: str  # an untaken lead
    lead_phone: str  # its phone, E.164
    lead_name: str
    spare_lead: str  # another untaken lead, for writes
    deal: str
    deal_name: str
    deal_stage_to: str  # a stage of the deal's pipeline it is not in
    client: str  # the deal's client
    client_name: str
    client_phone: str  # a phone of a client with deals, E.164
    client_deal: str  # a deal of that client
    deal_words: str  # words in one deal's name
    words_deal: str  # that deal
    task_employee: str  # an employee with open tasks
    task_deal: str  # a deal with an open task


Calls = Callable[[], int]  # how many requests the emulator has received
Opened = AsyncIterator[tuple[CRM, Known, Calls]]


def _envybox_known() -> Known:
    supply, contract = seed.DEALS[0], seed.DEALS[1]
    vector = seed.CLIENTS[1]
    return Known(
        employee=str(seed.EMPLOYEES[0].id),
        other_employee=str(seed.EMPLOYEES[2].id),
        lead=str(seed.LEADS[0].id),
        lead_phone="+" + seed.LEADS[0].phone,
        lead_name=seed.LEADS[0].name,
        spare_lead=str(seed.LEADS[1].id),
        deal=str(supply.id),
        deal_name=supply.name,
        deal_stage_to=str(seed.SALES_TALKS),
        client=str(supply.client_id),
        client_name=seed.CLIENTS[0].name,
        client_phone="+" + vector.phone,
        client_deal=str(contract.id),
        deal_words="Годовой контракт",
        words_deal=str(contract.id),
        task_employee=str(seed.TASKS[0].to_employee_id),
        task_deal=str(seed.TASKS[0].deal_id),
    )


@asynccontextmanager
async def envybox(tmp: Path, without: frozenset[Capability] = frozenset()) -> Opened:
    """Envybox against the sandbox; `without` takes capabilities off its declaration."""
    server = SandboxServer(tmp / "sandbox.sqlite3", "contract-key")
    await server.start()
    crm = EnvyboxCRM(server.url, "contract-key", timezone=ZoneInfo("Europe/Moscow"))
    if without:
        crm.capabilities = crm.capabilities - without
    try:
        yield crm, _envybox_known(), lambda: len(server.calls)
    finally:
        await crm.close()
        await server.stop()


def _salesman_known() -> Known:
    return Known(
        employee="anna",
        other_employee="ivan",
        lead="501",
        lead_phone="+79031234501",
        lead_name="Сергей Орлов",
        spare_lead="",  # SalesMan's API takes no lead into work, nor assigns one
        deal="7001",
        deal_name="СД7001: Поставка оборудования",
        deal_stage_to="60",
        client="3001",
        client_name="Ромашка, ООО",
        client_phone="+79162003040",  # the second client's first phone
        client_deal="7002",
        deal_words="Годовой контракт",
        words_deal="7002",
        task_employee="anna",
        task_deal="7001",
    )


@asynccontextmanager
async def salesman(tmp: Path) -> Opened:
    """SalesMan API 2.0 against its emulator, answering as the vendor's running code."""
    server = SalesmanServer()
    await server.start()
    crm = SalesmanCRM(
        server.url, BOT_LOGIN, API_KEY, timezone=ZoneInfo("Europe/Moscow"), timeout=5.0
    )
    try:
        yield crm, _salesman_known(), lambda: len(server.calls)
    finally:
        await crm.close()
        await server.stop()


def _only(**given: str) -> Known:
    """What a write-only CRM lets a case know: these, and "" for the rest."""
    return Known(**{f: given.get(f, "") for f in Known.__dataclass_fields__})


@asynccontextmanager
async def fivecrm(tmp: Path, secret: bool = True) -> Opened:
    """5CRM against its emulator; without the secret token there is no employee list."""
    server = FiveCrmServer()
    await server.start()
    crm = FiveCrmCRM(
        server.url,
        PUBLIC_TOKEN,
        SECRET_TOKEN if secret else None,
        timezone=ZoneInfo("Europe/Moscow"),
        timeout=5.0,
    )
    known = _only(employee="11", other_employee="12")  # nothing else can be read back
    try:
        yield crm, known, lambda: len(server.calls)
    finally:
        await crm.close()
        await server.stop()


@asynccontextmanager
async def gocrm(tmp: Path) -> Opened:
    """Go-CRM against its emulator (no authentication to give)."""
    server = GoCrmServer()
    await server.start()
    crm = GoCrmCRM(server.url, timeout=5.0)
    known = _only(employee="101", other_employee="102")
    try:
        yield crm, known, lambda: len(server.calls)
    finally:
        await crm.close()
        await server.stop()


REDUCED = frozenset({C.TAKE_LEAD, C.SEARCH_DEALS, C.LEAD_HISTORY, C.SET_TASK, C.LIST_NEW_LEADS})

CASES: dict[str, Callable[[Path], AbstractAsyncContextManager[tuple[CRM, Known, Calls]]]] = {
    "envybox": lambda tmp: envybox(tmp),
    "envybox-reduced": lambda tmp: envybox(tmp, REDUCED),
    "salesman": lambda tmp: salesman(tmp),
    "fivecrm": lambda tmp: fivecrm(tmp),
    "fivecrm-public": lambda tmp: fivecrm(tmp, secret=False),
    "gocrm": lambda tmp: gocrm(tmp),
}
