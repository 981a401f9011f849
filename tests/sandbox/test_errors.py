"""Error answers: ``{"status_code": N, "message": ...}`` with HTTP status N, exact messages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.sandbox import seed
from tests.sandbox.api import Api

LEAD = seed.LEADS[0].id
DEAL = seed.DEALS[0].id
SERVICE_DEAL = next(d for d in seed.DEALS if d.pipeline_id == seed.SERVICE_PIPELINE_ID)
ADMIN = seed.ADMIN_USER_ID


def assert_error(status: int, body: dict[str, Any], code: int, message: str) -> None:
    assert status == code
    assert body == {"status_code": code, "message": message}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "main/data"),
        ("POST", "lead/start"),
        ("POST", "deal/get"),
        ("GET", "deal/log/list"),
        ("POST", "task/list"),
        ("POST", "no/such/method"),
    ],
)
@pytest.mark.parametrize("key", ["wrong-key", "", None])
async def test_wrong_api_key_on_any_request(
    http: httpx.AsyncClient, method: str, path: str, key: str | None
) -> None:
    query = {} if key is None else {"api_key": key}
    body = {"request": {"lead_id": LEAD, "deal_id": DEAL}} if method == "POST" else None
    r = await http.request(method, f"{path}/", params=query, json=body)
    assert_error(r.status_code, r.json(), 401, "Неправильный ключ api")


# (path, request, status, message): documented messages first, then the sandbox's choices
POST_ERRORS = [
    ("lead/start", {"lead_id": 1, "user_id": ADMIN}, 404, "Лид с данным id не найден"),
    ("lead/get", {"lead_id": 1}, 404, "Лид с данным id не найден"),
    ("deal/updateDealStage", {"deal_id": 1, "stage_id": seed.SALES_NEW}, 404, "Сделка не найдена"),
    (
        "deal/updateDealStage",
        {"deal_id": DEAL, "stage_id": seed.SALES_NEW, "client_id": 1},
        404,
        "Сделка не найдена",
    ),
    ("deal/get", {"deal_id": 1}, 404, "Сделка не найдена"),
    ("deal/getTask", {"deal_id": 1}, 404, "Сделка не найдена"),
    ("deal/createComment", {"deal_id": 1, "comment": "x"}, 404, "Сделка не найдена"),
    ("deal/updatetask", {"deal_id": 1, "comment": "x"}, 404, "Сделка не найдена"),
    ("client/get", {"client_id": 1}, 404, "Клиент не найден"),
    ("client/getContacts", {"client_id": 1}, 404, "Клиент не найден"),
    ("deal/get", {}, 500, "Неверный request"),
    ("deal/get", {"deal_id": "abc"}, 500, "Неверный request"),
    ("lead/search", {}, 500, "Неверный request"),
    ("lead/start", {"lead_id": LEAD, "employee_id": seed.EMPLOYEES[0].id}, 500, "Неверный request"),
    (
        "lead/start",
        {"lead_id": LEAD, "user_id": ADMIN, "employee_id": 999},
        404,
        "Сотрудник не найден",
    ),
    ("deal/updatetask", {"deal_id": DEAL}, 500, "Неверный request"),
    ("deal/createComment", {"deal_id": DEAL, "comment": "  "}, 500, "Неверный request"),
    ("lead/log/create", {"lead_id": LEAD, "type_id": 3, "data": {}}, 500, "Неверный request"),
    ("task/list", {"success": 7}, 500, "Неверный request"),
    ("lead/list", {"date_start": "10.07.2017"}, 500, "Неверный request"),
    (
        "deal/updateDealStage",
        {"deal_id": SERVICE_DEAL.id, "stage_id": seed.SERVICE_DONE},
        400,
        "Смена этапа вручную запрещена в настройках воронки",
    ),
    (
        "deal/updateDealStage",
        {"deal_id": DEAL, "stage_id": seed.SERVICE_DONE},
        400,
        "Этап не найден",
    ),
    ("deal/updateDealStage", {"deal_id": DEAL, "stage_id": 1}, 400, "Этап не найден"),
]


@pytest.mark.parametrize(("path", "request_", "code", "message"), POST_ERRORS)
async def test_post_errors(
    api: Api, path: str, request_: dict[str, Any], code: int, message: str
) -> None:
    status, body = await api.post(path, **request_)
    assert_error(status, body, code, message)


async def test_lead_taken_twice(api: Api) -> None:
    await api.ok("lead/start", lead_id=LEAD, user_id=ADMIN, employee_id=0)
    status, body = await api.post("lead/start", lead_id=str(LEAD), user_id=ADMIN, employee_id=0)
    assert_error(status, body, 400, "Лид уже взят в работу")


@pytest.mark.parametrize(
    ("path", "query", "code", "message"),
    [
        ("lead/log/list", {"lead_id": 1}, 404, "Лид с данным id не найден"),
        ("lead/log/list", {}, 400, "Не указан lead_id"),
        ("lead/log/list", {"lead_id": ""}, 400, "Не указан lead_id"),
        ("deal/log/list", {"deal_id": 1}, 404, "Сделка с данным id не найдена"),
        ("deal/log/list", {}, 400, "Не указан deal_id"),
    ],
)
async def test_log_list_errors(
    api: Api, path: str, query: dict[str, Any], code: int, message: str
) -> None:
    status, body = await api.get(path, **query)
    assert_error(status, body, code, message)


@pytest.mark.parametrize(
    "content", [b"not json", b"", b"[]", b'{"lead_id": 1}', b'{"request": [1]}']
)
async def test_malformed_body(http: httpx.AsyncClient, api: Api, content: bytes) -> None:
    r = await http.post("lead/get/", params={"api_key": api.api_key}, content=content)
    assert_error(r.status_code, r.json(), 500, "Неверный request")


async def test_unknown_path_and_wrong_method(http: httpx.AsyncClient, api: Api) -> None:
    r = await http.post("lead/nothing/", params={"api_key": api.api_key}, json={"request": {}})
    assert_error(r.status_code, r.json(), 404, "Метод не найден")
    r = await http.get("lead/get/", params={"api_key": api.api_key, "lead_id": LEAD})
    assert_error(r.status_code, r.json(), 405, "Метод не поддерживается")
