"""Binding by own contact, the gate for unbound users, and suspended bindings."""

from __future__ import annotations

from pathlib import Path

from aiogram.filters.callback_data import CallbackData

from bot.store import BindingStatus
from handlers.ui.callbacks import ApproveAs, InviteFor, StaffAction, StaffOpen, StaffPage
from tests.e2e.access_kit import (
    ADMIN_IDS,
    ANNA,
    ANNA_EMPLOYEE,
    STRANGER,
    bind_by_contact,
    crm_calls,
    press_data,
    say,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeChat, FakeTelegram


async def test_own_contact_binds_in_any_phone_form(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        reply = await bind_by_contact(tg, ANNA, "8 (916) 111-00-01")
        assert "Анна Смирнова" in reply.text
        assert reply.reply_markup == {"remove_keyboard": True}
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.employee_key == str(ANNA_EMPLOYEE.id)
        assert binding.display_name == "Anna S"
        whoami = await say(tg, ANNA, "/whoami")
        assert f"Telegram id: {ANNA.id}" in whoami.text
        assert "Сотрудник CRM: Анна Смирнова" in whoami.text
        [entry] = await app.store.audit_entries(action="binding.by_contact")
        assert entry.actor_tg_id == ANNA.id and entry.target == f"{ANNA.id}:182"


async def test_someone_elses_contact_is_refused(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        seen = len(tg.sent(STRANGER.id))
        tg.send_contact(STRANGER, phone="+79161110001", contact_user_id=ANNA.id)
        reply = await tg.wait_message(STRANGER.id, after=seen)
        assert reply.text.startswith("That is someone else's contact.")
        assert await app.store.get_binding(STRANGER.id) is None
        assert await app.store.binding_for_employee(str(ANNA_EMPLOYEE.id)) is None


async def test_unknown_phone_offers_a_request(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        reply = await bind_by_contact(tg, STRANGER, "+7 999 000-00-00")
        assert "Номера +7 999 000-00-00 нет у сотрудников в CRM." in reply.text
        offer = await tg.wait_message(STRANGER.id, after=1)
        assert offer.buttons()[0][0] == "Запросить доступ"


async def test_employee_bound_elsewhere_is_not_taken_by_contact(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        reply = await bind_by_contact(tg, STRANGER, "+79161110001")
        assert "уже привязан к другому пользователю" in reply.text
        holder = await app.store.binding_for_employee(str(ANNA_EMPLOYEE.id))
        assert holder is not None and holder.tg_user_id == ANNA.id


async def test_unbound_user_gets_nothing_from_the_crm(tg: FakeTelegram, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS, language="en")
    async with running_bot(settings) as app:
        await say(tg, STRANGER, "/start")  # the welcome: public, no CRM call
        await tg.wait_message(STRANGER.id, after=1)  # and its "or ask an admin" part
        before = crm_calls(app)
        for command in ("/invite", "/staff", "/lead 89031234501", "/deal 40052", "/tasks", "hi"):
            reply = await say(tg, STRANGER, command)
            assert reply.text.startswith("No access."), (command, reply.text)
        welcome = tg.sent(STRANGER.id)[0]
        forged: list[CallbackData] = [
            ApproveAs(req=1, emp="182"),
            InviteFor(emp="182"),
            StaffAction(uid=STRANGER.id, act="admin"),
            StaffOpen(uid=ANNA.id),
            StaffPage(page=0),
        ]
        for data in forged:
            answer = await press_data(tg, STRANGER, welcome, data.pack())
            assert answer.startswith("No access.")
        whoami = await say(tg, STRANGER, "/whoami")
        assert "You are not bound to a CRM employee" in whoami.text
        await tg.wait_idle()
        assert crm_calls(app) == before, app.sandbox.calls[before:] if app.sandbox else None
        assert await app.store.get_binding(STRANGER.id) is None


async def test_binding_is_suspended_while_the_employee_is_gone_from_the_crm(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, tg.url, crm_cache_seconds=0)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")

        app.sandbox.fail_next("main/data", "http_502", times=10)  # CRM down: keep working
        assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")
        app.sandbox.clear_faults()

        await app.sandbox.remove_employee(str(ANNA_EMPLOYEE.id))
        # the gate never waits on the CRM: this update refreshes the list behind the scenes
        assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")
        await tg.wait_idle()
        reply = await say(tg, ANNA, "привет")
        assert reply.text.startswith("Доступ приостановлен")
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.status is BindingStatus.SUSPENDED
        assert await app.store.audit_entries(action="binding.suspended")
        whoami = await say(tg, ANNA, "/whoami")
        assert "Роль: приостановлен" in whoami.text

        await app.sandbox.restore_employee(str(ANNA_EMPLOYEE.id))  # back in the CRM
        await say(tg, ANNA, "привет")  # refreshes the list
        await tg.wait_idle()
        assert (await say(tg, ANNA, "привет")).text.startswith("Не понял")  # works again
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.status is BindingStatus.ACTIVE
        assert await app.store.audit_entries(action="binding.resumed")


async def test_the_bot_stays_quiet_in_groups(tg: FakeTelegram, tmp_path: Path) -> None:
    group = FakeChat.group(-100500, "Отдел продаж")
    tg.add_chat(group)
    async with running_bot(make_settings(tmp_path, tg.url)):
        tg.send_text(STRANGER, "всем привет", chat=group)
        tg.send_text(ANNA, "и тебе", chat=group)
        tg.send_text(STRANGER, "/start", chat=group)
        reply = await tg.wait_message(group.id)
        await tg.wait_idle()
    assert reply.text.startswith("Получить доступ можно в личном чате")
    assert len(tg.sent(group.id)) == 1  # small talk got no "no access" replies
