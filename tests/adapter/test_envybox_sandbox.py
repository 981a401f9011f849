"""The Envybox adapter against the sandbox CRM over loopback HTTP: every endpoint it uses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot import clock
from bot.crm.envybox import EnvyboxCRM
from bot.crm.errors import (
    AlreadyTaken,
    BadCredentials,
    NotFound,
    Rejected,
    TimedOut,
    Unavailable,
    UnexpectedPayload,
)
from bot.crm.models import NewLead, PipelineKind, StageStatus
from bot.sandbox import SandboxServer, seed
from tests.adapter.conftest import MSK, Sleeps
from tests.adapter.conftest import SANDBOX_KEY as KEY

NEW_LEAD, OTHER_LEAD = seed.LEADS[0], seed.LEADS[1]
DEAL = seed.DEALS[0]  # sales pipeline, stage «Квалификация», employee 183
SERVICE_DEAL = seed.DEALS[3]  # service pipeline: manual stage change not allowed


def adapter(srv: SandboxServer, key: str = KEY, **options: Any) -> EnvyboxCRM:
    options.setdefault("sleep", Sleeps())
    return EnvyboxCRM(srv.url, key, timezone=MSK, timeout=options.pop("timeout", 5.0), **options)


@pytest.fixture
async def crm(srv: SandboxServer) -> AsyncIterator[EnvyboxCRM]:
    client = adapter(srv)
    yield client
    await client.close()


def paths(srv: SandboxServer, since: int = 0) -> list[str]:
    return [call.path for call in srv.calls[since:]]


async def test_reference_data(crm: EnvyboxCRM) -> None:
    assert await crm.crm_info() == (seed.CRM_NAME, str(seed.ADMIN_USER_ID))
    employees = await crm.employees()
    assert [e.key for e in employees] == [str(e.id) for e in seed.EMPLOYEES]
    assert employees[0].name == "Анна Смирнова" and employees[0].phone == "+79161110001"
    pipelines = {p.id: p for p in await crm.pipelines()}
    sales = pipelines[str(seed.SALES_PIPELINE_ID)]
    assert sales.kind is PipelineKind.DEAL and sales.manual_stage_change
    assert sales.stage(str(seed.SALES_WON)).status is StageStatus.WON  # type: ignore[union-attr]
    assert sales.stage(str(seed.SALES_LOST)).status is StageStatus.LOST  # type: ignore[union-attr]
    assert not pipelines[str(seed.SERVICE_PIPELINE_ID)].manual_stage_change
    assert pipelines[str(seed.LEAD_PIPELINE_ID)].kind is PipelineKind.LEAD
    assert {t.name for t in await crm.inbox_types()} == set(seed.INBOX_TYPES.values())


Op = Callable[[EnvyboxCRM], Awaitable[object]]
DUE = datetime(2031, 1, 2, 10, 0, tzinfo=MSK)
OPERATIONS: list[tuple[str, Op]] = [
    ("lead/search", lambda c: c.find_leads(phone=NEW_LEAD.phone)),
    ("lead/get", lambda c: c.get_lead(str(NEW_LEAD.id))),
    ("lead/list", lambda c: c.new_leads(since=clock.now(UTC) - timedelta(days=2))),
    ("lead/start", lambda c: c.take_lead(str(NEW_LEAD.id), as_employee="182")),
    ("lead/update_employee", lambda c: c.assign_lead(str(OTHER_LEAD.id), "184")),
    ("lead/log/create", lambda c: c.comment_lead(str(OTHER_LEAD.id), "x", as_employee="183")),
    ("lead/log/list", lambda c: c.lead_history(str(OTHER_LEAD.id))),
    ("lead/set", lambda c: c.create_lead(NewLead(name="N", phone="+7 999 000-11-22"))),
    ("deal/search", lambda c: c.find_deals(email="kozlov@example.ru")),
    ("deal/list", lambda c: c.search_deals("Козлов")),
    ("deal/get", lambda c: c.get_deal(str(DEAL.id))),
    (
        "deal/updateDealStage",
        lambda c: c.change_deal_stage(str(DEAL.id), "5637", as_employee="183"),
    ),
    ("deal/updateEmployee", lambda c: c.reassign_deal(str(DEAL.id), "184")),
    ("deal/createComment", lambda c: c.comment_deal(str(DEAL.id), "x", as_employee="183")),
    ("deal/log/list", lambda c: c.deal_history(str(DEAL.id))),
    ("deal/tag/addDealTags", lambda c: c.tag_deal(str(DEAL.id), ["vip"])),
    ("deal/getTask", lambda c: c.deal_task(str(DEAL.id))),
    ("deal/getTasks", lambda c: c.deal_tasks(str(DEAL.id))),
    ("deal/updatetask", lambda c: c.set_task(str(DEAL.id), text="t", due=DUE, as_employee="183")),
    ("task/list", lambda c: c.tasks(employee_key="185")),
]


@pytest.mark.parametrize(("path", "operation"), OPERATIONS, ids=[p for p, _ in OPERATIONS])
async def test_one_call_per_operation_after_warm_up(
    crm: EnvyboxCRM, srv: SandboxServer, path: str, operation: Op
) -> None:
    await crm.employees()
    before = len(srv.calls)
    await operation(crm)
    assert paths(srv, before) == [path]
    assert srv.calls[-1].status == 200


async def test_find_and_get_lead(crm: EnvyboxCRM) -> None:
    for typed in ("+7 (903) 123-45-01", "8 903 123 45 01", "79031234501", "9031234501"):
        (found,) = await crm.find_leads(phone=typed)
        assert found.id == str(NEW_LEAD.id) and not found.taken
    lead = await crm.get_lead(str(NEW_LEAD.id))
    assert (lead.name, lead.phone, lead.email, lead.comment) == (
        NEW_LEAD.name,
        "+79031234501",
        NEW_LEAD.email,
        NEW_LEAD.comment,
    )
    assert lead.stage_name == "Новая" and lead.source == seed.INBOX_TYPES[NEW_LEAD.inbox_type_id]
    assert await crm.find_leads(email="nobody@example.ru") == []


async def test_take_lead_makes_a_deal_and_twice_is_already_taken(
    crm: EnvyboxCRM, srv: SandboxServer
) -> None:
    taken = await crm.take_lead(str(NEW_LEAD.id), as_employee="183")
    assert srv.calls[-1].params["user_id"] == seed.ADMIN_USER_ID
    deal = await crm.get_deal(taken.deal_id)
    assert deal.employee_key == "183" and deal.client is not None
    assert deal.client.id == taken.client_id
    lead = await crm.get_lead(str(NEW_LEAD.id))
    assert lead.taken and lead.deal_ids == (taken.deal_id,) and lead.stage_name == "Новый клиент"
    assert await crm.find_leads(phone=NEW_LEAD.phone) == []
    with pytest.raises(AlreadyTaken) as caught:
        await crm.take_lead(str(NEW_LEAD.id), as_employee="184")
    assert caught.value.lead_id == str(NEW_LEAD.id)


async def test_concurrent_take_lead_one_wins(crm: EnvyboxCRM) -> None:
    results = await asyncio.wait_for(
        asyncio.gather(
            crm.take_lead(str(OTHER_LEAD.id), as_employee="183"),
            crm.take_lead(str(OTHER_LEAD.id), as_employee="184"),
            return_exceptions=True,
        ),
        10,
    )
    assert sorted(type(r).__name__ for r in results) == ["AlreadyTaken", "TakenLead"]


async def test_existing_client_lead_joins_its_client(crm: EnvyboxCRM) -> None:
    lead = seed.LEAD_OF_EXISTING_CLIENT
    taken = await crm.take_lead(str(lead.id), as_employee="183")
    assert (await crm.get_lead(str(lead.id))).stage_name == "Существующий клиент"
    assert taken.client_id == "38155"


async def test_create_lead_merges_duplicates(crm: EnvyboxCRM) -> None:
    first = await crm.create_lead(NewLead(name="Новый", phone="8 (999) 000-11-22"))
    again = await crm.create_lead(NewLead(name="Новый", phone="+79990001122"))
    assert first.id is not None and first.merged_into is None
    assert again.effective_id == first.id
    (found,) = await crm.find_leads(phone="+79990001122")
    assert found.id == first.id and found.source is not None


async def test_new_leads_since(crm: EnvyboxCRM) -> None:
    everything = (await crm.new_leads(since=clock.now(UTC) - timedelta(days=2))).leads
    assert [lead.id for lead in everything] == [str(lead.id) for lead in seed.LEADS]
    cursor = everything[2].created_at
    assert cursor is not None
    later = (await crm.new_leads(since=cursor, limit=2)).leads
    assert [lead.id for lead in later] == [str(lead.id) for lead in seed.LEADS[3:5]]


async def test_lead_comment_history_and_assign(crm: EnvyboxCRM) -> None:
    entry = await crm.comment_lead(str(OTHER_LEAD.id), "Перезвонить в 15:00", as_employee="183")
    assert entry.text == "Перезвонить в 15:00" and entry.is_comment
    page = await crm.lead_history(str(OTHER_LEAD.id))
    assert [(e.text, e.employee_key, e.is_comment) for e in page.items] == [
        ("Перезвонить в 15:00", "183", True)
    ]
    await crm.assign_lead(str(OTHER_LEAD.id), "184")
    assert (await crm.get_lead(str(OTHER_LEAD.id))).employee_key == "184"


async def test_deals(crm: EnvyboxCRM) -> None:
    found = await crm.find_deals(phone="+7 926 555-00-01")
    assert {d.id for d in found} == {"40052", "40056"}
    assert all(d.client is not None and d.client.name == "Андрей Козлов" for d in found)
    won = next(d for d in found if d.id == "40056")
    assert won.status is StageStatus.WON and won.stage_name == "Успешно реализована"
    first = await crm.search_deals("Козлов", limit=1)
    assert len(first.items) == 1 and first.total == 2 and first.next_offset == 1
    second = await crm.search_deals("Козлов", offset=1, limit=1)
    assert second.next_offset is None and second.items[0].id != first.items[0].id
    deal = await crm.get_deal(str(DEAL.id))
    assert (deal.name, deal.stage_name, deal.employee_key) == (DEAL.name, "Квалификация", "183")


async def test_deal_writes(crm: EnvyboxCRM) -> None:
    await crm.change_deal_stage(str(DEAL.id), str(seed.SALES_WON), as_employee="183")
    moved = await crm.get_deal(str(DEAL.id))
    assert moved.status is StageStatus.WON and moved.stage_id == str(seed.SALES_WON)
    reassigned = await crm.reassign_deal(str(DEAL.id), "184")
    assert reassigned.id == str(DEAL.id) and reassigned.employee_key == "184"
    await crm.comment_deal(str(DEAL.id), "Счёт отправлен", as_employee="184")
    await crm.tag_deal(str(DEAL.id), ["vip"])
    history = await crm.deal_history(str(DEAL.id), limit=50)
    assert "Счёт отправлен" in [e.text for e in history.items if e.is_comment]


async def test_stage_change_refused_where_manual_change_is_off(crm: EnvyboxCRM) -> None:
    with pytest.raises(Rejected):
        await crm.change_deal_stage(str(SERVICE_DEAL.id), str(seed.SERVICE_DONE), as_employee="185")


async def test_tasks(crm: EnvyboxCRM) -> None:
    task = await crm.deal_task(str(DEAL.id))
    assert task is not None and task.text == "Перезвонить клиенту" and task.overdue
    assert [t.id for t in await crm.deal_tasks("40055")] == ["6853"]
    created = await crm.set_task("40054", text="Позвонить", due=DUE, as_employee="184")
    assert (created.deal_id, created.text, created.due, created.employee_key) == (
        "40054",
        "Позвонить",
        DUE,
        "184",
    )
    open_ = await crm.tasks(employee_key="185")
    done = await crm.tasks(employee_key="185", done=True)
    assert [t.id for t in open_.items] == ["6853"] and [t.id for t in done.items] == ["6854"]
    assert done.items[0].done


@pytest.mark.parametrize(
    ("operation", "what", "ident"),
    [
        (lambda c: c.get_lead("1"), "lead", "1"),
        (lambda c: c.take_lead("2", as_employee="182"), "lead", "2"),
        (lambda c: c.lead_history("3"), "lead", "3"),
        (lambda c: c.comment_lead("4", "x", as_employee="182"), "lead", "4"),
        (lambda c: c.get_deal("5"), "deal", "5"),
        (lambda c: c.change_deal_stage("6", "5635", as_employee="182"), "deal", "6"),
        (lambda c: c.deal_history("7"), "deal", "7"),
        (lambda c: c.reassign_deal(str(DEAL.id), "999"), "employee", "999"),
    ],
)
async def test_unknown_ids_are_not_found(
    crm: EnvyboxCRM, operation: Op, what: str, ident: str
) -> None:
    with pytest.raises(NotFound) as caught:
        await operation(crm)
    assert (caught.value.what, caught.value.ident) == (what, ident)


async def test_wrong_key(srv: SandboxServer) -> None:
    crm = adapter(srv, key="wrong")
    try:
        with pytest.raises(BadCredentials):
            await crm.crm_info()
    finally:
        await crm.close()


async def test_timeouts(srv: SandboxServer) -> None:
    crm = adapter(srv, timeout=0.3, retries=2)
    try:
        await crm.employees()
        srv.fail_next("deal/get", "timeout")
        assert (await crm.get_deal(str(DEAL.id))).id == str(DEAL.id)  # read: retried
        srv.fail_next("lead/start", "timeout")
        with pytest.raises(TimedOut):  # write: not retried
            await crm.take_lead(str(NEW_LEAD.id), as_employee="182")
        srv.fail_next("lead/get", "timeout", times=2)
        with pytest.raises(TimedOut):
            await crm.get_lead(str(NEW_LEAD.id))
    finally:
        await crm.close()
    assert paths(srv).count("deal/get") == 2
    assert paths(srv).count("lead/start") == 1 and paths(srv).count("lead/get") == 2


async def test_lost_lead_set_answer_makes_no_duplicate(srv: SandboxServer) -> None:
    """lead/set times out (it may have landed); the lead goes again through lead/workset,
    which merges by contacts, so the CRM ends up with exactly one findable lead."""
    crm = adapter(srv, timeout=0.3)
    try:
        srv.fail_next("lead/set", "timeout")
        created = await crm.create_lead(NewLead(name="Очередь", phone="+7 999 555-44-33"))
        assert created.id is None
        found = await crm.find_leads(phone="89995554433")
    finally:
        await crm.close()
    assert len(found) == 1
    assert paths(srv).count("lead/set") == 1 and paths(srv).count("lead/workset") == 1


async def test_reads_retried_after_502_and_writes_not(crm: EnvyboxCRM, srv: SandboxServer) -> None:
    srv.fail_next("deal/get", "http_502")
    assert (await crm.get_deal(str(DEAL.id))).stage_id == str(DEAL.stage_id)
    assert [c.status for c in srv.calls if c.path == "deal/get"] == [502, 200]
    srv.fail_next("deal/updateDealStage", "http_502")
    with pytest.raises(Unavailable):
        await crm.change_deal_stage(str(DEAL.id), str(seed.SALES_TALKS), as_employee="183")
    assert paths(srv).count("deal/updateDealStage") == 1


async def test_bad_json_is_unexpected(crm: EnvyboxCRM, srv: SandboxServer) -> None:
    srv.fail_next("deal/getTasks", "bad_json")
    with pytest.raises(UnexpectedPayload):
        await crm.deal_tasks(str(DEAL.id))
