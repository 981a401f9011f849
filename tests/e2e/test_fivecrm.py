"""The bot on 5CRM, through the fake Telegram server and the 5CRM emulator: settings and
tokens at start, binding by a shared contact (with the secret token; without it, see
`test_fivecrm_binding.py`), a menu of only the create commands, each form from /newlead
to /newcompany with what it sends, what the API cannot do said plainly, and each error
answered with one sentence."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import clock
from bot.app import App
from bot.config import SettingsError
from bot.startup import EXIT_CONFIG, StartupError
from tests.e2e.access_kit import ANNA, bind_by_contact, press, say
from tests.e2e.fivecrm_kit import NO_ID, answer, company_summary, settings_for
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.sentences import UNCONFIRMED_DIALOG
from tests.fakes.fivecrm import FiveCrmServer
from tests.fakes.telegram import FakeTelegram

MOSCOW = ZoneInfo("Europe/Moscow")


def test_the_public_token_is_required(tg: FakeTelegram, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as err:
        make_settings(tmp_path, tg.url, crm_kind="fivecrm", crm_url="https://a.5crm.ru")
    assert str(err.value).startswith("CRM_PUBLIC_TOKEN")


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"crm_public_token": "typo-1"}, "CRM_PUBLIC_TOKEN"),
        ({"crm_secret_token": "typo-2"}, "CRM_SECRET_TOKEN"),
    ],
)
async def test_a_refused_token_is_named_at_start(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path, values: dict[str, str], named: str
) -> None:
    app = App(settings_for(tmp_path, tg, five, **values))
    with pytest.raises(StartupError) as err:
        try:
            await app.start()
        finally:
            await app.close()
    assert str(err.value).startswith(f"{named} refused by the CRM")
    assert "typo" not in str(err.value)
    assert err.value.exit_code == EXIT_CONFIG


async def test_bind_then_only_the_create_commands_and_lead_search_refused_plainly(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, five)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")  # a number in managers/get
        assert "Анна Смирнова" in bound.text
        binding = await app.store.get_binding(ANNA.id)
        assert binding is not None and binding.employee_key == "11"
        menu = [c["command"] for c in tg.commands[("default", "")]]
        creates = ["newlead", "newdeal", "newtask", "newcontact", "newcompany"]
        assert menu == [*creates, "start", "help", "whoami", "cancel"]
        refused = await say(tg, ANNA, "/lead +79031234501")
        assert refused.text == (
            "API этой CRM не умеет искать и показывать лиды. Здесь через бота можно: "
            "/newlead, /newdeal, /newtask, /newcontact, /newcompany."
        )
        deal = await say(tg, ANNA, "/deal поставка")
        assert deal.text.startswith("API этой CRM не умеет искать и показывать сделки.")
    assert not any(c.path == "ctm/form/send" for c in five.calls)


async def test_newlead_sends_the_site_form_and_says_no_number_comes_back(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        await say(tg, ANNA, "Игорь Тестов")
        await say(tg, ANNA, "8 (999) 765-43-21")
        await say(tg, ANNA, "igor@example.ru")
        amount = await say(tg, ANNA, "Хочет демо")
        assert amount.text == "Сумма, ₽ (целое число)?"
        assert (await say(tg, ANNA, "12,5")).text.startswith("Нужно целое число")
        summary = await say(tg, ANNA, "150 000")
        assert "Сумма: 150000" in summary.text
        done = await answer(tg, summary, "Создать")
        assert done.text == "Лид отправлен в CRM; номера она не сообщила."
    assert five.sent("ctm/form/send") == [
        {
            "name": "Игорь Тестов",
            "phone": "+79997654321",
            "email": "igor@example.ru",
            "description": "Хочет демо",
            "sum": "150000",
        }
    ]


async def test_newdeal_picks_funnel_and_stage_and_asks_the_custom_fields(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        funnel = await say(tg, ANNA, "/newdeal")
        assert funnel.text.startswith("Новая сделка. Воронка?")
        assert [label for label, _ in funnel.buttons()] == ["Продажи", "Сервис", "Пропустить"]
        stage = await answer(tg, funnel, "Сервис")
        assert [label for label, _ in stage.buttons()] == ["Заявка", "Пропустить", "« Назад"]
        funnel = await answer(tg, stage, "« Назад")  # the wrong funnel: back one field
        stage = await answer(tg, funnel, "Продажи")
        labels = [label for label, _ in stage.buttons()]
        assert labels == ["Новая", "Переговоры", "Договор", "Пропустить", "« Назад"]
        name = await answer(tg, stage, "Переговоры")
        assert name.text == "Название сделки?"
        assert "Пропустить" not in [label for label, _ in name.buttons()]  # required
        await say(tg, ANNA, "Поставка оборудования")
        await say(tg, ANNA, "-")  # the client's name
        await say(tg, ANNA, "+7 916 200-30-40")
        await say(tg, ANNA, "-")  # e-mail
        await say(tg, ANNA, "480000")
        custom = await say(tg, ANNA, "Срочно")
        assert custom.text == "ИНН клиента?"
        await say(tg, ANNA, "7701234567")
        summary = await say(tg, ANNA, "-")
        assert "Воронка: Продажи" in summary.text and "Этап: Переговоры" in summary.text
        assert "ИНН клиента: 7701234567" in summary.text
        done = await answer(tg, summary, "Создать")
        assert done.text.startswith("✅ Сделка отправлена в CRM.")
        assert "Название: Поставка оборудования" in done.text and done.text.endswith(NO_ID)
    assert five.sent("public/deal/add") == [
        {
            "manager_id": "11",
            "author_id": "11",
            "funnel_id": "1",
            "stage_id": "102",
            "name": "Поставка оборудования",
            "phone": "+79162003040",
            "sum": "480000",
            "comment": "Срочно",
            "f_1": "7701234567",
        }
    ]


async def test_newtask_newcontact_and_newcompany(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newtask")
        when = await say(tg, ANNA, "Позвонить в Вектор")
        assert when.text.startswith("Срок: когда?")
        day = clock.now(MOSCOW).date() + timedelta(days=2)
        await say(tg, ANNA, f"{day:%d.%m.%Y} 15:30")
        summary = await say(tg, ANNA, "-")
        done = await answer(tg, summary, "Создать")
        assert done.text.startswith("✅ Задача поставлена вам в CRM.")
        await say(tg, ANNA, "/newcontact")
        for typed in ("Мария", "Иванова", "8 903 000-11-22", "maria@example.ru"):
            await say(tg, ANNA, typed)
        summary = await say(tg, ANNA, "Закупщик")
        await answer(tg, summary, "Создать")
        done = await answer(tg, await company_summary(tg), "Создать")
        assert done.text.startswith("✅ Компания отправлена в CRM.")
    assert five.sent("public/task/add") == [
        {
            "manager_id": "11",
            "author_id": "11",
            "name": "Позвонить в Вектор",
            "date_expired": f"{day.isoformat()} 15:30:00",
        }
    ]
    [contact] = five.sent("public/contact/add")
    assert contact["surname"] == "Иванова" and contact["phone"] == "+79030001122"
    assert five.sent("public/company/add") == [
        {"manager_id": "11", "author_id": "11", "name": "Ромашка"}
    ]


@pytest.mark.parametrize(
    ("status", "body", "sentence"),
    [
        (
            200,
            '{"ans": "false", "message": "Лимит исчерпан"}',
            "CRM не приняла данные: Лимит исчерпан",
        ),
        (
            200,
            '{"ans": false}',
            'CRM не приняла данные: 5CRM did not confirm the request (no "ans": "true")',
        ),
        (
            200,
            "<html>Server Error</html>",
            UNCONFIRMED_DIALOG,
        ),
        (401, '{"ans": "false"}', "CRM отклонила ключ доступа бота. Сообщите администратору."),
        (500, "", UNCONFIRMED_DIALOG),  # a 5xx to a write: it may have been done
    ],
    ids=["ans-false", "ans-boolean", "html", "401", "500"],
)
async def test_each_failure_of_a_write_is_one_sentence(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path, status: int, body: str, sentence: str
) -> None:
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        summary = await company_summary(tg)
        five.fail("public/company/add", status, body)
        refused = await answer(tg, summary, "Создать")
        assert refused.text == sentence
    assert len([c for c in five.calls if c.path == "public/company/add"]) == 1  # never retried


async def test_refused_fields_are_listed_and_asked_again(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        summary = await company_summary(tg)
        errors = {"name": ["The name has already been taken."], "city": ["Unknown city."]}
        five.fail("public/company/add", 422, json.dumps({"message": "invalid", "errors": errors}))
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        listed = await tg.wait_message(ANNA.id, after=seen)
        assert listed.text == (
            "CRM не приняла данные:\n• Название: The name has already been taken.\n"
            "• Город: Unknown city."
        )
        again = await tg.wait_message(ANNA.id, after=seen + 1)
        assert again.text.startswith("Новая компания. Название компании?")
        city = await say(tg, ANNA, "Ромашка-2")
        assert city.text == "Город?"  # the next refused field, not the fields between
        summary = await say(tg, ANNA, "Пермь")
        assert "Название: Ромашка-2" in summary.text and "Город: Пермь" in summary.text
        done = await answer(tg, summary, "Создать")
        assert done.text.startswith("✅ Компания отправлена в CRM.")
    assert five.sent("public/company/add")[-1]["city"] == "Пермь"


async def test_a_form_refuses_what_does_not_fit_and_an_earlier_question_s_buttons(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    stale = "Эта кнопка — от прошлого вопроса. Ответьте на последний."
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        funnel = await say(tg, ANNA, "/newdeal")
        assert (await say(tg, ANNA, "Продажи")).text == "Выберите вариант кнопкой под вопросом."
        stage = await answer(tg, funnel, "Продажи")
        name = await answer(tg, stage, "Новая")
        assert name.text == "Название сделки?"
        seen = len(tg.sent(ANNA.id))
        assert await press(tg, ANNA, funnel, "Сервис") == stale  # not taken as a stage
        assert await press(tg, ANNA, stage, "Пропустить") == stale  # not skipping the name
        assert await press(tg, ANNA, stage, "« Назад") == stale
        assert len(tg.sent(ANNA.id)) == seen  # nothing asked, nothing moved on
        too_long = await say(tg, ANNA, "П" * 256)
        assert too_long.text == "Название длиннее 255 символов. Напишите короче."
        assert (await say(tg, ANNA, "Поставка")).text.startswith("Как зовут клиента?")
        summary = await say(tg, ANNA, "-")
        for _ in range(4):
            summary = await say(tg, ANNA, "-")
        assert summary.text == "ИНН клиента?"
        await say(tg, ANNA, "-")  # and the second custom field, "Откуда узнали?"
        summary = await say(tg, ANNA, "-")
        assert "Воронка: Продажи" in summary.text and "Этап: Новая" in summary.text
        assert "Название: Поставка" in summary.text
    assert five.sent("public/deal/add") == []
