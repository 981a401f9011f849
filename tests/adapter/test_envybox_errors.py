"""Envybox error answers → domain errors; the API key in no error text and no log line."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx
import pytest

from bot.crm.envybox import EnvyboxCRM
from bot.crm.errors import (
    AlreadyTaken,
    BadCredentials,
    CRMError,
    NotFound,
    Rejected,
    TimedOut,
    Unavailable,
    UnexpectedPayload,
    UnknownOutcome,
)
from tests.adapter import payloads as p
from tests.adapter.conftest import MSK
from tests.adapter.mock_crm import Answer, MockEnvybox


def html(status: int, body: bytes = p.HTML_502) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"content-type": "text/html"})


@pytest.mark.parametrize("http_status", [200, 401])
async def test_wrong_key(crm: EnvyboxCRM, mock: MockEnvybox, http_status: int) -> None:
    """Envybox answers a wrong key with «Неправильный ключ api», as HTTP 200 or as an error."""
    mock.on("main/data", httpx.Response(http_status, json=p.error("Неправильный ключ api", 401)))
    with pytest.raises(BadCredentials):
        await crm.crm_info()


@pytest.mark.parametrize("http_status", [200, 404])
async def test_lead_not_found(crm: EnvyboxCRM, mock: MockEnvybox, http_status: int) -> None:
    """HTTP 200 carrying an error status_code inside is an error too."""
    mock.on("lead/start", httpx.Response(http_status, json=p.error("Лид с данным id не найден")))
    with pytest.raises(NotFound) as caught:
        await crm.take_lead("5", as_employee="182")
    assert (caught.value.what, caught.value.ident) == ("lead", "5")


async def test_already_taken(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("lead/start", p.error("Лид уже взят в работу"))
    with pytest.raises(AlreadyTaken) as caught:
        await crm.take_lead("979190", as_employee="182")
    assert caught.value.lead_id == "979190"


@pytest.mark.parametrize("message", ["Сделка не найдена", "Сделка с данным id не найдена"])
async def test_deal_not_found(crm: EnvyboxCRM, mock: MockEnvybox, message: str) -> None:
    mock.on("deal/updateDealStage", p.error(message, 404))
    mock.on("deal/log/list", p.error(message, 404))
    with pytest.raises(NotFound) as caught:
        await crm.change_deal_stage("9", "5635", as_employee="182")
    assert (caught.value.what, caught.value.ident) == ("deal", "9")
    with pytest.raises(NotFound) as caught:
        await crm.deal_history("10")
    assert (caught.value.what, caught.value.ident) == ("deal", "10")


@pytest.mark.parametrize(
    ("message", "http_status"),
    [
        ("Не указан lead_id", 400),
        ("Не указан deal_id", 200),
        ("Неверный request", 500),
        ("Смена этапа вручную запрещена", 400),
    ],
)
async def test_other_messages_are_rejections_in_the_crms_words(
    crm: EnvyboxCRM, mock: MockEnvybox, message: str, http_status: int
) -> None:
    """A readable error, even under HTTP 500, is the CRM refusing, and is not retried."""
    mock.on("lead/get", httpx.Response(http_status, json=p.error(message, http_status)))
    with pytest.raises(Rejected) as caught:
        await crm.get_lead("1")
    assert caught.value.reason == message
    assert len(mock.calls("lead/get")) == 1


async def test_other_not_found_messages(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("deal/updateEmployee", p.error("Сотрудник не найден", 404))
    with pytest.raises(NotFound) as caught:
        await crm.reassign_deal("1", "999")
    assert (caught.value.what, caught.value.ident) == ("employee", "999")


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (html(502), Unavailable),
        (html(200, b"<html>maintenance</html>"), UnknownOutcome),
        (httpx.Response(200, content=b""), UnknownOutcome),
        (httpx.Response(200, json=[1, 2]), UnknownOutcome),
        (httpx.Response(200, json={"result": {}}), UnknownOutcome),
        (httpx.Response(503, json={"error": "down"}), Unavailable),
        (html(404, b"Not Found"), UnexpectedPayload),
    ],
)
async def test_answers_without_an_envelope(
    crm: EnvyboxCRM, mock: MockEnvybox, answer: httpx.Response, error: type[CRMError]
) -> None:
    """Envybox behind nginx answers HTML 502 pages; a non-JSON 200 is not a success, and
    to a write it leaves the outcome unknown (the write may have been done before the page
    was made); to a read it is only a bad answer."""
    mock.on("lead/start", answer)
    with pytest.raises(CRMError) as raised:
        await crm.take_lead("1", as_employee="182")
    assert type(raised.value) is error
    if answer.status_code == 200:
        mock.on("lead/get", answer)
        with pytest.raises(UnexpectedPayload) as read:
            await crm.get_lead("1")
        assert type(read.value) is UnexpectedPayload


async def test_a_write_said_done_in_a_shape_unknown_is_an_unknown_outcome(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    mock.on("lead/start", {"status_code": 200, "message": "success", "lead_id": "not a number"})
    with pytest.raises(UnknownOutcome, match=r"^lead/start: unexpected payload"):
        await crm.take_lead("1", as_employee="182")


async def test_success_with_wrong_shape_names_the_endpoint(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    mock.on("main/data", {**p.MAIN_DATA, "employees": [{"name": "no id"}]})
    with pytest.raises(UnexpectedPayload, match=r"^main/data: unexpected payload .*employees"):
        await crm.employees()


async def test_timeout_and_connect_errors(mock: MockEnvybox) -> None:
    mock.on("lead/get", httpx.ReadTimeout("timed out"))
    mock.on("deal/get", httpx.ConnectError("refused"))
    async with mock.client() as client:
        crm = EnvyboxCRM("https://x.envycrm.com", p.KEY, timezone=MSK, client=client, retries=1)
        await crm.crm_info()
        with pytest.raises(TimedOut):
            await crm.get_lead("1")
        with pytest.raises(Unavailable) as caught:
            await crm.get_deal("1")
        assert not isinstance(caught.value, TimedOut)


async def test_single_flight_while_main_data_is_slow() -> None:
    """Callers arriving while main/data is in flight wait for that one request."""
    calls = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return httpx.Response(200, json=p.MAIN_DATA)

    async with httpx.AsyncClient(transport=httpx.MockTransport(slow)) as client:
        crm = EnvyboxCRM("https://x.envycrm.com", p.KEY, timezone=MSK, client=client)
        results = await asyncio.wait_for(asyncio.gather(*(crm.employees() for _ in range(5))), 5)
    assert calls == 1 and all(r == results[0] for r in results)


# ------------------------------------------------------------------ secrets


def _raise(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        # httpx's own texts carry the URL, query and key included
        raise type(exc)(f"{exc} while requesting {request.url}")

    return handler


SECRET_CASES: list[tuple[Answer, type[CRMError]]] = [
    (httpx.Response(200, json=p.error("Неправильный ключ api")), BadCredentials),
    (httpx.Response(200, json=p.error("Лид с данным id не найден")), NotFound),
    (httpx.Response(200, json=p.error("Лид уже взят в работу")), AlreadyTaken),
    (httpx.Response(500, json=p.error("Неверный request", 500)), Rejected),
    (html(502), Unavailable),
    (html(200, p.KEY.encode()), UnexpectedPayload),
    (_raise(httpx.ReadTimeout("read timed out")), TimedOut),
    (_raise(httpx.ConnectError("connection refused")), Unavailable),
    (_raise(httpx.RemoteProtocolError("server hung up")), Unavailable),
]


def _chain(error: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


@pytest.mark.parametrize(("answer", "kind"), SECRET_CASES)
async def test_key_is_in_no_exception_and_no_log(
    mock: MockEnvybox, caplog: pytest.LogCaptureFixture, answer: Answer, kind: type[CRMError]
) -> None:
    caplog.set_level(logging.DEBUG)
    mock.on("lead/start", answer)
    async with mock.client() as client:
        crm = EnvyboxCRM(
            "https://x.envycrm.com",
            p.KEY,
            timezone=MSK,
            client=client,
            retries=2,
            sleep=lambda s: asyncio.sleep(0),
        )
        with pytest.raises(kind) as caught:
            await crm.take_lead("1", as_employee="182")
    for error in _chain(caught.value):
        assert p.KEY not in str(error) and p.KEY not in repr(error)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert {r.name for r in caplog.records} >= {"bot.crm.envybox", "httpx"}
    for record in caplog.records:
        assert p.KEY not in record.getMessage()
        assert p.KEY not in str(record.args) and p.KEY not in str(record.exc_text)


async def test_invalid_main_data_does_not_echo_the_key_it_contains(
    mock: MockEnvybox, caplog: pytest.LogCaptureFixture
) -> None:
    """main/data answers the api_key itself; a validation failure must not repeat values."""
    caplog.set_level(logging.DEBUG)
    mock.on("main/data", {**p.MAIN_DATA, "inbox_types": [{"name": p.KEY}]})
    async with mock.client() as client:
        crm = EnvyboxCRM("https://x.envycrm.com", p.KEY, timezone=MSK, client=client)
        with pytest.raises(UnexpectedPayload) as caught:
            await crm.inbox_types()
    assert p.KEY not in str(caught.value)
    assert all(p.KEY not in r.getMessage() for r in caplog.records)


async def test_request_lines_are_logged_with_the_path(
    crm: EnvyboxCRM, mock: MockEnvybox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.crm.envybox")
    mock.on("lead/get", p.LEAD_GET)
    await crm.get_lead("1")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.crm.envybox"]
    assert lines[-1].startswith("POST lead/get/ -> 200 in ")
