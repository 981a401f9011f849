"""Access rules that hold: an admin's unbinding lasts, a shared contact is read as the
international number Telegram sends, and the bot never loses its last admin to a move."""

from __future__ import annotations

from pathlib import Path

from bot.store import Role
from tests.e2e.access_kit import (
    ADMIN1,
    ANNA,
    ANNA_EMPLOYEE,
    STRANGER,
    bind_by_contact,
    current,
    know_admins,
    press,
    say,
)
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.test_access_admin import make_invite
from tests.fakes.telegram import FakeChat, FakeTelegram

LAST = "Нельзя: это последний администратор бота."


async def test_an_admins_unbinding_lasts(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        listing = await say(tg, ADMIN1, "/staff")
        await press(tg, ADMIN1, listing, "Anna S")
        await press(tg, ADMIN1, current(tg, listing), "Отвязать")
        await press(tg, ADMIN1, current(tg, listing), "Да, отвязать")
        assert (await say(tg, ANNA, "/tasks")).text.startswith("Нет доступа.")

        again = await bind_by_contact(tg, ANNA, "+79161110001")
        assert again.text.startswith("Администратор отвязал вас от сотрудника CRM")
        assert await app.store.get_binding(ANNA.id) is None

        code = await make_invite(tg, "Анна Смирнова")  # an admin's decision binds her again
        bound = await say(tg, ANNA, f"/start {code}")
        assert "Анна Смирнова" in bound.text
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.employee_key == str(ANNA_EMPLOYEE.id)


async def test_a_contact_is_read_as_an_international_number(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.sandbox is not None
        await app.sandbox.add_employee("Пётр", "Русский", "79607771234")
        maldives = await bind_by_contact(tg, STRANGER, "9607771234")  # +960 777 1234
        assert maldives.text == "Номера +960 777-1234 нет у сотрудников в CRM."
        assert await app.store.get_binding(STRANGER.id) is None
        national = await bind_by_contact(tg, ANNA, "89161110001")  # not valid as +8...
        assert "Анна Смирнова" in national.text


async def test_the_last_admin_keeps_their_employee(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await app.store.bind(ANNA.id, str(ANNA_EMPLOYEE.id), "Anna S", Role.ADMIN)
        tg.add_chat(FakeChat.private(ANNA))  # she has opened the bot before
        await bind_by_contact(tg, STRANGER, "+7 999 000-00-00")
        offer = await tg.wait_message(STRANGER.id, after=1)
        seen = len(tg.sent(ANNA.id))
        await press(tg, STRANGER, offer, "Запросить доступ")
        card = await tg.wait_message(ANNA.id, after=seen)
        await press(tg, ANNA, card, "Одобрить как…")
        picker = current(tg, card)
        assert await press(tg, ANNA, picker, "Анна Смирнова · уже в боте") == LAST
        anna = await app.store.get_binding(ANNA.id)
        assert anna is not None and anna.role is Role.ADMIN
        assert await app.store.get_binding(STRANGER.id) is None
        request = (await app.store.open_request(STRANGER.id, "", None, None))[0]
        assert request.status.value == "pending"
