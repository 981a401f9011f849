"""SalesMan's wire: headers, the one error mapping (codes as numbers or strings), bodies
that are not JSON, and the employee list with both phones."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.crm.errors import (
    BadCredentials,
    Forbidden,
    NotFound,
    Rejected,
    UnexpectedPayload,
)
from bot.crm.salesman import SalesmanCRM
from bot.crm.salesman.api import api_root
from bot.crm.salesman.errors import body_or_raise, domain_error
from tests.fakes.salesman import API_KEY, BOT_LOGIN, SalesmanServer


def _crm(server: SalesmanServer, key: str = API_KEY, login: str = BOT_LOGIN) -> SalesmanCRM:
    return SalesmanCRM(server.url, login, key, timezone=ZoneInfo("Europe/Moscow"), timeout=5)


async def test_employees_come_with_phone_or_mobile_and_only_the_active(
    server: SalesmanServer,
) -> None:
    crm = _crm(server)
    try:
        staff = {e.key: e for e in await crm.employees()}
        assert await crm.employees() == tuple(staff.values())  # cached: no second round
    finally:
        await crm.close()
    assert set(staff) == {"bot", "anna", "ivan"}  # olga is not active
    assert (staff["anna"].name, staff["anna"].phone) == ("Анна Смирнова", "+79161110001")
    assert (staff["ivan"].phone, staff["ivan"].mobile) == (None, "+79161110002")
    actions = [c.action for c in server.calls]
    assert actions.count("user.list") == 1 and actions.count("user") == 3
    assert {c.login for c in server.calls} == {BOT_LOGIN}  # the bot's own work
    assert all("apikey" not in c.params and "login" not in c.params for c in server.calls)


async def test_a_wrong_key_or_login_names_both_settings(server: SalesmanServer) -> None:
    for crm in (_crm(server, key="secret-typo-9f2"), _crm(server, login="nobody")):
        try:
            with pytest.raises(BadCredentials) as refused:
                await crm.account_name()
        finally:
            await crm.close()
        assert refused.value.settings == "CRM_API_KEY or CRM_LOGIN"
        assert "secret-typo-9f2" not in str(refused.value)
    good = _crm(server)
    try:
        assert await good.account_name() == "SalesMan 127.0.0.1"
    finally:
        await good.close()


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ({"code": 400, "text": "Не верный API key"}, BadCredentials),
        ({"code": "401", "text": "Неизвестный пользователь"}, BadCredentials),
        ({"code": "402", "text": "Неизвестный метод"}, UnexpectedPayload),
        ({"code": 403, "text": "Доступ запрещен"}, Forbidden),
        ({"code": "404", "text": "Не найдено"}, NotFound),
        ({"code": 405, "text": "Отсутствуют параметры - Название клиента"}, Rejected),
        ({"code": "406", "text": "Такой логин уже существует"}, Rejected),
        ({"code": 407, "text": "Не указан плательщик"}, Rejected),
    ],
)
def test_each_documented_code_maps_to_one_domain_error(
    error: dict[str, object], kind: type[Exception]
) -> None:
    assert type(domain_error("deal add", error)) is kind


def test_the_crms_own_text_is_clipped_and_stripped_of_tags() -> None:
    sql = "<b>Error</b> INSERT INTO users " + "x" * 500
    refused = domain_error("user add", {"code": 500, "text": sql})
    assert isinstance(refused, Rejected)
    assert "<b>" not in refused.reason and len(refused.reason) <= 200


def _answer(body: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, text=body, headers={"Content-Type": "application/json"})


def test_bodies_errors_by_a_non_empty_error_only() -> None:
    ok = body_or_raise("person add", _answer('{"result":"Контакт добавлен","data":7,"error":""}'))
    assert ok["data"] == 7
    with pytest.raises(NotFound):  # an error without "result": "Error"
        body_or_raise("deal info", _answer(json.dumps({"error": {"code": 404, "text": "x"}})))
    fatal = "<br />\n<b>Fatal error</b>: Uncaught TypeError in /var/www/Person.php"
    with pytest.raises(UnexpectedPayload):  # HTML with HTTP 200: an unknown outcome
        body_or_raise("person add", _answer(fatal))
    assert body_or_raise("task list", _answer("[]")) == []


def test_the_api_root_in_any_form() -> None:
    for url in (
        "https://crm.example.ru",
        "https://crm.example.ru/",
        "https://crm.example.ru/developer/v2",
    ):
        assert api_root(url) == "https://crm.example.ru/developer/v2/"
