"""`/tasks` (my open tasks: soonest first, overdue marked, a button to each deal, paged) and
the deal card's Tasks button, end to end against the sandbox's seeded tasks."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import clock
from bot.app import App
from bot.crm.protocol import CRM
from bot.sandbox import seed
from handlers.ui.callbacks import DealOpen, DealTasks, MyTasksPage, TaskMove
from tests.e2e.access_kit import (
    ANNA,
    IVAN,
    bind_by_contact,
    crm_calls,
    current,
    press,
    press_data,
    say,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser

MSK = ZoneInfo("Europe/Moscow")
IVAN_KEY = "183"  # seeded: overdue task 6850 «Перезвонить клиенту» on deal 40052
ELENA = FakeUser(id=2005, first_name="Елена", username="elena", language_code="ru")  # no tasks


def crm_of(app: App) -> CRM:
    assert app.crm is not None
    return app.crm


def later_today() -> float:
    """Hours from now to a moment still today in Moscow (an hour, or half of what is left
    of the day after 23:00), so a task due then is in the "today" view at any hour."""
    now = clock.now(MSK)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), MSK)
    return min(1.0, (midnight - now).total_seconds() / 3600 / 2)


async def give_ivan_tasks(app: App, deals_and_hours: list[tuple[str, float]]) -> None:
    """Open tasks for Иван on other people's deals, `hours` from now."""
    now = clock.now(MSK)
    for deal, hours in deals_and_hours:
        await crm_of(app).set_task(
            deal, text=f"Задача {deal}", due=now + timedelta(hours=hours), as_employee=IVAN_KEY
        )


def task_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("•")]


async def test_my_tasks_soonest_first_with_the_overdue_marked(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await give_ivan_tasks(app, [("40053", 72), ("40054", 24)])
        await bind_by_contact(tg, IVAN, "+79161110002")
        await say(tg, IVAN, "/tasks")  # warm-up: reference data and the deals' names kept
        before = crm_calls(app)
        listing = await say(tg, IVAN, "/tasks")
        assert crm_calls(app) - before == 1  # task/list only
        assert listing.text.startswith("Мои открытые задачи: 3")
        lines = task_lines(listing.text)
        assert len(lines) == 3
        # each task with its deal and the deal's client
        assert "Перезвонить клиенту · Поставка оборудования · Андрей Козлов" in lines[0]
        assert lines[0].endswith("⚠️ просрочена")
        assert "Задача 40054 · Консультация · Екатерина Белова" in lines[1]
        assert "Задача 40053 · Годовой контракт · ООО «Вектор»" in lines[2]
        assert not any("просрочена" in line for line in lines[1:])
        move = "⏰ Перенести"
        assert listing.buttons() == [
            (
                "⚠️ Поставка оборудования · Андрей Козлов: Перезвонить клиенту",
                DealOpen(deal="40052").pack(),
            ),
            (move, TaskMove(deal="40052", task="6850").pack()),
            ("Консультация · Екатерина Белова: Задача 40054", DealOpen(deal="40054").pack()),
            (move, listing.buttons()[3][1]),
            ("Годовой контракт · ООО «Вектор»: Задача 40053", DealOpen(deal="40053").pack()),
            (move, listing.buttons()[5][1]),
            ("• Все", MyTasksPage(view="all").pack()),
            ("Сегодня", MyTasksPage(view="today").pack()),
            ("Просрочено", MyTasksPage(view="overdue").pack()),
        ]


async def test_my_tasks_page_with_buttons(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        deals = []
        for lead in seed.LEADS:
            taken = await crm_of(app).take_lead(str(lead.id), as_employee=IVAN_KEY)
            deals.append(taken.deal_id)
        await give_ivan_tasks(app, [(deal, 10 + i) for i, deal in enumerate(deals)])
        await give_ivan_tasks(app, [("40053", 5), ("40054", 6)])
        total = 1 + len(deals) + 2
        assert total > 8

        await bind_by_contact(tg, IVAN, "+79161110002")
        first = await say(tg, IVAN, "/tasks")
        assert first.text.startswith(f"My open tasks: {total}")
        lines = task_lines(first.text)
        assert len(lines) == 8
        assert lines[0].endswith("⚠️ overdue") and "Перезвонить клиенту" in lines[0]
        assert "Задача 40053 · Годовой контракт · ООО «Вектор»" in lines[1]
        labels = [label for label, _ in first.buttons()]
        assert labels[-5:] == ["1/2", "▶", "• All", "Today", "Overdue"]

        assert await press(tg, IVAN, first, "▶") == ""
        second = current(tg, first)
        rest = task_lines(second.text)
        assert len(rest) == total - 8
        assert f"Задача {deals[-1]}" in rest[-1]
        assert [label for label, _ in second.buttons()][-5:-3] == ["◀", "2/2"]
        assert second.button_data("◀") == MyTasksPage(page=0).pack()


async def test_no_open_tasks_is_one_sentence(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ELENA, "+79161110005")
        reply = await say(tg, ELENA, "/tasks")
        assert reply.text == "У вас нет открытых задач."
        assert [label for label, _ in reply.buttons()] == ["• Все", "Сегодня", "Просрочено"]


async def test_deal_tasks_button_lists_the_deals_open_tasks(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/tasks")  # warm-up of the reference data
        seen = len(tg.sent(ANNA.id))
        before = crm_calls(app)
        assert await press_data(tg, ANNA, bound, DealTasks(deal="40055").pack()) == ""
        listing = await tg.wait_message(ANNA.id, after=seen)
        assert crm_calls(app) - before == 1  # deal/getTasks only
        assert listing.text.startswith("Открытые задачи по сделке №40055: 1")
        [line] = task_lines(listing.text)
        assert "Забрать прибор из ремонта (Дмитрий Соколов)" in line  # «Диагностика» is done
        assert line.endswith("⚠️ просрочена")

        seen = len(tg.sent(ANNA.id))
        await press_data(tg, ANNA, bound, DealTasks(deal="40056").pack())
        empty = await tg.wait_message(ANNA.id, after=seen)
        assert empty.text == "По сделке №40056 нет открытых задач."


async def test_deal_tasks_in_english(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        seen = len(tg.sent(ANNA.id))
        await press_data(tg, ANNA, bound, DealTasks(deal="40053").pack())
        listing = await tg.wait_message(ANNA.id, after=seen)
        assert listing.text.startswith("Open tasks of deal No. 40053: 2")
        lines = task_lines(listing.text)
        assert "Проверить условия договора (Анна Смирнова)" in lines[0]  # due in 28 h
        assert "Отправить договор (Мария Кузнецова)" in lines[1]  # due in 50 h
        assert not any("overdue" in line for line in lines)


async def test_reschedule_from_tasks_and_the_views(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await give_ivan_tasks(app, [("40053", 72), ("40054", later_today())])
        await bind_by_contact(tg, IVAN, "+79161110002")
        listing = await say(tg, IVAN, "/tasks")
        help_ = await say(tg, IVAN, "/help")
        assert "Задачи закрываются в самой CRM: её API не умеет закрывать их из бота." in help_.text
        assert "✅ Готово" not in [label for label, _ in listing.buttons()]  # Envybox cannot

        await press(tg, IVAN, listing, "Просрочено")
        overdue = task_lines(current(tg, listing).text)
        assert len(overdue) == 1 and "Перезвонить клиенту" in overdue[0]
        await press(tg, IVAN, current(tg, listing), "Сегодня")
        today_view = current(tg, listing)
        assert today_view.text.startswith("Мои задачи на сегодня")
        await press(tg, IVAN, today_view, "• Сегодня")
        await press(tg, IVAN, current(tg, listing), "Все")

        seen = len(tg.sent(IVAN.id))
        listing = current(tg, listing)
        move = next(data for label, data in listing.buttons() if label == "⏰ Перенести")
        await press_data(tg, IVAN, listing, move or "")
        asked = await tg.wait_message(IVAN.id, after=seen)
        assert asked.text.startswith("Перенести задачу «Перезвонить клиенту» (сейчас: ")
        seen = len(tg.sent(IVAN.id))
        tg.send_text(IVAN, "через 3 дня")
        done = await tg.wait_message(IVAN.id, after=seen)
        assert done.text.startswith("✅ Задача поставлена по сделке «Поставка оборудования")
        assert "Перезвонить клиенту" in done.text  # the task keeps its text
        [write] = [c for c in app.sandbox.calls if c.path == "deal/updatetask"][-1:]  # type: ignore[union-attr]
        assert write.params["comment"] == "Перезвонить клиенту" and write.employee_id == IVAN_KEY
        relisted = await say(tg, IVAN, "/tasks")
        [moved] = [x for x in task_lines(relisted.text) if "Перезвонить клиенту" in x]
        assert "просрочена" not in moved  # (a task due later today may be, at 23:59)
        [entry] = await app.store.audit_entries(action="task.reschedule")
        assert entry.result == "ok"
