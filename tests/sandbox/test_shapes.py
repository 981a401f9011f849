"""Every endpoint's success answer has the reference example's keys, wrappers and id typing."""

from __future__ import annotations

from bot.sandbox import seed
from tests.sandbox import reference as ref
from tests.sandbox.api import Api
from tests.sandbox.shape import assert_success

LEAD = seed.LEADS[0]
DEAL = seed.DEALS[0]


async def _taken_lead(api: Api) -> dict[str, int]:
    body = await api.ok("lead/start", lead_id=LEAD.id, user_id=seed.ADMIN_USER_ID, employee_id=0)
    result: dict[str, int] = body["result"]
    return result


async def test_main_data(api: Api) -> None:
    status, body = await api.get("main/data")
    assert status == 200
    assert_success(body, ref.MAIN_DATA)
    for pipeline in body["lead"]["pipelines"] + body["deal"]["pipelines"]:
        assert all(key == stage["id"] for key, stage in pipeline["stages"].items())


async def test_lead_set_and_workset(api: Api) -> None:
    body = await api.ok("lead/set", method="create", values={"phone": "79990000001"})
    assert_success(body, ref.LEAD_SET)
    assert type(body["id"]) is int and body["parent_id"] == 0
    body = await api.ok("lead/workset", method="create", values={"phone": "79990000002"})
    assert body == {"status_code": 200, "message": "success"}


async def test_lead_get(api: Api) -> None:
    await _taken_lead(api)
    assert_success(await api.ok("lead/get", lead_id=LEAD.id), ref.LEAD_GET)


async def test_lead_search(api: Api) -> None:
    assert_success(await api.ok("lead/search", phone=LEAD.phone), ref.LEAD_SEARCH)


async def test_lead_list(api: Api) -> None:
    await _taken_lead(api)
    body = await api.ok("lead/list", limit=0, date_start="2000-01-01", date_end="2100-01-01")
    assert_success(body, ref.LEAD_LIST)
    assert body["leads"]["dateType"] == "period"


async def test_lead_start(api: Api) -> None:
    body = await api.ok("lead/start", lead_id=LEAD.id, user_id=seed.ADMIN_USER_ID, employee_id=0)
    assert_success(body, ref.LEAD_START)
    assert all(type(v) is int for v in body["result"].values())


async def test_lead_log_list(api: Api) -> None:
    await _taken_lead(api)
    status, body = await api.get("lead/log/list", lead_id=LEAD.id, limit=50, offset=0)
    assert status == 200
    assert_success(body, ref.LEAD_LOG_LIST)


async def test_lead_log_create(api: Api) -> None:
    data = {
        "direction": 1,
        "status": 1,
        "from": "79875034433",
        "to": "79875034434",
        "record_link": "http://test.ru",
        "comment": "Комментарий",
        "duration_bill": 5,
    }
    body = await api.ok("lead/log/create", lead_id=LEAD.id, employee_id=0, type_id=9, data=data)
    assert_success(body, ref.LEAD_LOG_CREATE)


async def test_lead_update_employee(api: Api) -> None:
    employee = seed.EMPLOYEES[1].id
    body = await api.ok("lead/update_employee", lead_id=LEAD.id, employee_id=employee)
    assert_success(body, ref.LEAD_UPDATE_EMPLOYEE)


async def test_deal_get(api: Api) -> None:
    assert_success(await api.ok("deal/get", deal_id=DEAL.id), ref.DEAL_GET)


async def test_deal_search(api: Api) -> None:
    client = seed.CLIENTS[0]
    body = await api.ok("deal/search", phone=client.phone, email=client.email)
    assert_success(body, ref.DEAL_SEARCH)


async def test_deal_list(api: Api) -> None:
    assert_success(await api.ok("deal/list", keyword="", limit=0, offset=0), ref.DEAL_LIST)


async def test_deal_update_stage(api: Api) -> None:
    body = await api.ok("deal/updateDealStage", deal_id=DEAL.id, stage_id=seed.SALES_TALKS)
    assert_success(body, ref.DEAL_UPDATE_STAGE)


async def test_deal_update_employee(api: Api) -> None:
    body = await api.ok("deal/updateEmployee", deal_id=DEAL.id, employee_id=seed.EMPLOYEES[0].id)
    assert_success(body, ref.DEAL_UPDATE_EMPLOYEE)


async def test_deal_comment_and_tags(api: Api) -> None:
    assert_success(await api.ok("deal/createComment", deal_id=DEAL.id, comment="Ок"), ref.EMPTY)
    body = await api.ok("deal/tag/addDealTags", deal_id=DEAL.id, tags=["тег1", "тег2"])
    assert_success(body, ref.EMPTY)


async def test_deal_tasks(api: Api) -> None:
    body = await api.ok("deal/updatetask", deal_id=DEAL.id, time=2000000000, comment="Позвонить")
    assert_success(body, ref.DEAL_UPDATE_TASK)
    assert_success(await api.ok("deal/getTask", deal_id=DEAL.id), ref.DEAL_GET_TASK)
    assert_success(await api.ok("deal/getTasks", deal_id=DEAL.id), ref.DEAL_GET_TASKS)


async def test_deal_log_list(api: Api) -> None:
    status, body = await api.get("deal/log/list", deal_id=DEAL.id, limit=50, offset=0)
    assert status == 200
    assert_success(body, ref.DEAL_LOG_LIST)


async def test_task_list(api: Api) -> None:
    assert_success(await api.ok("task/list", limit=0, offset=0), ref.TASK_LIST)


async def test_client_get_and_contacts(api: Api) -> None:
    client = seed.CLIENTS[0].id
    assert_success(await api.ok("client/get", client_id=client), ref.CLIENT_GET)
    assert_success(await api.ok("client/getContacts", client_id=client), ref.CLIENT_GET_CONTACTS)


async def test_main_data_describes_the_demo_crm(api: Api) -> None:
    _, body = await api.get("main/data")
    assert (body["id"], body["user_id"], body["name"]) == ("2119", "3844", seed.CRM_NAME)
    assert [(e["id"], e["crm_phone_number"]) for e in body["employees"]] == [
        (str(e.id), e.phone) for e in seed.EMPLOYEES
    ]
    assert [t["name"] for t in body["inbox_types"]] == [
        "Добавлен вручную",
        "Заявка с сайта",
        "Обратный звонок",
    ]
    [lead_pipeline] = body["lead"]["pipelines"]
    assert [s["name"] for s in lead_pipeline["stages"].values()] == [
        "Новая",
        "Новый клиент",
        "Существующий клиент",
    ]
    sales, service = body["deal"]["pipelines"]
    assert (sales["name"], sales["allow_manual_change_stage"]) == ("Продажи", "1")
    assert (service["name"], service["allow_manual_change_stage"]) == ("Сервис", "0")
    assert [(s["name"], s["status_id"]) for s in sales["stages"].values()] == [
        ("Новая", "2001"),
        ("Квалификация", "2002"),
        ("Переговоры", "2002"),
        ("Успешно реализована", "2003"),
        ("Не реализована", "2004"),
    ]
