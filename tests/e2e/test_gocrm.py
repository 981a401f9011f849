"""The bot on Go-CRM, through the fake Telegram server and the Go-CRM emulator: it starts
with only CRM_URL (the API has no authentication), staff are bound by an admin's approval
with the employee picked from /users, /newlead walks city → centre → the child's and
parent's names → phone → birthday, the CRM's validation errors are shown field by field and
asked again, /centers lists a city's centres, and what the API cannot do is said plainly."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.access_kit import ADMIN1, ADMIN_IDS, ANNA, current, know_admins, press, say
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.sentences import NOT_HERE, UNCONFIRMED_DIALOG
from tests.e2e.test_access_requests import ask_for_access
from tests.fakes.gocrm import GoCrmServer
from tests.fakes.telegram import FakeTelegram, SentMessage


@pytest.fixture
async def gocrm() -> AsyncIterator[GoCrmServer]:
    async with GoCrmServer() as server:
        yield server


def settings_for(tmp_path: Path, tg: FakeTelegram, server: GoCrmServer, **values: Any) -> Any:
    given = {"crm_kind": "gocrm", "crm_url": server.url, "admin_ids": ADMIN_IDS}
    return make_settings(tmp_path, tg.url, **{**given, **values})


async def pressed(tg: FakeTelegram, ask: SentMessage, label: str) -> SentMessage:
    seen = len(tg.sent(ANNA.id))
    await press(tg, ANNA, ask, label)
    return await tg.wait_message(ANNA.id, after=seen)


async def bind_anna(tg: FakeTelegram) -> None:
    """Anna's number is not in Go-CRM (its users have none): an admin approves her."""
    first, _ = await ask_for_access(tg, ANNA)
    await press(tg, ADMIN1, first, "Одобрить как…")
    picker = current(tg, first)
    labels = [label for label, _ in picker.buttons()]
    assert "Анна Смирнова" in labels and "Иван Петров" in labels
    seen = len(tg.sent(ANNA.id))
    await press(tg, ADMIN1, picker, "Анна Смирнова")
    assert "Доступ открыт" in (await tg.wait_message(ANNA.id, after=seen)).text


async def test_starts_without_credentials_binds_by_approval_and_offers_what_there_is(
    tg: FakeTelegram, gocrm: GoCrmServer, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(settings_for(tmp_path, tg, gocrm)) as app:
        assert app.crm_name == "Go-CRM 127.0.0.1"
        await bind_anna(tg)
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.employee_key == "101"
        menu = [c["command"] for c in tg.commands[("default", "")]]
        assert menu == ["newlead", "centers", "start", "help", "whoami", "cancel"]
        refused = await say(tg, ANNA, "/lead +79031234501")
        assert refused.text == (
            "API этой CRM не умеет искать и показывать лиды. "
            "Здесь через бота можно: /newlead, /centers."
        )
        tasks = await say(tg, ANNA, "/tasks")
        assert tasks.text == NOT_HERE
    assert all(not c.query and c.method == "GET" for c in gocrm.calls)  # no auth to send


async def test_newlead_city_centre_child_parent_phone_birthday_and_its_number(
    tg: FakeTelegram, gocrm: GoCrmServer, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(settings_for(tmp_path, tg, gocrm)):
        await bind_anna(tg)
        city = await say(tg, ANNA, "/newlead")
        assert city.text.startswith("Новая заявка. Город? Выйти — /cancel")
        assert [label for label, _ in city.buttons()] == ["Челябинск", "Пермь"]  # required
        center = await pressed(tg, city, "Пермь")
        assert [label for label, _ in center.buttons()] == ["ул. Камская, 1 (kama)", "« Назад"]
        city = await pressed(tg, center, "« Назад")
        center = await pressed(tg, city, "Челябинск")
        labels = [label for label, _ in center.buttons()]
        assert labels == ["ул. Лесная, д.3 (forest)", "пр. Речной, 10 (river)", "« Назад"]
        child = await pressed(tg, center, "пр. Речной, 10 (river)")
        assert child.text == "Имя ребёнка?"
        assert (await say(tg, ANNA, "-")).text.startswith("В имени нужна")  # required
        await say(tg, ANNA, "Вова")
        await say(tg, ANNA, "Мария Ивановна")
        birthday = await say(tg, ANNA, "8 987 654-32-10")
        assert birthday.text.startswith("Дата рождения ребёнка?")
        assert (await say(tg, ANNA, "31.02.2019")).text.startswith("Не понял дату")
        await say(tg, ANNA, "18.11.2019")
        await say(tg, ANNA, "-")  # e-mail
        summary = await say(tg, ANNA, "Хочет на плавание")
        for line in ("Город: Челябинск", "Центр: пр. Речной, 10 (river)", "Имя ребёнка: Вова"):
            assert line in summary.text
        assert "Дата рождения: 18.11.2019" in summary.text
        done = await pressed(tg, summary, "Создать")
        assert done.text == "✅ Лид №12345 создан.\nСтатус в CRM: bid"
        assert done.buttons() == []  # the API cannot show a lead
    [sent] = [c.body for c in gocrm.calls if c.method == "POST"]
    assert sent == {
        "name": "Вова",
        "phone": "+79876543210",
        "center_id": "12",
        "birthday": "2019-11-18",
        "fio": "Мария Ивановна",
        "comment": "Хочет на плавание",
    }


async def test_validation_errors_field_by_field_then_the_first_refused_field_again(
    tg: FakeTelegram, gocrm: GoCrmServer, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(settings_for(tmp_path, tg, gocrm)):
        await bind_anna(tg)
        city = await say(tg, ANNA, "/newlead")
        center = await pressed(tg, city, "Пермь")
        await pressed(tg, center, "ул. Камская, 1 (kama)")
        for typed in ("Вова", "-", "+7 987 654-32-10", "2019-11-18", "vova@example.ru"):
            await say(tg, ANNA, typed)
        summary = await say(tg, ANNA, "-")
        errors = {"mail": "The mail must be a valid email address.", "phone": "Bad phone."}
        body = {"status": "error", "message": "Validation error", "validation_errors": errors}
        gocrm.fail("/leads", 200, json.dumps(body))
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        listed = await tg.wait_message(ANNA.id, after=seen)
        assert listed.text == (
            "CRM не приняла данные:\n• E-mail: The mail must be a valid email address.\n"
            "• Телефон: Bad phone."
        )
        again = await tg.wait_message(ANNA.id, after=seen + 1)
        assert again.text == "Телефон?"  # the first refused field in the form's order
        assert (await say(tg, ANNA, "+7 987 000-00-01")).text == "E-mail?"
        summary = await say(tg, ANNA, "vova2@example.ru")
        assert "E-mail: vova2@example.ru" in summary.text
        done = await pressed(tg, summary, "Создать")
        assert done.text.startswith("✅ Лид №")
    posts = [c.body for c in gocrm.calls if c.method == "POST"]
    assert len(posts) == 2 and posts[1]["mail"] == "vova2@example.ru"


@pytest.mark.parametrize(
    ("status", "body", "sentence"),
    [
        (
            200,
            '{"status": "error", "message": "Center closed", "data": {}}',
            "CRM не приняла данные: Center closed",
        ),
        (
            200,
            "<html>Fatal</html>",
            UNCONFIRMED_DIALOG,
        ),
        (502, "", UNCONFIRMED_DIALOG),  # a 5xx to a write: it may have been done
    ],
    ids=["status-error", "html", "502"],
)
async def test_each_failure_of_a_lead_is_one_sentence(
    tg: FakeTelegram, gocrm: GoCrmServer, tmp_path: Path, status: int, body: str, sentence: str
) -> None:
    know_admins(tg)
    async with running_bot(settings_for(tmp_path, tg, gocrm)):
        await bind_anna(tg)
        city = await say(tg, ANNA, "/newlead")
        center = await pressed(tg, city, "Пермь")
        await pressed(tg, center, "ул. Камская, 1 (kama)")
        for typed in ("Вова", "-", "+7 987 654-32-10", "2019-11-18", "-"):
            await say(tg, ANNA, typed)
        summary = await say(tg, ANNA, "-")
        gocrm.fail("/leads", status, body)
        refused = await pressed(tg, summary, "Создать")
        assert refused.text == sentence
    assert len([c for c in gocrm.calls if c.method == "POST"]) == 1  # a write is not retried


async def test_centers_of_a_city_with_address_contacts_and_time_zone(
    tg: FakeTelegram, gocrm: GoCrmServer, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(settings_for(tmp_path, tg, gocrm)):
        await bind_anna(tg)
        ask = await say(tg, ANNA, "/centers")
        assert ask.text == "Центры какого города показать?"
        listed = await pressed(tg, ask, "Челябинск")
        assert listed.text == (
            "Центры: Челябинск (2)\n\n"
            "ул. Лесная, д.3 (forest)\n+7 987 654-32-10 · forest@gocrm.test\n"
            "Часовой пояс: Asia/Yekaterinburg\n\n"
            "пр. Речной, 10 (river)\n+7 987 654-32-11 · river@gocrm.test\n"
            "Часовой пояс: Asia/Yekaterinburg"
        )
