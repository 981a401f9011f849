"""The roster follows the CRM: a person the CRM no longer lists is suspended without writing
to the bot and gets nothing personal (no access request, no task reminder), is resumed when
back; a list that comes back empty or unreadable suspends nobody and the admins hear of it
once."""

from __future__ import annotations

import logging
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import clock
from bot.app import App
from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from bot.store import BindingStatus, Role
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN2,
    ADMIN_IDS,
    ANNA,
    ANNA_EMPLOYEE,
    IVAN,
    IVAN_EMPLOYEE,
    STRANGER,
    bind_by_contact,
    know_admins,
    press,
    say,
)
from tests.e2e.groups_kit import until
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser

SUPPLY = seed.DEALS[0]
DUE = "срок задачи"
UNREADABLE = "Бот не может прочитать список сотрудников из CRM (UnexpectedPayload)"
EMPTY = "CRM вернула пустой список сотрудников"


async def status(app: App, user: FakeUser) -> BindingStatus:
    binding = await app.store.get_binding(user.id)
    assert binding is not None
    return binding.status


def said(tg: FakeTelegram, user: FakeUser, words: str) -> list[str]:
    return [m.text for m in tg.sent(user.id) if words in m.text]


def employee_lists(app: App) -> int:
    """How many times the sandbox was asked for its employees (main/data)."""
    assert app.sandbox is not None
    return len([c for c in app.sandbox.calls if c.path == "main/data"])


async def more_checks(app: App, count: int = 3) -> None:
    """Wait until the bot has asked for the employee list `count` more times (the checks
    run every CRM_CACHE_SECONDS, 1 s here)."""
    before = employee_lists(app)

    async def asked() -> bool:
        return employee_lists(app) >= before + count

    await until(asked, f"{count} more reads of the employee list")


async def test_an_admin_deleted_from_the_crm_gets_no_access_request(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    """Anna (an admin by role) and ADMIN2 (in ADMIN_IDS, bound to Ivan) leave the CRM and
    never write again; ADMIN1 (in ADMIN_IDS, no binding) alone gets the request."""
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS, crm_cache_seconds=0)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await app.store.set_role(ANNA.id, Role.ADMIN)
        await bind_by_contact(tg, ADMIN2, IVAN_EMPLOYEE.phone)
        await app.sandbox.remove_employee(str(ANNA_EMPLOYEE.id))
        await app.sandbox.remove_employee(str(IVAN_EMPLOYEE.id))
        quiet = {user.id: len(tg.sent(user.id)) for user in (ANNA, ADMIN2)}

        await bind_by_contact(tg, STRANGER, "+7 999 000-00-00")
        offer = await tg.wait_message(STRANGER.id, after=1)
        await press(tg, STRANGER, offer, "Запросить доступ")
        card = await tg.wait_message(ADMIN1.id)
        assert "Запрос доступа" in card.text and "+7 999 000-00-00" in card.text
        sent = await tg.wait_message(STRANGER.id, after=2)
        assert sent.text.startswith("Запрос отправлен администраторам")
        await tg.wait_idle()
        assert {user.id: len(tg.sent(user.id)) for user in (ANNA, ADMIN2)} == quiet
        assert await status(app, ANNA) is BindingStatus.SUSPENDED
        assert await status(app, ADMIN2) is BindingStatus.SUSPENDED
        suspended = await app.store.audit_entries(action="binding.suspended")
        assert {e.target for e in suspended} == {
            f"{ANNA.id}:{ANNA_EMPLOYEE.id}",
            f"{ADMIN2.id}:{IVAN_EMPLOYEE.id}",
        }
        assert all(e.actor_tg_id is None for e in suspended)


async def test_a_departed_manager_gets_no_task_reminder(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path
) -> None:
    settings: Any = make_settings(
        tmp_path,
        tg.url,
        crm_kind="envybox",
        crm_url=sandbox.url,
        crm_api_key=SANDBOX_API_KEY,
        task_remind_minutes=15,
    )
    soon = clock.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    async with running_bot(settings) as app:
        assert app.crm is not None
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await bind_by_contact(tg, IVAN, IVAN_EMPLOYEE.phone)
        for deal, person in ((SUPPLY, IVAN_EMPLOYEE), (seed.DEALS[1], ANNA_EMPLOYEE)):
            await app.crm.set_task(
                str(deal.id), text=f"Позвонить {deal.id}", due=soon, as_employee=str(person.id)
            )
    await sandbox.remove_employee(str(IVAN_EMPLOYEE.id))  # Ivan leaves; his task stays
    async with running_bot(settings) as app:  # its first look at the tasks is at the start

        async def reminded() -> bool:
            return bool(said(tg, ANNA, DUE))

        await until(reminded, "Anna's reminder")
        await tg.wait_idle()
        assert said(tg, IVAN, DUE) == [] and await app.store.pending_in(IVAN.id, 10) == []
        assert await status(app, IVAN) is BindingStatus.SUSPENDED
        assert await status(app, ANNA) is BindingStatus.ACTIVE


async def test_a_person_who_never_writes_is_suspended_and_resumed_as_the_crm_lists_them(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, tg.url, crm_cache_seconds=1)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        spoken = len(tg.sent(ANNA.id))
        await app.sandbox.remove_employee(str(ANNA_EMPLOYEE.id))

        async def has(wanted: BindingStatus) -> bool:
            return await status(app, ANNA) is wanted

        await until(lambda: has(BindingStatus.SUSPENDED), "the periodic check to suspend Anna")
        await app.sandbox.restore_employee(str(ANNA_EMPLOYEE.id))
        await until(lambda: has(BindingStatus.ACTIVE), "the periodic check to resume Anna")
        [resumed] = await app.store.audit_entries(action="binding.resumed")
        [suspended] = await app.store.audit_entries(action="binding.suspended")
        for entry in (suspended, resumed):
            assert (entry.actor_tg_id, entry.target) == (None, f"{ANNA.id}:{ANNA_EMPLOYEE.id}")
        assert resumed.detail == {"reason": "employee back in the CRM"}
        await tg.wait_idle()
        assert len(tg.sent(ANNA.id)) == spoken  # she was told nothing either way
        assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")  # works again


async def test_an_unreadable_list_suspends_nobody_and_the_admins_hear_once(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id), crm_cache_seconds=1)
    with caplog.at_level(logging.INFO, logger="bot.staff.sync"):
        async with running_bot(settings) as app:
            assert app.sandbox is not None
            await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
            app.sandbox.fail_next("main/data", "bad_json", times=1000)
            await app.sandbox.remove_employee(str(ANNA_EMPLOYEE.id))  # unseen while it fails

            warning = await tg.wait_message(ADMIN1.id)
            assert warning.text.startswith("⚠️ " + UNREADABLE)
            await more_checks(app)
            await tg.wait_idle()
            assert len(said(tg, ADMIN1, UNREADABLE)) == 1  # once, not once a check
            assert await status(app, ANNA) is BindingStatus.ACTIVE
            assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")  # still works

            app.sandbox.clear_faults()  # the list is read again: it rules again

            async def suspended() -> bool:
                return await status(app, ANNA) is BindingStatus.SUSPENDED

            await until(suspended, "Anna suspended once the list is read")
            assert len(said(tg, ADMIN1, UNREADABLE)) == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.staff.sync"]
    assert len([line for line in lines if "could not be read" in line]) == 1


async def test_an_empty_list_suspends_nobody_and_the_admins_hear_once(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id), crm_cache_seconds=1)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        for employee in seed.EMPLOYEES:
            await app.sandbox.remove_employee(str(employee.id))

        warning = await tg.wait_message(ADMIN1.id)
        assert warning.text.startswith("⚠️ " + EMPTY)
        await more_checks(app)
        # she writes: the gate, which sees the same empty list, suspends her no more
        assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")
        await tg.wait_idle()
        assert len(said(tg, ADMIN1, EMPTY)) == 1
        assert await status(app, ANNA) is BindingStatus.ACTIVE
        assert await app.store.audit_entries(action="binding.suspended") == []
