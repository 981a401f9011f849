"""The task dialog end to end: text, then a typed or quick time read in TIMEZONE, then
deal/updatetask as the presser's employee; refusals keep the dialog; /cancel and restarts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import clock
from bot.app import App
from bot.crm.protocol import CRM
from bot.sandbox.server import SandboxCall
from handlers.ui.callbacks import DealOpen, DealTask, TaskWhen
from tests.e2e.access_kit import ANNA, bind_by_contact, current, press, press_data, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage

MSK = ZoneInfo("Europe/Moscow")
YEK = ZoneInfo("Asia/Yekaterinburg")
DEAL = "40052"  # «Поставка оборудования», responsible: Иван Петров (183)
ANNA_KEY = 182
FALLBACK = "Не понял. Что умеет бот — /help"


def crm_of(app: App) -> CRM:
    assert app.crm is not None
    return app.crm


async def open_task_dialog(
    tg: FakeTelegram, user: FakeUser, anchor: SentMessage, deal: str = DEAL
) -> SentMessage:
    """Press the deal card's Task button (forged on any message of the bot); the question."""
    seen = len(tg.sent(user.id))
    await press_data(tg, user, anchor, DealTask(deal=deal).pack())
    return await tg.wait_message(user.id, after=seen)


def task_writes(app: App) -> list[SandboxCall]:
    assert app.sandbox is not None
    return [c for c in app.sandbox.calls if c.path == "deal/updatetask"]


def unix_at(day_offset: int, at: time, tz: ZoneInfo) -> int:
    day = clock.now(tz).date() + timedelta(days=day_offset)
    return int(datetime.combine(day, at, tzinfo=tz).timestamp())


def shown(moment: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(moment, tz).strftime("%d.%m.%Y %H:%M")


async def test_typed_russian_tomorrow_is_stored_at_moscow_time(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        ask = await open_task_dialog(tg, ANNA, bound)
        assert "Поставка оборудования" in ask.text and "№40052" in ask.text
        assert "Что нужно сделать?" in ask.text
        when = await say(tg, ANNA, "Позвонить клиенту <b>&")
        assert when.text.startswith("Когда?")
        labels = [label for label, _ in when.buttons()]
        assert labels[0].startswith("Через час (") and labels[-1] == "Завтра в 10:00"
        done = await say(tg, ANNA, "завтра 10:00")

        expected = unix_at(1, time(10, 0), MSK)
        [write] = task_writes(app)
        assert write.params == {
            "deal_id": 40052,
            "time": expected,
            "comment": "Позвонить клиенту <b>&",
            "employee_id": ANNA_KEY,
        }
        assert done.text.startswith("✅ Задача поставлена по сделке «Поставка оборудования»")
        assert "Позвонить клиенту <b>&" in done.text  # shown literally, not as markup
        assert f"Когда: {shown(expected, MSK)}" in done.text
        assert "Исполнитель: Анна Смирнова" in done.text
        assert done.button_data("Открыть сделку") == DealOpen(deal=DEAL).pack()
        assert current(tg, when).buttons() == []  # the quick buttons are gone

        stored = [t for t in await crm_of(app).deal_tasks(DEAL) if t.employee_key == str(ANNA_KEY)]
        assert [(t.text, int(t.due.timestamp()) if t.due else None) for t in stored] == [
            ("Позвонить клиенту <b>&", expected)
        ]
        [entry] = await app.store.audit_entries(action="deal.task")
        assert entry.actor_tg_id == ANNA.id and entry.actor_employee_key == str(ANNA_KEY)
        assert entry.target == f"deal:{DEAL}" and entry.result == "ok"
        assert entry.detail["text"] == "Позвонить клиенту <b>&"
        # the dialog is over: the next text is not taken as a time
        after = await say(tg, ANNA, "завтра 11:00")
        assert after.text == FALLBACK
        assert len(task_writes(app)) == 1


async def test_typed_date_without_year_is_read_in_the_configured_zone(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, tg.url, language="en", timezone="Asia/Yekaterinburg")
    async with running_bot(settings) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        ask = await open_task_dialog(tg, ANNA, bound)
        assert ask.text.startswith("A task for the deal “Поставка оборудования” (No. 40052).")
        await say(tg, ANNA, "Send the contract")
        day = clock.now(YEK).date() + timedelta(days=10)
        done = await say(tg, ANNA, day.strftime("%d.%m.%Y") + " 15:30")

        expected = int(datetime.combine(day, time(15, 30), tzinfo=YEK).timestamp())
        [write] = task_writes(app)
        assert write.params["time"] == expected
        assert expected - int(datetime.combine(day, time(15, 30), tzinfo=MSK).timestamp()) == (
            -2 * 3600
        )  # the same wall time in Moscow is two hours later
        assert done.text.startswith("✅ Task set on the deal “Поставка оборудования” (No. 40052)")
        assert f"When: {shown(expected, YEK)}" in done.text
        assert "Assignee: Анна Смирнова" in done.text


async def test_quick_button_sets_tomorrow_ten(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        when = await say(tg, ANNA, "Call back")
        forged = await press_data(tg, ANNA, when, TaskWhen(choice="yesterday").pack())
        assert forged == "That time has passed. Pick another or type a date and time."
        assert task_writes(app) == []
        seen = len(tg.sent(ANNA.id))
        assert await press(tg, ANNA, when, "Tomorrow at 10:00") == ""
        done = await tg.wait_message(ANNA.id, after=seen)

        expected = unix_at(1, time(10, 0), MSK)
        [write] = task_writes(app)
        assert write.params["time"] == expected and write.params["employee_id"] == ANNA_KEY
        assert f"When: {shown(expected, MSK)}" in done.text
        assert current(tg, when).buttons() == []


async def test_past_and_unreadable_times_are_refused_and_the_dialog_stays(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        long = await say(tg, ANNA, "x" * 1001)
        assert long.text.startswith("Слишком длинно: 1001 символов, а можно не больше 1000.")
        await say(tg, ANNA, "Подготовить КП")

        past = await say(tg, ANNA, "01.01.2020 10:00")
        assert past.text.startswith("Это время уже прошло (01.01.2020 10:00).")
        assert "в пятницу 15:00" in past.text  # an example of what works
        today = await say(tg, ANNA, "сегодня 0:00")
        assert today.text.startswith("Это время уже прошло")
        for typed in ("когда-нибудь", "31.02 10:00", "25:00", "завтра 10"):
            refused = await say(tg, ANNA, typed)
            assert refused.text.startswith("Не понял дату и время. Напишите, например:"), typed
            assert "через 2 часа" in refused.text
        assert task_writes(app) == []

        done = await say(tg, ANNA, "через 2 часа")
        assert done.text.startswith("✅ Задача поставлена")
        [write] = task_writes(app)
        assert write.params["comment"] == "Подготовить КП"
        assert 7140 <= write.params["time"] - clock.now(MSK).timestamp() <= 7200


async def test_english_refusals(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        await say(tg, ANNA, "Call back")
        refused = await say(tg, ANNA, "someday")
        assert refused.text.startswith("I could not read the date and time. Type, for example:")
        assert "friday 3pm" in refused.text
        past = await say(tg, ANNA, "today 0:00")
        assert past.text.startswith("That time has already passed (")
        done = await say(tg, ANNA, "tomorrow 10am")
        assert done.text.startswith("✅ Task set")
        [write] = task_writes(app)
        assert write.params["time"] == unix_at(1, time(10, 0), MSK)


async def test_dialog_survives_a_restart(tg: FakeTelegram, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, tg.url)
    async with running_bot(settings) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        when = await say(tg, ANNA, "Отправить договор")
        assert when.text.startswith("Когда?")
        assert task_writes(app) == []
    async with running_bot(settings) as app:
        done = await say(tg, ANNA, "послезавтра 9:30")
        assert done.text.startswith("✅ Задача поставлена по сделке «Поставка оборудования»")
        expected = unix_at(2, time(9, 30), MSK)
        [write] = task_writes(app)
        assert write.params["comment"] == "Отправить договор" and write.params["time"] == expected
        task = await crm_of(app).deal_task(DEAL)  # the responsible's task is untouched
        assert task is not None and task.text == "Перезвонить клиенту"
        mine = [t for t in await crm_of(app).deal_tasks(DEAL) if t.employee_key == str(ANNA_KEY)]
        assert [t.text for t in mine] == ["Отправить договор"]


async def test_cancel_leaves_the_dialog_at_each_step(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        assert (await say(tg, ANNA, "/cancel")).text == "Отменено."
        after = await say(tg, ANNA, "Позвонить")
        assert after.text == FALLBACK  # not taken as the task's text

        await open_task_dialog(tg, ANNA, bound)
        when = await say(tg, ANNA, "Позвонить")
        assert (await say(tg, ANNA, "/cancel")).text == "Отменено."
        assert (await say(tg, ANNA, "завтра 10:00")).text == FALLBACK
        stale = await press(tg, ANNA, when, "Завтра в 10:00")
        assert stale == "Этот диалог уже закончен."
        assert task_writes(app) == []


async def test_commands_in_the_dialog_are_not_taken_as_its_text(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        listing = await say(tg, ANNA, "/tasks")
        assert listing.text.startswith("Мои открытые задачи: 1")  # seeded 6855 on deal 40053
        when = await say(tg, ANNA, "Позвонить")
        assert when.text.startswith("Когда?")
        await say(tg, ANNA, "завтра 10:00")
        assert [c.params["comment"] for c in task_writes(app)] == ["Позвонить"]


async def test_unknown_deal_ends_in_one_sentence(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        answer = await press_data(tg, ANNA, bound, DealTask(deal="99999").pack())
        assert answer == "Not found: the CRM has no such record."
        after = await say(tg, ANNA, "Call back")
        assert after.text.startswith("I did not understand")  # no dialog was started


async def test_the_deal_cards_buttons_lead_here(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {DEAL}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Задачи")
        listing = await tg.wait_message(ANNA.id, after=seen)
        assert listing.text.startswith(f"Открытые задачи по сделке №{DEAL}: 1")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Задача")
        ask = await tg.wait_message(ANNA.id, after=seen)
        assert "Что нужно сделать?" in ask.text
        await say(tg, ANNA, "Позвонить")
        await say(tg, ANNA, "завтра 10:00")
        [write] = task_writes(app)
        assert write.params["time"] == unix_at(1, time(10, 0), MSK)


async def test_a_new_task_replaces_yours_only_when_you_agree(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    """Envybox's deal/updatetask changes the employee's open task of the deal (it creates
    one only when there is none): the dialog says so and asks before replacing it."""
    contract = "40053"  # Мария Кузнецова (184) has «Отправить договор» on it
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110003")
        ask = await open_task_dialog(tg, ANNA, bound, deal=contract)
        assert ask.text.startswith("⚠️ У вас уже есть задача по этой сделке: «Отправить договор»")
        when = await say(tg, ANNA, "Созвон")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, when, "Завтра в 10:00")
        confirm = await tg.wait_message(ANNA.id, after=seen)
        assert confirm.text.startswith("Заменить вашу задачу по сделке?")
        assert "Сейчас: «Отправить договор»" in confirm.text
        assert "Станет: «Созвон» — " in confirm.text
        assert task_writes(app) == []  # nothing written before the answer

        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, confirm, "Не менять")
        assert (await tg.wait_message(ANNA.id, after=seen)).text == "Задача не изменена."
        assert task_writes(app) == []

        ask = await open_task_dialog(tg, ANNA, bound, deal=contract)
        when = await say(tg, ANNA, "Созвон")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, when, "Завтра в 10:00")
        confirm = await tg.wait_message(ANNA.id, after=seen)
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, confirm, "Заменить")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert done.text.startswith("✅ Задача поставлена по сделке «Годовой контракт»")
        assert len(task_writes(app)) == 1
        listed = await say(tg, ANNA, "/tasks")
        mine = [line for line in listed.text.splitlines() if "Годовой контракт" in line]
        assert len(mine) == 1 and "Созвон" in mine[0]
        assert "Отправить договор" not in listed.text  # replaced, not added beside it


async def test_weekdays_month_names_and_a_passed_date_that_asks(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, default_task_time="09:30")) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        await say(tg, ANNA, "Позвонить")
        done = await say(tg, ANNA, "в пятницу 15:00")
        friday = clock.now(MSK).date()
        friday += timedelta(
            days=(4 - friday.weekday()) % 7 or (7 if clock.now(MSK).hour >= 15 else 0)
        )
        assert f"Когда: {friday:%d.%m.%Y} 15:00" in done.text  # the absolute time, echoed

        await open_task_dialog(tg, ANNA, bound, deal="40054")
        await say(tg, ANNA, "Отправить КП")
        done = await say(tg, ANNA, "завтра")  # a day alone: DEFAULT_TASK_TIME
        tomorrow = clock.now(MSK).date() + timedelta(days=1)
        assert f"Когда: {tomorrow:%d.%m.%Y} 09:30" in done.text

        today = clock.now(MSK).date()
        before = today - timedelta(days=2)
        if before.year != today.year:
            pytest.skip("two days ago was last year: no passed date of this year to type")
        await open_task_dialog(tg, ANNA, bound, deal="40056")
        await say(tg, ANNA, "Продлить договор")
        writes = len(task_writes(app))
        asked = await say(tg, ANNA, f"{before:%d.%m} 11:00")
        later = before.replace(year=before.year + 1)
        assert asked.text.startswith(f"{before:%d.%m.%Y} 11:00 уже прошло.")
        assert f"Поставить на {later:%d.%m.%Y} 11:00?" in asked.text
        assert len(task_writes(app)) == writes  # nothing moved without asking
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, asked, f"Да, на {later:%d.%m.%Y} 11:00")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert f"Когда: {later:%d.%m.%Y} 11:00" in done.text
