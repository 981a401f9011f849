"""Invite links, /staff, roles, and the rule that the bot keeps at least one admin."""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from bot.store import Role
from tests.e2e.access_kit import (
    ADMIN1,
    ANNA,
    IVAN,
    IVAN_EMPLOYEE,
    OTHER,
    STRANGER,
    bind_by_contact,
    current,
    know_admins,
    press,
    say,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram


async def make_invite(tg: FakeTelegram, employee: str) -> str:
    picker = await say(tg, ADMIN1, "/invite")
    assert picker.text.startswith("Для кого приглашение?")
    await press(tg, ADMIN1, picker, employee)
    text = current(tg, picker).text
    assert employee in text and "24 часа" in text
    link = text.rsplit("\n", 1)[-1]
    assert link.startswith("https://t.me/crm_test_bot?start=inv_")
    return link.rsplit("=", 1)[-1]


async def test_invite_link_works_once(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))
    async with running_bot(settings) as app:
        payload = await make_invite(tg, "Иван Петров")
        opened = await say(tg, STRANGER, f"/start {payload}")
        assert "вы работаете в CRM как Иван Петров" in opened.text
        binding = await app.store.get_binding(STRANGER.id)
        assert binding is not None and binding.employee_key == str(IVAN_EMPLOYEE.id)

        again = await say(tg, OTHER, f"/start {payload}")
        assert again.text.startswith("Эта ссылка-приглашение уже использована")
        assert await app.store.get_binding(OTHER.id) is None
        unknown = await say(tg, OTHER, "/start inv_no-such-code")
        assert unknown.text.startswith("Такой ссылки-приглашения нет")
        actions = [e.action for e in await app.store.audit_entries()]
        assert "invite.created" in actions and "invite.used" in actions
        assert actions.count("invite.refused") == 2


async def test_invite_link_expires_after_a_day(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id), language="en")
    async with running_bot(settings) as app:
        picker = await say(tg, ADMIN1, "/invite")
        await press(tg, ADMIN1, picker, "Иван Петров")
        payload = current(tg, picker).text.rsplit("=", 1)[-1]
        code = payload.removeprefix("inv_")
        [invite_row] = await _invites(app)
        assert invite_row[0] == code
        async with app.store.transaction() as db:  # a day and a minute later
            await db.execute(
                "UPDATE invites SET expires_at = ?, created_at = ?",
                ("2000-01-02T00:00:00.000000+00:00", "2000-01-01T00:00:00.000000+00:00"),
            )
        late = await say(tg, STRANGER, f"/start {payload}")
        assert late.text.startswith("This invite link has expired.")
        assert await app.store.get_binding(STRANGER.id) is None


async def _invites(app: App) -> list[tuple[str, str]]:
    async with app.store.transaction() as db:
        rows = await db.execute_fetchall("SELECT code, expires_at FROM invites")
    return [(str(r[0]), str(r[1])) for r in rows]


async def test_staff_list_roles_and_unbinding(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))
    async with running_bot(settings) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        await bind_by_contact(tg, IVAN, "+79161110002")
        listing = await say(tg, ADMIN1, "/staff")
        assert "Сотрудники бота (2)" in listing.text
        assert "Anna S — Анна Смирнова, сотрудник" in listing.text
        assert "Ivan — Иван Петров, сотрудник" in listing.text

        await press(tg, ADMIN1, listing, "Ivan")
        await press(tg, ADMIN1, current(tg, listing), "Сделать администратором")
        assert "Роль: администратор" in current(tg, listing).text
        ivan = await app.store.get_binding(IVAN.id)
        assert ivan is not None and ivan.role is Role.ADMIN
        menu = tg.calls_of("setMyCommands")[-1].params  # Ivan now sees the admins' menu
        assert menu["scope"] == {"type": "chat", "chat_id": IVAN.id}
        assert "staff" in [c["command"] for c in menu["commands"]]
        staff_reply = await say(tg, IVAN, "/staff")
        assert "Сотрудники бота (2)" in staff_reply.text

        await press(tg, ADMIN1, current(tg, listing), "Отвязать")
        assert current(tg, listing).text.startswith("Отвязать пользователя — Ivan?")
        seen = len(tg.sent(IVAN.id))
        await press(tg, ADMIN1, current(tg, listing), "Да, отвязать")
        assert current(tg, listing).text.startswith("Отвязан: Ivan.")
        told = await tg.wait_message(IVAN.id, after=seen)
        assert "закрыл вам доступ" in told.text
        assert await app.store.get_binding(IVAN.id) is None
        refused = await say(tg, IVAN, "/staff")
        assert refused.text.startswith("Нет доступа.")
        actions = [e.action for e in await app.store.audit_entries()]
        assert "staff.role" in actions and "staff.unbound" in actions


async def test_change_employee_moves_the_binding(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))
    async with running_bot(settings) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        await bind_by_contact(tg, IVAN, "+79161110002")
        listing = await say(tg, ADMIN1, "/staff")
        await press(tg, ADMIN1, listing, "Anna S")
        await press(tg, ADMIN1, current(tg, listing), "Сменить сотрудника CRM")
        seen_ivan = len(tg.sent(IVAN.id))
        picker = current(tg, listing)
        assert ("Мария Кузнецова", "se:2001:184") in picker.buttons()  # free
        await press(tg, ADMIN1, picker, "Иван Петров · уже в боте")  # Ivan's: moves it
        assert "Сотрудник CRM: Иван Петров" in current(tg, listing).text
        anna = await app.store.get_binding(ANNA.id)
        assert anna is not None and anna.employee_key == str(IVAN_EMPLOYEE.id)
        assert await app.store.get_binding(IVAN.id) is None  # one employee, one user
        told = await tg.wait_message(IVAN.id, after=seen_ivan)
        assert "передал вашего сотрудника" in told.text


async def test_the_last_admin_cannot_be_removed(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    first = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))
    async with running_bot(first):
        await bind_by_contact(tg, ANNA, "+79161110001")
        listing = await say(tg, ADMIN1, "/staff")
        await press(tg, ADMIN1, listing, "Anna S")
        await press(tg, ADMIN1, current(tg, listing), "Сделать администратором")

    # ADMIN_IDS emptied: Anna is now the bot's only admin.
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        listing = await say(tg, ANNA, "/staff")
        await press(tg, ANNA, listing, "Anna S")
        last = "Нельзя: это последний администратор бота."
        assert await press(tg, ANNA, current(tg, listing), "Сделать сотрудником") == last
        await press(tg, ANNA, current(tg, listing), "Отвязать")
        assert await press(tg, ANNA, current(tg, listing), "Да, отвязать") == last
        anna = await app.store.get_binding(ANNA.id)
        assert anna is not None and anna.role is Role.ADMIN


async def test_config_admin_cannot_be_demoted_in_chat(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))
    async with running_bot(settings) as app:
        await bind_by_contact(tg, ADMIN1, "+79161110003")
        await app.store.set_role(ADMIN1.id, Role.ADMIN)
        listing = await say(tg, ADMIN1, "/staff")
        await press(tg, ADMIN1, listing, "Админ Первый")
        answer = await press(tg, ADMIN1, current(tg, listing), "Сделать сотрудником")
        assert "ADMIN_IDS" in answer
