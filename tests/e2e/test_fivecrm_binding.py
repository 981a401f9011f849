"""5CRM without its secret token, through the fake Telegram server and the 5CRM emulator:
no employee list, so /start offers only a request, a shared number binds nobody, and an
admin names the manager by typing their 5CRM id: approving a request, in an invite (`/invite
18`, or `/invite` then the id) and when changing a binding in /staff. What staff then
create carries that id."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.access_kit import (
    ADMIN1,
    ANNA,
    IVAN,
    bind_by_contact,
    current,
    know_admins,
    press,
    say,
)
from tests.e2e.fivecrm_kit import answer, company_summary, unlisted
from tests.e2e.harness import running_bot
from tests.fakes.fivecrm import FiveCrmServer
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage


async def request_access(tg: FakeTelegram, user: FakeUser) -> SentMessage:
    """The user opens the bot and asks for access; the first admin's copy of the request."""
    welcome = await say(tg, user, "/start")
    assert welcome.text.startswith(f"Здравствуйте, {user.first_name}!")
    assert "CRM не даёт боту список сотрудников" in welcome.text
    assert [label for label, _ in welcome.buttons()] == ["Запросить доступ"]
    seen = len(tg.sent(user.id))
    await press(tg, user, welcome, "Запросить доступ")
    sent = await tg.wait_message(user.id, after=seen)
    assert sent.text.startswith("Запрос отправлен администраторам.")
    return await tg.wait_message(ADMIN1.id)


async def admin_says(tg: FakeTelegram, text: str) -> SentMessage:
    return await say(tg, ADMIN1, text)


async def test_without_the_secret_token_an_admin_approves_by_typing_the_manager_id(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(unlisted(tmp_path, tg, five)) as app:
        request = await request_access(tg, ANNA)
        shared = await bind_by_contact(tg, ANNA, "+79161110001")  # her number is in 5CRM
        assert shared.text.startswith("CRM не даёт боту список сотрудников")
        assert await app.store.get_binding(ANNA.id) is None
        await press(tg, ADMIN1, request, "Одобрить как…")
        asked = current(tg, request)
        assert "Напишите id сотрудника в 5CRM" in asked.text
        assert [label for label, _ in asked.buttons()] == ["Отклонить"]
        bad = await admin_says(tg, "Анна")
        assert bad.text.startswith("«Анна» не похоже на id сотрудника")
        seen = len(tg.sent(ANNA.id))
        done = await admin_says(tg, "17")
        assert "№17" in done.text
        assert "№17" in (await tg.wait_message(ANNA.id, after=seen)).text  # access opened
        assert "№17" in current(tg, request).text  # the admin's copy shows the outcome
        await admin_says(tg, "18")  # the question is over: a stray number changes nothing
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.employee_key == "17"
        await answer(tg, await company_summary(tg), "Создать")
    assert five.sent("public/company/add") == [
        {"manager_id": "17", "author_id": "17", "name": "Ромашка"}
    ]
    assert not any(c.path == "public/managers/get" for c in five.calls)


async def test_without_the_secret_token_invites_and_staff_take_a_typed_id(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(unlisted(tmp_path, tg, five)) as app:
        [menu] = [
            c.params["commands"]
            for c in tg.calls_of("setMyCommands")
            if c.params.get("scope") == {"type": "chat", "chat_id": ADMIN1.id}
        ]
        assert {"invite", "staff", "requests"} <= {c["command"] for c in menu}
        link = await admin_says(tg, "/invite 18")
        assert "№18" in link.text and "?start=inv_" in link.text
        asked = await admin_says(tg, "/invite")
        assert asked.text.startswith("Для кого приглашение? Напишите id сотрудника в 5CRM")
        assert (await admin_says(tg, "девятнадцать")).text.startswith("«девятнадцать» не похоже")
        second = await admin_says(tg, "#19")
        assert "№19" in second.text
        code = second.text.split("?start=")[1].split()[0]
        bound = await say(tg, IVAN, f"/start {code}")
        assert "№19" in bound.text
        staff = await admin_says(tg, "/staff")
        await press(tg, ADMIN1, staff, IVAN.first_name)
        card = current(tg, staff)
        assert "Сотрудник CRM: №19" in card.text
        await press(tg, ADMIN1, card, "Сменить сотрудника CRM")
        asked = current(tg, staff)
        assert "Напишите id сотрудника в 5CRM" in asked.text
        seen = len(tg.sent(IVAN.id))
        changed = await admin_says(tg, "20")
        assert "Сотрудник CRM: №20" in changed.text
        assert "№20" in (await tg.wait_message(IVAN.id, after=seen)).text
        binding = await app.store.get_binding(IVAN.id)
        assert binding is not None and binding.employee_key == "20"
