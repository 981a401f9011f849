"""Lead rules: merging, workset, search of untaken leads, taking into work, lists."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.sandbox import seed
from tests.sandbox.api import Api

ADMIN = seed.ADMIN_USER_ID
FRESH = seed.LEADS[0]


async def test_lead_set_creates_a_new_lead_on_stage_new(api: Api) -> None:
    body = await api.ok(
        "lead/set",
        method="create",
        inbox_type_id=seed.INBOX_SITE,
        values={"name": "Глеб", "phone": "8 (999) 111-22-33", "email": "Gleb@Example.RU"},
    )
    assert body["parent_id"] == 0
    lead = (await api.ok("lead/get", lead_id=body["id"]))["result"]
    assert lead["stage_id"] == str(seed.LEAD_STAGE_NEW) and lead["stage"] == "Новая"
    assert lead["phone"] == "79991112233" and lead["email"] == "gleb@example.ru"
    assert lead["inbox_type_id"] == str(seed.INBOX_SITE)
    found = await api.ok("lead/search", email="GLEB@example.ru")
    assert found["leads"]["id"] == str(body["id"])


async def test_lead_set_with_known_contacts_is_merged(api: Api) -> None:
    body = await api.ok("lead/set", method="create", values={"phone": f"+{FRESH.phone}"})
    assert body["parent_id"] == FRESH.id and body["id"] != FRESH.id
    body = await api.ok("lead/set", method="create", values={"email": FRESH.email.upper()})
    assert body["parent_id"] == FRESH.id
    found = await api.ok("lead/search", phone=FRESH.phone)
    assert found["leads"]["id"] == str(FRESH.id)


async def test_merged_lead_gains_missing_contacts(api: Api) -> None:
    target = seed.LEAD_OF_EXISTING_CLIENT  # has a phone, no e-mail
    body = await api.ok(
        "lead/set", method="create", values={"phone": target.phone, "email": "new@mail.example"}
    )
    assert body["parent_id"] == target.id
    found = await api.ok("lead/search", email="new@mail.example")
    assert found["leads"]["id"] == str(target.id)


async def test_workset_answers_without_id_and_makes_no_duplicate(api: Api) -> None:
    count = int((await api.ok("lead/list"))["leads"]["count"])
    body = await api.ok("lead/workset", method="create", values={"phone": FRESH.phone})
    assert body == {"status_code": 200, "message": "success"}
    assert int((await api.ok("lead/list"))["leads"]["count"]) == count
    await api.ok("lead/workset", method="create", values={"name": "Нина", "phone": "79990001122"})
    assert int((await api.ok("lead/list"))["leads"]["count"]) == count + 1
    found = await api.ok("lead/search", phone="79990001122")
    assert found["leads"] is not None


async def test_search_finds_only_untaken_leads(api: Api) -> None:
    assert (await api.ok("lead/search", phone="70000000000"))["leads"] is None
    await api.ok("lead/start", lead_id=FRESH.id, user_id=ADMIN, employee_id=0)
    assert (await api.ok("lead/search", phone=FRESH.phone))["leads"] is None
    assert (await api.ok("lead/search", email=FRESH.email))["leads"] is None


async def test_search_returns_the_newest_of_several(api: Api) -> None:
    first = await api.ok("lead/set", method="create", values={"phone": "79995550000"})
    await api.ok("lead/start", lead_id=first["id"], user_id=ADMIN, employee_id=0)
    second = await api.ok("lead/set", method="create", values={"email": "a@b.example"})
    third = await api.ok("lead/set", method="create", values={"phone": "79995550000"})
    assert third["parent_id"] == 0  # the first one is taken: no merge
    found = await api.ok("lead/search", phone="79995550000", email="a@b.example")
    assert found["leads"]["id"] == str(third["id"]) != str(second["id"])


async def test_start_creates_new_client_and_deal(api: Api) -> None:
    employee = seed.EMPLOYEES[1].id
    result = (
        await api.ok("lead/start", lead_id=FRESH.id, user_id=ADMIN, employee_id=str(employee))
    )["result"]
    assert result["lead_id"] == FRESH.id and result["employee_id"] == employee
    assert result["client_id"] not in {c.id for c in seed.CLIENTS}
    lead = (await api.ok("lead/get", lead_id=FRESH.id))["result"]
    assert lead["stage"] == "Новый клиент" and lead["stage_id"] == str(seed.LEAD_STAGE_NEW_CLIENT)
    assert lead["deals"] == [str(result["deal_id"])]
    deal = (await api.ok("deal/get", deal_id=result["deal_id"]))["result"]
    assert deal["client_id"] == str(result["client_id"])
    assert deal["pipeline_id"] == str(seed.SALES_PIPELINE_ID)
    assert deal["stage_id"] == str(seed.SALES_NEW)
    assert (deal["user_id"], deal["employee_id"]) == (str(ADMIN), str(employee))
    assert deal["connected_lead_id"] == [str(FRESH.id)]
    contacts = (await api.ok("client/getContacts", client_id=result["client_id"]))["result"]
    assert {(c["type_id"], c["value"]) for c in contacts["contacts"]} == {
        ("1", FRESH.phone),
        ("4", FRESH.email),
    }
    found = await api.ok("deal/search", phone=FRESH.phone)
    assert [c["id"] for c in found["clients"]] == [str(result["client_id"])]


async def test_start_with_known_contacts_reuses_the_client(api: Api) -> None:
    lead = seed.LEAD_OF_EXISTING_CLIENT
    result = (await api.ok("lead/start", lead_id=lead.id, user_id=ADMIN, employee_id=0))["result"]
    assert result["client_id"] == seed.CLIENTS[0].id
    got = (await api.ok("lead/get", lead_id=lead.id))["result"]
    assert got["stage"] == "Существующий клиент"


async def test_start_in_the_leads_deal_pipeline(api: Api) -> None:
    lead = next(x for x in seed.LEADS if x.deal_pipeline_id == seed.SERVICE_PIPELINE_ID)
    result = (await api.ok("lead/start", lead_id=lead.id, user_id=ADMIN, employee_id=0))["result"]
    deal = (await api.ok("deal/get", deal_id=result["deal_id"]))["result"]
    assert (deal["pipeline_id"], deal["stage_id"]) == (
        str(seed.SERVICE_PIPELINE_ID),
        str(seed.SERVICE_NEW),
    )


async def test_start_writes_lead_and_deal_logs(api: Api) -> None:
    employee = seed.EMPLOYEES[2]
    result = (await api.ok("lead/start", lead_id=FRESH.id, user_id=ADMIN, employee_id=employee.id))[
        "result"
    ]
    _, lead_logs = await api.get("lead/log/list", lead_id=FRESH.id)
    [entry] = lead_logs["result"]
    assert entry["type_id"] == 14 and entry["data"]["text"] == "Прикреплен к клиенту"
    assert entry["data"]["deal_id"] == result["deal_id"]
    assert entry["data"]["user"]["name"] == f"{employee.name} {employee.surname}"
    _, deal_logs = await api.get("deal/log/list", deal_id=result["deal_id"])
    [entry] = deal_logs["result"]
    assert entry["data"]["lead_id"] == str(FRESH.id)
    assert FRESH.name in entry["data"]["comment"] and FRESH.email in entry["data"]["comment"]


async def test_concurrent_start_one_wins(api: Api) -> None:
    answers = await asyncio.gather(
        *(api.post("lead/start", lead_id=FRESH.id, user_id=ADMIN, employee_id=0) for _ in range(2))
    )
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200, 400]
    loser = next(body for status, body in answers if status == 400)
    assert loser["message"] == "Лид уже взят в работу"
    found = await api.ok("deal/search", phone=FRESH.phone)
    assert len(found["clients"]) == 1 and len(found["clients"][0]["deals_for_event"]) == 1


async def test_start_of_a_merged_lead_takes_its_parent(api: Api) -> None:
    child = await api.ok("lead/set", method="create", values={"phone": FRESH.phone})
    result = (await api.ok("lead/start", lead_id=child["id"], user_id=ADMIN))["result"]
    assert result["lead_id"] == FRESH.id
    status, body = await api.post("lead/start", lead_id=FRESH.id, user_id=ADMIN)
    assert (status, body["message"]) == (400, "Лид уже взят в работу")


async def test_lead_list_pages_with_offset_then_minus_one(api: Api) -> None:
    total = len(seed.LEADS)
    seen: list[str] = []
    offset = 0
    for _ in range(10):
        page = (await api.ok("lead/list", limit=3, offset=offset))["leads"]
        assert page["count"] == str(total) and page["limit"] == 3
        seen += [lead["id"] for lead in page["result"]]
        offset = page["offset"]
        if offset == -1:
            break
        assert offset == len(seen)
    assert offset == -1
    assert seen == [str(lead.id) for lead in reversed(seed.LEADS)]  # newest first


async def test_lead_list_filters(api: Api) -> None:
    def ids(body: dict[str, Any]) -> list[str]:
        return [lead["id"] for lead in body["leads"]["result"]]

    html = seed.HTML_LEAD
    assert ids(await api.ok("lead/list", keyword="<b>")) == [str(html.id)]
    assert ids(await api.ok("lead/list", keyword="ОРЛОВ")) == [str(seed.LEADS[0].id)]
    assert ids(await api.ok("lead/list", keyword="+7 903 123-45-06")) == [str(seed.LEADS[5].id)]
    assert ids(await api.ok("lead/list", keyword="morozova@")) == [str(seed.LEADS[4].id)]
    await api.ok("lead/start", lead_id=html.id, user_id=ADMIN)
    taken = await api.ok("lead/list", stage_id=[seed.LEAD_STAGE_NEW_CLIENT])
    assert ids(taken) == [str(html.id)]
    none = await api.ok("lead/list", date_start="2000-01-01", date_end="2000-12-31")
    assert none["leads"]["result"] == [] and none["leads"]["count"] == "0"
    closed_today = await api.ok("lead/list", date_type="closed", date_start="2000-01-01")
    assert ids(closed_today) == [str(html.id)]


async def test_update_employee_changes_the_leads_responsible(api: Api) -> None:
    employee = seed.EMPLOYEES[3].id
    await api.ok("lead/update_employee", lead_id=FRESH.id, employee_id=employee)
    lead = (await api.ok("lead/get", lead_id=FRESH.id))["result"]
    assert lead["employee_id"] == str(employee) and lead["old_employee_id"] == "0"


async def test_lead_log_create_and_list(api: Api) -> None:
    employee = seed.EMPLOYEES[0]
    body = await api.ok(
        "lead/log/create",
        lead_id=FRESH.id,
        employee_id=employee.id,
        type_id=10,
        data={"comment": "Перезвонить завтра"},
    )
    log = body["result"]["log"]
    assert log["data"]["comment"] == "Перезвонить завтра" and log["employee_id"] == employee.id
    assert log["data"]["user"]["profession"] == employee.profession
    assert log["data"]["inbox_name"] == seed.INBOX_TYPES[FRESH.inbox_type_id]
    _, listed = await api.get("lead/log/list", lead_id=FRESH.id)
    assert [entry["id"] for entry in listed["result"]] == [log["id"]]
