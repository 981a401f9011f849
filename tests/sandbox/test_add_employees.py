"""SandboxServer.add_employees: extra staff for the benchmark, real employees of the CRM."""

from __future__ import annotations

import pytest

from bot.sandbox import SandboxServer, seed
from tests.sandbox.api import Api


async def test_added_employees_are_listed_and_can_act(sandbox: SandboxServer, api: Api) -> None:
    last = max(e.id for e in seed.EMPLOYEES)
    keys = await sandbox.add_employees(3)
    assert keys == [str(last + 1), str(last + 2), str(last + 3)]
    _, data = await api.get("main/data")
    listed = {e["id"]: e for e in data["employees"]}
    assert len(listed) == len(seed.EMPLOYEES) + 3
    phones = {listed[k]["crm_phone_number"] for k in keys}
    emails = {listed[k]["email"] for k in keys}
    assert len(phones) == len(emails) == 3
    lead = seed.LEADS[0]
    await api.ok("lead/start", lead_id=lead.id, user_id=seed.ADMIN_USER_ID, employee_id=keys[-1])
    assert sandbox.calls[-1].employee_id == keys[-1]


async def test_more_employees_continue_after_the_last(sandbox: SandboxServer) -> None:
    first = await sandbox.add_employees(2)
    assert await sandbox.add_employees(0) == []
    second = await sandbox.add_employees(1)
    assert int(second[0]) == int(first[-1]) + 1
    with pytest.raises(ValueError):
        await sandbox.add_employees(-1)
