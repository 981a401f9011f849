"""SalesMan deals and tasks on the wire, in both the documented forms and the running
code's (6.10, 6.11): `info`'s nulls, `{"count":0}`, a bare `[]`, 302 on the same step, the
"identical" reply, `active` ignored by PHP 7.4, an HTML page after a write."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import clock
from bot.crm.errors import Forbidden, UnknownOutcome
from bot.crm.models import TaskOutcome
from bot.crm.salesman import SalesmanCRM
from tests.fakes.salesman import API_KEY, BOT_LOGIN, MOSCOW, SalesmanServer

IDENTICAL = "Данные корректны, но идентичны имеющимся"


@pytest.fixture
async def crm(server: SalesmanServer) -> AsyncIterator[SalesmanCRM]:
    c = SalesmanCRM(server.url, BOT_LOGIN, API_KEY, timezone=ZoneInfo("Europe/Moscow"), timeout=5)
    try:
        yield c
    finally:
        await c.close()


def _actions(server: SalesmanServer, method: str) -> list[str]:
    return [c.action for c in server.calls if c.method == method]


async def test_info_with_nulls_is_completed_from_the_list_and_the_documented_form_is_not(
    server: SalesmanServer, crm: SalesmanCRM
) -> None:
    deal = await crm.get_deal("7002")
    assert (deal.name, str(deal.amount), str(deal.planned_close)) == (
        "СД7002: Годовой контракт",
        "480000.50",
        "2027-01-31",
    )
    assert _actions(server, "deal") == ["info", "list", "list"]
    server.info_nulls = False  # a SalesMan whose `info` fills its fields, as documented
    server.calls.clear()
    again = await crm.get_deal("7002")
    assert again.name == deal.name and again.amount == deal.amount
    assert _actions(server, "deal") == ["info"]


async def test_no_deals_is_count_zero_without_data(
    server: SalesmanServer, crm: SalesmanCRM
) -> None:
    assert await crm.find_deals(phone="+79990000000") == []
    assert (await crm.search_deals("нет такой")).items == ()


async def test_the_current_step_again_is_no_change_in_both_forms(
    server: SalesmanServer, crm: SalesmanCRM
) -> None:
    await crm.change_deal_stage("7001", "20", as_employee="anna")  # the vendor's 302
    server.fail("deal", "change.step", {"result": IDENTICAL, "data": 7001})  # other versions
    await crm.change_deal_stage("7001", "40", as_employee="anna")
    server.fail("deal", "change.step", {"error": {"code": "302", "text": IDENTICAL}})
    await crm.change_deal_stage("7001", "40", as_employee="anna")
    assert server.deals[7001].step == "20"


async def test_someone_elses_deal_is_forbidden_whatever_the_codes_type(
    server: SalesmanServer, crm: SalesmanCRM
) -> None:
    with pytest.raises(Forbidden):
        await crm.change_deal_stage("7003", "80", as_employee="anna")
    task = next(t for t in await crm.deal_tasks("7003"))
    with pytest.raises(Forbidden):  # doit answers 403 as a number
        await crm.complete_task(task, TaskOutcome(successful=True), as_employee="anna")
    assert server.tasks[9003].active


async def test_task_lists_bare_or_ignoring_active_are_read_right(
    server: SalesmanServer, crm: SalesmanCRM
) -> None:
    assert (await crm.tasks(employee_key="olga")).items == ()  # a bare []
    server.tasks[9002].active = False
    done_row = server._record(server.tasks[9002])
    open_rows = [server._record(t) for t in server.tasks.values() if t.active]
    server.fail("task", "list", {"data": [*open_rows, done_row]})  # PHP 7.4: `active` ignored
    page = await crm.tasks(employee_key="anna")
    assert [t.id for t in page.items] == ["9001"]
    first = page.items[0]
    tomorrow = clock.now(MOSCOW).date() + timedelta(days=1)
    assert first.due == datetime.combine(tomorrow, datetime.min.time(), MOSCOW).replace(hour=10)


async def test_an_html_page_after_a_write_is_an_unknown_outcome(
    server: SalesmanServer, crm: SalesmanCRM
) -> None:
    server.fatal("task", "add")
    due = clock.now(MOSCOW) + timedelta(days=1)
    with pytest.raises(UnknownOutcome):
        await crm.set_task("7001", text="Позвонить", due=due, as_employee="anna")
    assert [c.action for c in server.calls if c.method == "task"] == ["add"]  # not retried
