"""Deal and task rules: stage changes, responsible, comments, tasks, lists and filters."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import clock
from bot.sandbox import seed
from tests.sandbox.api import Api

DEAL = seed.DEALS[0]  # Продажи, «Квалификация», employee 183, an overdue task for 183


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["id"]) for item in items]


async def test_update_stage_moves_the_deal_and_logs_it(api: Api) -> None:
    employee = seed.EMPLOYEES[1].id
    body = await api.ok(
        "deal/updateDealStage", deal_id=str(DEAL.id), stage_id=seed.SALES_WON, employee_id=employee
    )
    assert body["result"] == {"stage_id": seed.SALES_WON}
    deal = (await api.ok("deal/get", deal_id=DEAL.id))["result"]
    assert deal["stage_id"] == str(seed.SALES_WON) and deal["status_id"] == "2003"
    assert deal["stage_name"] == "Успешно реализована"
    _, logs = await api.get("deal/log/list", deal_id=DEAL.id)
    last = logs["result"][-1]
    assert last["employee_id"] == employee and last["data"]["new_stage"] == "Успешно реализована"
    closed = await api.ok("deal/list", date_type="closed", date_start="2000-01-01")
    assert str(DEAL.id) in ids(closed["result"])


async def test_update_employee_keeps_the_previous_one(api: Api) -> None:
    new = seed.EMPLOYEES[2].id
    deal = (await api.ok("deal/updateEmployee", deal_id=DEAL.id, employee_id=new))["result"]
    assert (deal["deal"]["employee_id"], deal["deal"]["old_employee_id"]) == (new, DEAL.employee_id)
    got = (await api.ok("deal/get", deal_id=DEAL.id))["result"]
    assert got["employee_id"] == str(new)


async def test_comment_is_a_deal_log_2010(api: Api) -> None:
    """deal/createComment is documented without employee_id: the key's owner is the author."""
    employee = seed.EMPLOYEES[1]
    await api.ok(
        "deal/createComment", deal_id=DEAL.id, comment="Счёт отправлен", employee_id=employee.id
    )
    _, logs = await api.get("deal/log/list", deal_id=DEAL.id)
    last = logs["result"][-1]
    assert (last["type_id"], last["data"]["comment"]) == (2010, "Счёт отправлен")
    assert last["data"]["user"]["name"] == "Администратор"
    assert last["employee_id"] == 0


async def test_log_list_pages_oldest_first(api: Api) -> None:
    for n in range(4):
        await api.ok("deal/createComment", deal_id=DEAL.id, comment=f"c{n}")
    _, first = await api.get("deal/log/list", deal_id=DEAL.id, limit=2, offset=0)
    assert first["count"] == 5 and first["offset"] == 2 and len(first["result"]) == 2
    _, last = await api.get("deal/log/list", deal_id=DEAL.id, limit=2, offset=4)
    assert last["offset"] == -1
    assert [entry["data"]["comment"] for entry in last["result"]] == ["c3"]
    _, capped = await api.get("deal/log/list", deal_id=DEAL.id, limit=500)
    assert capped["limit"] == 50


async def test_updatetask_updates_the_responsibles_open_task(api: Api) -> None:
    [seeded] = [t for t in seed.TASKS if t.deal_id == DEAL.id]
    when = int(datetime(2030, 1, 2, 10, 0, tzinfo=ZoneInfo("Europe/Moscow")).timestamp())
    task = (await api.ok("deal/updatetask", deal_id=DEAL.id, time=str(when)))["result"]["task"]
    assert task["id"] == seeded.id and task["comment"] == seeded.comment
    assert task["time"] == "2030-01-02 10:00:00" and task["is_overdue"] == 0
    task = (await api.ok("deal/getTask", deal_id=DEAL.id))["result"]["task"]
    assert (task["id"], task["to_employee_id"]) == (seeded.id, DEAL.employee_id)


async def test_updatetask_creates_a_task_when_there_is_none(api: Api) -> None:
    deal = seed.DEALS[-1]  # no tasks
    assert (await api.ok("deal/getTask", deal_id=deal.id))["result"] == {"task": None}
    assert (await api.ok("deal/getTasks", deal_id=deal.id))["result"] == []
    other = seed.EMPLOYEES[4].id
    body = await api.ok("deal/updatetask", deal_id=deal.id, comment="Позвонить", employee_id=other)
    task = body["result"]["task"]
    assert (task["to_employee_id"], task["element_id"], task["success"]) == (other, deal.id, 0)
    assert ids((await api.ok("deal/getTasks", deal_id=deal.id))["result"]) == [str(task["id"])]
    # the responsible (not `other`) still has no task of their own
    assert (await api.ok("deal/getTask", deal_id=deal.id))["result"] == {"task": None}


async def test_task_list_filters(api: Api) -> None:
    def expect(**where: Any) -> list[str]:
        return [
            str(t.id)
            for t in sorted(seed.TASKS, key=lambda t: (t.hours_from_now, t.id))
            if all(getattr(t, k) == v for k, v in where.items())
        ]

    everything = await api.ok("task/list")
    assert ids(everything["result"]) == expect() and everything["count"] == len(seed.TASKS)
    employee = seed.TASKS[3].to_employee_id
    mine = await api.ok("task/list", employee_id=employee, success=0)
    assert ids(mine["result"]) == expect(to_employee_id=employee, success=0)
    admin = await api.ok("task/list", employee_id=0)
    assert ids(admin["result"]) == expect(to_employee_id=0)
    closed = await api.ok("task/list", success=1)
    assert ids(closed["result"]) == expect(success=1)
    now = clock.now(ZoneInfo("Europe/Moscow"))
    overdue = await api.ok("task/list", success=0, datetime_end=now.strftime("%Y-%m-%d %H:%M:%S"))
    past = {str(t.id) for t in seed.TASKS if t.hours_from_now < 0}
    assert ids(overdue["result"]) == [i for i in expect(success=0) if i in past]
    assert len(overdue["result"]) >= 2
    assert all(t["is_overdue"] == 1 for t in overdue["result"])
    later = (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    future = await api.ok("task/list", datetime_start=later)
    assert ids(future["result"]) == [
        str(t.id)
        for t in sorted(seed.TASKS, key=lambda t: t.hours_from_now)
        if t.hours_from_now > 24
    ]
    page = await api.ok("task/list", limit=2, offset=0)
    assert page["limit"] == 2 and page["offset"] == 2 and len(page["result"]) == 2
    assert (await api.ok("task/list", limit=0))["limit"] == 50


async def test_deal_list_keyword_and_paging(api: Api) -> None:
    vector = next(c for c in seed.CLIENTS if "Вектор" in c.name)
    by_client = await api.ok("deal/list", keyword="вектор")
    assert [d["client_id"] for d in by_client["result"]] == [str(vector.id)]
    by_contact = await api.ok("deal/list", keyword=seed.CLIENTS[3].email)
    assert [d["client_id"] for d in by_contact["result"]] == [str(seed.CLIENTS[3].id)]
    by_name = await api.ok("deal/list", keyword="ГАРАНТИИ")
    assert [d["values"]["service"]["name"]["value"] for d in by_name["result"]] == [
        "Ремонт по гарантии"
    ]
    by_phone = await api.ok("deal/list", keyword="+7 (926) 555-00-01")
    assert sorted(ids(by_phone["result"])) == sorted(
        str(d.id) for d in seed.DEALS if d.client_id == seed.CLIENTS[0].id
    )
    service = await api.ok("deal/list", pipeline_id=seed.SERVICE_PIPELINE_ID)
    assert ids(service["result"]) == [
        str(d.id) for d in seed.DEALS if d.pipeline_id == seed.SERVICE_PIPELINE_ID
    ]
    first = await api.ok("deal/list", limit=3)
    assert first["offset"] == 3 and first["count"] == str(len(seed.DEALS))
    rest = await api.ok("deal/list", limit=3, offset=3)
    assert rest["offset"] == -1
    assert ids(first["result"]) + ids(rest["result"]) == [str(d.id) for d in reversed(seed.DEALS)]


async def test_deal_search_by_email_any_case(api: Api) -> None:
    client = seed.CLIENTS[0]
    found = await api.ok("deal/search", email=client.email.upper())
    [only] = found["clients"]
    assert only["id"] == str(client.id) and only["name"] == client.name
    assert sorted(ids(only["deals_for_event"])) == sorted(
        str(d.id) for d in seed.DEALS if d.client_id == client.id
    )
    assert (await api.ok("deal/search", phone="70000000000"))["clients"] == []


async def test_client_get_lists_contacts_and_deals(api: Api) -> None:
    client = seed.CLIENTS[1]
    result = (await api.ok("client/get", client_id=str(client.id)))["result"]
    assert result["values"]["service"]["name"]["value"] == client.name
    assert [(c["type_id"], c["group_id"], c["value"]) for c in result["contacts"]] == [
        ("1", "1", client.phone),
        ("4", "2", client.email),
    ]
    assert ids(result["deals"]) == [str(d.id) for d in seed.DEALS if d.client_id == client.id]
