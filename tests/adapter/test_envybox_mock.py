"""The Envybox adapter on captured payloads (httpx.MockTransport): requests sent, models got."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from bot.crm.capabilities import Capability
from bot.crm.envybox import EnvyboxCRM
from bot.crm.envybox.api import api_root
from bot.crm.errors import UnknownOutcome
from bot.crm.models import Client, LogEntry, NewLead, NewLeads, PipelineKind, StageStatus
from bot.crm.protocol import CRM
from tests.adapter import payloads as p
from tests.adapter.conftest import MSK
from tests.adapter.mock_crm import MockEnvybox


@pytest.mark.parametrize(
    "address",
    [
        "https://my.envycrm.com",
        "https://my.envycrm.com/",
        "https://my.envycrm.com/openapi/v1",
        "https://my.envycrm.com/openapi/v1/",
        " https://my.envycrm.com// ",
    ],
)
def test_api_root_from_any_address_form(address: str) -> None:
    assert api_root(address) == "https://my.envycrm.com/openapi/v1/"


def test_api_root_keeps_a_path_prefix() -> None:
    assert api_root("http://127.0.0.1:8080/crm") == "http://127.0.0.1:8080/crm/openapi/v1/"


async def test_is_a_crm_with_every_capability_but_those_its_api_lacks(
    crm: EnvyboxCRM,
) -> None:
    """Envybox's API has no call that closes a task, nor fixed per-employee lead counts; a
    deal closes at a won or lost stage, and only leads are created from outside."""
    assert isinstance(crm, CRM)
    assert crm.kind == "envybox"
    unsupported = {
        Capability.COMPLETE_TASK,
        Capability.LEAD_STATS,
        Capability.CLOSE_DEAL,
        Capability.CREATE_DEAL,
        Capability.CREATE_TASK,
        Capability.CREATE_CONTACT,
        Capability.CREATE_COMPANY,
        Capability.LIST_CENTERS,
    }
    assert crm.capabilities == frozenset(Capability) - unsupported


async def test_key_travels_in_the_query_of_post_and_get(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/get", p.LEAD_GET)
    await crm.get_lead("1643973")
    assert [(s.method, s.endpoint, s.query) for s in mock.seen] == [
        ("GET", "main/data", {"api_key": p.KEY}),
        ("POST", "lead/get", {"api_key": p.KEY}),
    ]
    assert mock.seen[1].body == {"request": {"lead_id": 1643973}}


async def test_reference_data(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """main/data: stages come as an object keyed by id, flags as "0"/"1", ids as text or number."""
    assert await crm.crm_info() == ("Тестовая CRM", "3844")
    diana, oleg = await crm.employees()
    assert (diana.key, diana.name, diana.phone, diana.email, diana.position) == (
        "182",
        "Диана Гусева",
        "+79991234567",
        "guseva.chat@callbackkiller.com",
        "основатель",
    )
    assert (oleg.key, oleg.name, oleg.phone) == ("183", "Олег", None)
    lead_pipe, deal_pipe = await crm.pipelines()
    assert (lead_pipe.kind, lead_pipe.manual_stage_change, lead_pipe.primary) == (
        PipelineKind.LEAD,
        False,
        True,
    )
    assert [s.id for s in deal_pipe.stages] == ["5635", "6471", "5638", "5639"]
    assert [s.status for s in deal_pipe.stages] == [
        StageStatus.OPEN,
        StageStatus.OPEN,
        StageStatus.WON,
        StageStatus.LOST,
    ]
    assert deal_pipe.manual_stage_change and deal_pipe.stages[1].pipeline_id == "3689"
    assert [(t.id, t.name) for t in await crm.inbox_types()] == [
        ("13045", "Добавлен вручную"),
        ("67", "Заявка с сайта"),
    ]
    assert len(mock.calls("main/data")) == 1


async def test_reference_data_is_cached_and_single_flight(mock: MockEnvybox) -> None:
    """Concurrent first callers share one main/data request; later ones use the cache."""
    async with mock.client() as client:
        crm = EnvyboxCRM("https://x.envycrm.com", p.KEY, timezone=MSK, client=client)
        await asyncio.gather(*(crm.employees() for _ in range(5)), crm.pipelines())
        await crm.inbox_types()
        assert len(mock.calls("main/data")) == 1
    async with mock.client() as client:
        crm = EnvyboxCRM(
            "https://x.envycrm.com", p.KEY, timezone=MSK, client=client, reference_ttl=0
        )
        await crm.employees()
        await crm.employees()
    assert len(mock.calls("main/data")) == 3


async def test_get_lead(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/get", p.LEAD_GET)
    lead = await crm.get_lead("1643973")
    assert lead.id == "1643973" and lead.name == "Денис" and lead.phone == "+79674402685"
    assert lead.stage_name == "Существующий клиент" and lead.source == "Заявка с сайта"
    assert lead.taken and lead.deal_ids == ("261920",) and lead.employee_key is None
    assert lead.created_at == datetime(2017, 11, 6, 14, 38, 4, tzinfo=UTC)


async def test_find_leads_sends_digits_and_reads_one_object(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    """lead/search answers "leads" as ONE object (not a list); stage names come from main/data."""
    mock.on("lead/search", p.LEAD_SEARCH_FOUND)
    (lead,) = await crm.find_leads(phone="+7 (999) 123-45-67", email="Info@Example.RU")
    assert mock.calls("lead/search")[0].body == {
        "request": {"phone": "79991234567", "email": "info@example.ru"}
    }
    assert (lead.id, lead.stage_name, lead.source, lead.taken) == (
        "979190",
        "Новая",
        "Добавлен вручную",
        False,
    )


async def test_find_leads_null_and_list(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """lead/search answers "leads": null when nothing matches; a list is accepted too."""
    mock.on(
        "lead/search",
        p.LEAD_SEARCH_NONE,
        {**p.LEAD_SEARCH_FOUND, "leads": [p.LEAD_SEARCH_FOUND["leads"]] * 2},
    )
    assert await crm.find_leads(phone="89991234567") == []
    assert len(await crm.find_leads(phone="89991234567")) == 2


async def test_find_leads_needs_a_contact(crm: EnvyboxCRM) -> None:
    with pytest.raises(ValueError):
        await crm.find_leads()


async def test_take_lead_acts_as_admin_and_employee(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """lead/start needs the CRM admin's user_id (from main/data) with the employee_id."""
    mock.on("lead/start", p.LEAD_START)
    taken = await crm.take_lead("979190", as_employee="182")
    assert mock.calls("lead/start")[0].body == {
        "request": {"lead_id": 979190, "user_id": 3844, "employee_id": 182}
    }
    assert (taken.lead_id, taken.deal_id, taken.client_id) == ("979190", "326622", "549342")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"id": 501, "parent_id": 0}, (None, "501")),
        ({"id": "502", "parent_id": "979190"}, ("979190", "502")),
        ({"parent_id": "979190"}, ("979190", None)),
        ({}, (None, None)),
    ],
)
async def test_create_lead_with_and_without_id(
    crm: EnvyboxCRM, mock: MockEnvybox, answer: dict[str, object], expected: tuple[object, ...]
) -> None:
    """lead/set answers id (maybe not) and parent_id: non-zero parent_id = merged into that lead."""
    mock.on("lead/set", {**answer, **p.OK})
    created = await crm.create_lead(
        NewLead(name="Test", phone="8 999 123 45 67", comment="инфо"), as_employee="182"
    )
    assert created.merged_into == expected[0] and created.id == expected[1]
    assert created.effective_id == (expected[0] or expected[1])
    assert mock.calls("lead/set")[0].body == {
        "request": {
            "method": "create",
            "employee_id": 182,
            "values": {"name": "Test", "comment": "инфо", "phone": "79991234567"},
        }
    }
    assert not mock.calls("main/data")


async def test_create_lead_falls_back_to_the_queue_when_lead_set_is_lost(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    """lead/workset queues the lead and merges duplicates, answering without an id.

    When lead/set's answer is lost (it may have landed), the adapter must not repeat it;
    it sends the same lead through lead/workset, which cannot make a duplicate.
    """
    mock.on("lead/set", httpx.Response(502, text="<html>Bad Gateway</html>"))
    mock.on("lead/workset", p.OK)
    created = await crm.create_lead(NewLead(name="Test", email="A@Example.ru"))
    assert created.id is None and created.effective_id is None
    assert len(mock.calls("lead/set")) == 1
    [queued] = mock.calls("lead/workset")
    assert queued.body == mock.calls("lead/set")[0].body
    assert queued.body is not None
    assert queued.body["request"]["values"] == {"name": "Test", "email": "a@example.ru"}


async def test_create_lead_reports_when_both_ways_fail(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """The 502 to lead/set may have come after the lead was made: the outcome is unknown."""
    mock.on("lead/set", httpx.Response(502, text="down"))
    mock.on("lead/workset", httpx.Response(503, text="down"))
    with pytest.raises(UnknownOutcome):
        await crm.create_lead(NewLead(phone="+7 999 123-45-67"))
    assert len(mock.calls("lead/workset")) == 1


async def test_new_leads_follows_pages_and_filters(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """lead/list wraps its page in "leads", count as a string, offset -1 at the last page."""
    since = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
    mock.on(
        "lead/list",
        p.lead_list(
            [p.listed_lead("3", "2024-03-01 12:30:00"), p.listed_lead("1", "2024-03-01 11:00:00")],
            offset=50,
        ),
        p.lead_list(
            [p.listed_lead("2", "2024-03-01 12:10:00"), p.listed_lead("4", "0000-00-00 00:00:00")]
        ),
    )
    found = await crm.new_leads(since=since)
    leads = found.leads
    assert [lead.id for lead in leads] == ["2", "3"]
    assert [(x.id, x.reason) for x in found.unreadable] == [("4", "created_at: missing")]
    assert leads[0].comment == "Доп информация" and leads[0].stage_name == "Новая"
    bodies = [s.body for s in mock.calls("lead/list")]
    assert bodies == [
        {"request": {"date_start": "2024-03-01", "date_type": "created", "limit": 50, "offset": 0}},
        {
            "request": {
                "date_start": "2024-03-01",
                "date_type": "created",
                "limit": 50,
                "offset": 50,
            }
        },
    ]
    assert [lead.id for lead in (await crm.new_leads(since=since, limit=1)).leads] == ["2"]


async def test_lead_history_is_a_get_with_query(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/log/list", p.LEAD_LOG_LIST)
    page = await crm.lead_history("3151", offset=0, limit=100)
    seen = mock.calls("lead/log/list")[0]
    assert seen.method == "GET" and seen.body is None
    assert seen.query == {"api_key": p.KEY, "lead_id": "3151", "limit": "50", "offset": "0"}
    (entry,) = page.items
    assert (entry.text, entry.author, entry.is_comment, page.total, page.next_offset) == (
        "Прикреплен к клиенту",
        "Log",
        False,
        1,
        None,
    )


async def test_comment_lead(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/log/create", p.LEAD_LOG_CREATE)
    entry = await crm.comment_lead("979190", "Перезвонить", as_employee="182")
    assert mock.calls("lead/log/create")[0].body == {
        "request": {
            "lead_id": 979190,
            "employee_id": 182,
            "type_id": 10,
            "data": {"comment": "Перезвонить"},
        }
    }
    assert (entry.id, entry.text, entry.is_comment, entry.employee_key) == (
        "340337",
        "Перезвонить",
        True,
        "182",
    )


async def test_assign_lead(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/update_employee", {"lead_id": 1, "employee_id": 183, "crm_id": 1, **p.OK})
    await crm.assign_lead("1", "183")
    assert mock.calls("lead/update_employee")[0].body == {
        "request": {"lead_id": 1, "employee_id": 183}
    }


async def test_get_deal(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("deal/get", p.DEAL_GET)
    deal = await crm.get_deal("326622")
    assert (deal.id, deal.name, deal.stage_name, deal.status, deal.employee_key) == (
        "326622",
        "Сделка",
        "Уточнение",
        StageStatus.OPEN,
        None,
    )
    assert deal.client == Client(id="549342") and deal.source == "Добавлен вручную"


async def test_find_deals_keeps_the_client(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """deal/search answers clients, each with its deals in "deals_for_event", without names."""
    mock.on("deal/search", p.DEAL_SEARCH)
    (deal,) = await crm.find_deals(email="team@callbackkiller.com")
    assert deal.client == Client(id="38155", name="CallbackKILLER")
    assert (deal.stage_name, deal.status, deal.employee_key) == (
        "Успешно",
        StageStatus.WON,
        "182",
    )
    mock.on("deal/search", {"clients": [], **p.OK})
    assert await crm.find_deals(phone="+79991234567") == []


async def test_search_deals_pages(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """deal/list: count as a string, the next offset in "offset", the name only in values."""
    mock.on("deal/list", p.DEAL_LIST)
    page = await crm.search_deals("Сделка", offset=0, limit=1)
    assert mock.calls("deal/list")[0].body == {
        "request": {"keyword": "Сделка", "limit": 1, "offset": 0}
    }
    (deal,) = page.items
    assert (deal.name, deal.stage_name, deal.status) == ("Сделка", "В работе", StageStatus.LOST)
    assert (page.total, page.next_offset) == (2, 1)


async def test_deal_writes(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("deal/updateDealStage", {"result": {"stage_id": 5638}, **p.OK})
    mock.on("deal/tag/addDealTags", p.OK)
    mock.on("deal/createComment", p.OK)
    await crm.change_deal_stage("40052", "5638", as_employee="182")
    await crm.tag_deal("40052", ["vip", "тег"])
    entry = await crm.comment_deal("40052", "Готово", as_employee="182")
    assert [s.body for s in mock.seen if s.endpoint != "main/data"] == [
        {"request": {"deal_id": 40052, "stage_id": 5638, "employee_id": 182}},
        {"request": {"deal_id": 40052, "tags": ["vip", "тег"]}},
        {"request": {"deal_id": 40052, "comment": "Готово", "employee_id": 182}},
    ]
    assert isinstance(entry, LogEntry)
    # the documented call takes no employee: the entry claims no author
    assert (entry.text, entry.author, entry.employee_key, entry.is_comment) == (
        "Готово",
        None,
        None,
        True,
    )
    assert entry.created_at is not None and entry.created_at.tzinfo is MSK


async def test_reassign_deal_fills_the_lost_id(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """deal/updateEmployee answers the deal with numbers, possibly without its id."""
    mock.on("deal/updateEmployee", p.DEAL_UPDATE_EMPLOYEE)
    deal = await crm.reassign_deal("777", "183")
    assert (deal.id, deal.employee_key, deal.stage_name) == ("777", "183", "Новая")


async def test_deal_history(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("deal/log/list", {**p.LEAD_LOG_LIST, "offset": 20, "count": 45})
    page = await crm.deal_history("97787", offset=0, limit=20)
    assert mock.calls("deal/log/list")[0].query["deal_id"] == "97787"
    assert (page.total, page.next_offset) == (45, 20)


async def test_set_task_sends_a_unix_timestamp(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("deal/updatetask", p.DEAL_UPDATETASK)
    due = datetime(2035, 5, 12, 9, 0, 48, tzinfo=MSK)
    task = await crm.set_task("761939", text="комментарий задачи", due=due, as_employee="17059")
    assert mock.calls("deal/updatetask")[0].body == {
        "request": {
            "deal_id": 761939,
            "time": int(due.timestamp()),
            "comment": "комментарий задачи",
            "employee_id": 17059,
        }
    }
    assert (task.id, task.deal_id, task.due, task.employee_key, task.overdue, task.done) == (
        "186144928",
        "761939",
        due,
        "17059",
        True,
        False,
    )


@pytest.mark.parametrize("empty", [None, [], {}, "absent"])
async def test_deal_task_absent_in_every_form(
    crm: EnvyboxCRM, mock: MockEnvybox, empty: object
) -> None:
    """deal/getTask says "no task" as "task": null, [], {} or no key at all."""
    mock.on("deal/getTask", {"result": {}, **p.OK} if empty == "absent" else p.get_task(empty))
    assert await crm.deal_task("5572") is None


async def test_deal_task_and_tasks(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("deal/getTask", p.get_task(p.TASK))
    mock.on("deal/getTasks", p.DEAL_GETTASKS)
    task = await crm.deal_task("761939")
    assert task is not None and task.text == "комментарий задачи"
    tasks = await crm.deal_tasks("570389")
    assert [(t.id, t.employee_key, t.done) for t in tasks] == [
        ("253259", "17059", False),
        ("253261", None, True),
    ]


async def test_tasks_of_an_employee(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("task/list", p.TASK_LIST)
    page = await crm.tasks(employee_key="182", done=True, offset=0, limit=1)
    assert mock.calls("task/list")[0].body == {
        "request": {"employee_id": 182, "success": 1, "offset": 0, "limit": 1}
    }
    assert [t.text for t in page.items] == ["Связаться с клиентом"]
    assert (page.total, page.next_offset) == (3, 1)


async def test_one_call_per_action_after_warm_up(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/get", p.LEAD_GET)
    mock.on("deal/get", p.DEAL_GET)
    mock.on("lead/search", p.LEAD_SEARCH_NONE)
    await crm.get_lead("1")
    before = len(mock.seen)
    await crm.get_lead("1")
    await crm.get_deal("2")
    await crm.find_leads(phone="89991234567")
    assert [s.endpoint for s in mock.seen[before:]] == ["lead/get", "deal/get", "lead/search"]


async def test_main_data_wrapped_in_result(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """main/data's opening line is damaged in the docs: a "result" wrapper is read too."""
    body = {k: v for k, v in p.MAIN_DATA.items() if k not in ("status_code", "message")}
    mock.on("main/data", {"result": body, **p.OK})
    assert await crm.crm_info() == ("Тестовая CRM", "3844")
    assert len(await crm.employees()) == 2


async def test_deal_list_wrapped_in_deals(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """deal/list may wrap its page in "deals" the way lead/list wraps in "leads"."""
    page = {k: v for k, v in p.DEAL_LIST.items() if k not in ("status_code", "message")}
    mock.on("deal/list", {"deals": page, **p.OK})
    found = await crm.search_deals("Сделка")
    assert [d.id for d in found.items] == ["78107"] and found.total == 2


async def test_open_task_past_due_is_overdue(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """getTask's short task object has no is_overdue; a passed due time on an open task is."""
    past = {**p.TASK, "time": "2020-01-01 10:00:00", "is_overdue": 0}
    mock.on("task/list", {**p.TASK_LIST, "result": [past, {**past, "success": 1}]})
    page = await crm.tasks(employee_key="182")
    assert [(t.overdue, t.done) for t in page.items] == [(True, False), (False, True)]


async def test_lead_list_null_page(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/list", {"leads": None, **p.OK})
    assert await crm.new_leads(since=datetime(2024, 1, 1, tzinfo=UTC)) == NewLeads()


async def test_new_leads_naive_since_is_crm_time(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/list", p.lead_list([p.listed_lead("7", "2024-03-01 12:30:00")]))
    found = await crm.new_leads(since=datetime(2024, 3, 1, 12, 29))
    assert [x.id for x in found.leads] == ["7"]
    assert await crm.new_leads(since=datetime(2024, 3, 1, 12, 30)) == NewLeads()
