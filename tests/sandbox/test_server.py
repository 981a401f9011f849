"""The server around the endpoints: persistence, call log, latency, fault injection, time zone."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot import clock
from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from tests.sandbox.api import Api

LEAD = seed.LEADS[0]


async def test_data_persists_and_seed_is_not_repeated(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    first = SandboxServer(path, "k")
    started = time.monotonic()
    await first.start()
    assert time.monotonic() - started < 2.0
    try:
        async with httpx.AsyncClient(base_url=f"{first.url}/openapi/v1/", timeout=5) as http:
            api = Api(http, "k")
            created = await api.ok("lead/set", method="create", values={"phone": "79990009999"})
            await api.ok("lead/start", lead_id=LEAD.id, user_id=seed.ADMIN_USER_ID)
    finally:
        await first.stop()
    second = SandboxServer(path, "k")
    await second.start()
    try:
        async with httpx.AsyncClient(base_url=f"{second.url}/openapi/v1/", timeout=5) as http:
            api = Api(http, "k")
            listed = await api.ok("lead/list")
            assert listed["leads"]["count"] == str(len(seed.LEADS) + 1)
            got = (await api.ok("lead/get", lead_id=created["id"]))["result"]
            assert got["phone"] == "79990009999"
            assert (await api.ok("lead/search", phone=LEAD.phone))["leads"] is None
            _, data = await api.get("main/data")
            assert len(data["employees"]) == len(seed.EMPLOYEES)
            assert len(data["deal"]["pipelines"]) == 2
            deals = await api.ok("deal/list")
            assert deals["count"] == str(len(seed.DEALS) + 1)
    finally:
        await second.stop()


async def test_calls_are_recorded_without_the_api_key(
    sandbox: SandboxServer, api: Api, http: httpx.AsyncClient
) -> None:
    employee = seed.EMPLOYEES[0].id
    await api.ok("lead/start", lead_id=LEAD.id, user_id=seed.ADMIN_USER_ID, employee_id=employee)
    await api.get("lead/log/list", lead_id=LEAD.id)
    await http.post("deal/get/", params={"api_key": "bad"}, json={"request": {"deal_id": 1}})
    calls = sandbox.calls
    assert [(c.method, c.path, c.status) for c in calls] == [
        ("POST", "lead/start", 200),
        ("GET", "lead/log/list", 200),
        ("POST", "deal/get", 401),
    ]
    assert calls[0].params == {
        "lead_id": LEAD.id,
        "user_id": seed.ADMIN_USER_ID,
        "employee_id": employee,
    }
    assert calls[0].employee_id == str(employee)
    assert calls[1].params == {"lead_id": str(LEAD.id)} and calls[1].employee_id is None
    assert all("api_key" not in c.params and SANDBOX_API_KEY not in repr(c) for c in calls)


async def test_path_without_trailing_slash(sandbox: SandboxServer, http: httpx.AsyncClient) -> None:
    r = await http.post(
        "lead/get", params={"api_key": sandbox.api_key}, json={"request": {"lead_id": LEAD.id}}
    )
    assert r.status_code == 200 and r.json()["result"]["id"] == str(LEAD.id)
    r = await http.get("main/data", params={"api_key": sandbox.api_key})
    assert r.status_code == 200 and r.json()["id"] == str(seed.CRM_ID)


async def test_latency_is_added_and_settable(sandbox: SandboxServer, api: Api) -> None:
    sandbox.latency = 0.3
    started = time.monotonic()
    await api.get("main/data")
    assert time.monotonic() - started >= 0.3
    sandbox.latency = 0.0
    started = time.monotonic()
    await api.get("main/data")
    assert time.monotonic() - started < 0.3


async def test_fail_next_http_502_then_recovers(
    sandbox: SandboxServer, api: Api, http: httpx.AsyncClient
) -> None:
    sandbox.fail_next("/openapi/v1/lead/search/", "http_502", times=2)
    for _ in range(2):
        r = await http.post(
            "lead/search/", params={"api_key": api.api_key}, json={"request": {"phone": "7"}}
        )
        assert r.status_code == 502 and "502 Bad Gateway" in r.text
        assert r.headers["content-type"].startswith("text/html")
    assert (await api.ok("lead/search", phone=LEAD.phone))["leads"]["id"] == str(LEAD.id)
    assert [c.status for c in sandbox.calls] == [502, 502, 200]


async def test_fail_next_bad_json(
    sandbox: SandboxServer, api: Api, http: httpx.AsyncClient
) -> None:
    sandbox.fail_next("deal/get", "bad_json")
    r = await http.post("deal/get/", params={"api_key": api.api_key}, json={"request": {}})
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()
    assert (await api.ok("deal/get", deal_id=seed.DEALS[0].id))["result"]["id"]


async def test_fail_next_only_hits_its_path(sandbox: SandboxServer, api: Api) -> None:
    sandbox.fail_next("deal/get", "http_502")
    await api.ok("lead/get", lead_id=LEAD.id)
    status, _ = await api.get("main/data")
    assert status == 200
    with pytest.raises(ValueError):
        sandbox.fail_next("deal/get", "explode")  # type: ignore[arg-type]


async def test_fail_next_timeout_and_stop_stays_fast(tmp_path: Path) -> None:
    server = SandboxServer(tmp_path / "t.sqlite3", "k")
    await server.start()
    try:
        server.fail_next("lead/get", "timeout")
        async with httpx.AsyncClient(base_url=f"{server.url}/openapi/v1/", timeout=0.3) as http:
            with pytest.raises(httpx.ReadTimeout):
                await http.post("lead/get/", params={"api_key": "k"}, json={"request": {}})
            api = Api(http, "k")
            await api.ok("lead/get", lead_id=LEAD.id)
            pending = asyncio.create_task(
                http.post("lead/get/", params={"api_key": "k"}, json={"request": {}}, timeout=30)
            )
            server.fail_next("lead/get", "timeout")
            await asyncio.sleep(0.2)
            started = time.monotonic()
            await server.stop()
            assert time.monotonic() - started < 3.0
            answer = await asyncio.wait_for(pending, 5)  # released by stop(), never answered
            assert answer.status_code == 503
    finally:
        await server.stop()
    assert server.calls[0].status == 0 and server.calls[1].status == 200


async def test_remove_employee(sandbox: SandboxServer, api: Api) -> None:
    gone = seed.EMPLOYEES[4]
    await sandbox.remove_employee(str(gone.id))
    _, data = await api.get("main/data")
    assert str(gone.id) not in [e["id"] for e in data["employees"]]
    status, body = await api.post(
        "lead/start", lead_id=LEAD.id, user_id=seed.ADMIN_USER_ID, employee_id=gone.id
    )
    assert (status, body["message"]) == (404, "Сотрудник не найден")
    with pytest.raises(KeyError):
        await sandbox.remove_employee(str(gone.id))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Vladivostok"])
async def test_times_are_rendered_in_the_timezone(tmp_path: Path, zone: str) -> None:
    server = SandboxServer(tmp_path / "tz.sqlite3", "k", timezone=zone)
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"{server.url}/openapi/v1/", timeout=5) as http:
            api = Api(http, "k")
            created = await api.ok("lead/set", method="create", values={"name": "Время"})
            got = (await api.ok("lead/get", lead_id=created["id"]))["result"]
    finally:
        await server.stop()
    shown = datetime.strptime(got["created_at"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo(zone))
    assert abs((clock.now(ZoneInfo(zone)) - shown).total_seconds()) < 5


async def test_url_before_start_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        _ = SandboxServer(tmp_path / "x.sqlite3", "k").url
