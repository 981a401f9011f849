"""A lead list with leads the adapter cannot read: each is set aside with its id and the
fields at fault (never their values), the others are read; no pydantic error escapes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import clock
from bot.crm.envybox import EnvyboxCRM
from bot.crm.errors import UnexpectedPayload
from bot.crm.salesman import SalesmanCRM
from tests.adapter import payloads as p
from tests.adapter.mock_crm import MockEnvybox
from tests.fakes.salesman import API_KEY, BOT_LOGIN, SalesmanServer

SINCE = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


def _listed(lead_id: str, minute: int, **fields: object) -> dict[str, object]:
    return p.listed_lead(lead_id, f"2024-03-01 12:{minute:02d}:00") | fields


async def test_envybox_reads_past_leads_it_cannot_read(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on(
        "lead/list",
        p.lead_list(
            [
                _listed("1", 10),
                _listed("2", 11, phone=["79031234567", "79161234567"]),  # two phones
                _listed("3", 12, created_at="вчера вечером"),
                _listed("4", 13, phone={"work": "79031234567"}),
                "not a lead",
                _listed("5", 14),
            ]
        ),
    )
    found = await crm.new_leads(since=SINCE)
    assert [lead.id for lead in found.leads] == ["1", "2", "5"]
    assert found.leads[1].phone == "+79031234567"
    assert [x.id for x in found.unreadable] == ["3", "4", None]
    reasons = " ".join(x.reason for x in found.unreadable)
    assert "created_at" in reasons and "phone" in reasons
    assert "79031234567" not in reasons and "вчера" not in reasons  # no values, only fields


async def test_envybox_one_lead_it_cannot_read_is_unexpected_payload(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    mock.on("lead/get", {"result": _listed("3", 12, created_at="вчера"), **p.OK})
    with pytest.raises(UnexpectedPayload, match=r"^lead/get: unexpected payload .*created_at"):
        await crm.get_lead("3")


def _salesman(server: SalesmanServer) -> SalesmanCRM:
    return SalesmanCRM(
        server.url, BOT_LOGIN, API_KEY, timezone=ZoneInfo("Europe/Moscow"), timeout=5
    )


async def test_salesman_reads_past_leads_it_cannot_read(server: SalesmanServer) -> None:
    now = clock.now(ZoneInfo("Europe/Moscow"))
    at = [(now - timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:%S") for m in (5, 4, 3, 2)]
    first = server.add_lead("Первый", "79031110001", datum=at[0])
    two_phones = server.add_lead("Два телефона", "", datum=at[1])
    server.leads[two_phones].phone = ["79031110002", "79161110002"]  # type: ignore[assignment]
    bad_date = server.add_lead("Без даты", "79031110003", datum="позавчера")
    bad_name = server.add_lead("Имя", "79031110004", datum=at[2])
    server.leads[bad_name].title = {"first": "Имя"}  # type: ignore[assignment]
    last = server.add_lead("Последний", "79031110005", datum=at[3])
    crm = _salesman(server)
    try:
        found = await crm.new_leads(since=now - timedelta(minutes=10))
    finally:
        await crm.close()
    assert [lead.id for lead in found.leads] == [str(first), str(two_phones), str(last)]
    assert found.leads[1].phone == "+79031110002"
    assert sorted(x.id or "" for x in found.unreadable) == sorted([str(bad_date), str(bad_name)])
    assert all("79031" not in x.reason for x in found.unreadable)


async def test_salesman_one_lead_it_cannot_read_is_unexpected_payload(
    server: SalesmanServer,
) -> None:
    server.leads[501].title = {"first": "Сергей"}  # type: ignore[assignment]
    crm = _salesman(server)
    try:
        with pytest.raises(UnexpectedPayload, match=r"^lead info: unexpected payload .*title"):
            await crm.get_lead("501")
    finally:
        await crm.close()
