"""Personal alerts in the private chat: a lead or a deal assigned from the bot, a task of
one's own falling due (once per task and due time, across restarts), and /alerts."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from bot import clock
from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from tests.e2e.access_kit import (
    ANNA,
    ANNA_EMPLOYEE,
    IVAN,
    IVAN_EMPLOYEE,
    bind_by_contact,
    current,
    press,
    say,
)
from tests.e2e.groups_kit import until
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage

ORLOV = seed.LEADS[0]
SUPPLY = seed.DEALS[0]
ASSIGNED = "назначил(а) вам"
DUE = "срок задачи"


def alerts(tg: FakeTelegram, user: FakeUser, words: str) -> list[SentMessage]:
    return [m for m in tg.sent(user.id) if words in m.text]


async def _alerted(tg: FakeTelegram, user: FakeUser, words: str, count: int = 1) -> None:
    async def arrived() -> bool:
        return len(alerts(tg, user, words)) >= count

    await until(arrived, f"alert {count} to {user.id}")


async def test_a_lead_and_a_deal_assigned_from_the_bot_alert_their_new_owner(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    ivan = f"{IVAN_EMPLOYEE.name} {IVAN_EMPLOYEE.surname}"
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await bind_by_contact(tg, IVAN, IVAN_EMPLOYEE.phone)
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        await press(tg, ANNA, card, "Назначить…")
        await press(tg, ANNA, current(tg, card), ivan)
        await _alerted(tg, IVAN, ASSIGNED)
        [alert] = alerts(tg, IVAN, ASSIGNED)
        assert alert.text == f"📌 Анна Смирнова назначил(а) вам лид №{ORLOV.id}."
        [(label, url)] = alert.buttons()
        assert label == f"Открыть лид №{ORLOV.id}"
        assert url == f"https://t.me/{tg.state.bot_user['username']}?start=lead_{ORLOV.id}"

        deal = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        await press(tg, ANNA, deal, "Ответственный")
        await press(tg, ANNA, current(tg, deal), ivan)
        await _alerted(tg, IVAN, ASSIGNED, count=2)
        assert alerts(tg, IVAN, ASSIGNED)[1].text.endswith(f"сделку №{SUPPLY.id}.")

        deal = await say(tg, IVAN, f"/deal {SUPPLY.id}")  # to oneself: no alert
        await press(tg, IVAN, deal, "Ответственный")
        await press(tg, IVAN, current(tg, deal), ivan)
        await tg.wait_idle()
        assert len(alerts(tg, IVAN, ASSIGNED)) == 2 and alerts(tg, ANNA, ASSIGNED) == []

        screen = await say(tg, IVAN, "/alerts")  # Ivan turns assignments off
        assert "🔔 лиды и сделки, назначенные вам другими" in screen.text
        said = await press(tg, IVAN, screen, "Выключить: лиды и сделки, назначенные вам другими")
        assert said == "Выключено."
        await tg.wait_idle()
        assert "🔕 лиды и сделки, назначенные вам другими — выключено" in current(tg, screen).text
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        await press(tg, ANNA, card, "Назначить…")
        await press(tg, ANNA, current(tg, card), "Мария Кузнецова")
        await tg.wait_idle()
        await press(tg, ANNA, current(tg, card), "Назначить…")
        await press(tg, ANNA, current(tg, card), ivan)
        await tg.wait_idle()
        assert len(alerts(tg, IVAN, ASSIGNED)) == 2


async def test_a_task_falling_due_is_reminded_once_and_again_only_when_moved(
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
    now = clock.now(UTC).replace(microsecond=0)
    async with running_bot(settings) as app:
        assert app.crm is not None
        await bind_by_contact(tg, IVAN, IVAN_EMPLOYEE.phone)
        soon = await app.crm.set_task(
            str(SUPPLY.id),
            text="Позвонить Орлову",
            due=now + timedelta(minutes=10),
            as_employee=str(IVAN_EMPLOYEE.id),
        )
        await app.crm.set_task(
            str(seed.DEALS[1].id),
            text="Отправить КП",
            due=now + timedelta(hours=2),
            as_employee=str(IVAN_EMPLOYEE.id),
        )
    calls_before = len([c for c in sandbox.calls if c.path == "task/list"])
    async with running_bot(settings):  # its first look at the tasks is at the start
        await _alerted(tg, IVAN, DUE)
        [alert] = alerts(tg, IVAN, DUE)
        assert "«Позвонить Орлову»" in alert.text and "Через 10 мин" in alert.text
        [(label, url)] = alert.buttons()
        assert label == f"Открыть сделку №{SUPPLY.id}" and url.endswith(f"start=deal_{SUPPLY.id}")
    listed = [c for c in sandbox.calls if c.path == "task/list"][calls_before:]
    assert listed and all("employee_id" not in c.params for c in listed)  # one for everyone
    async with running_bot(settings) as app:  # a restart: not reminded again
        await _one_more_look(tg, sandbox)
        assert len(alerts(tg, IVAN, DUE)) == 1
        assert app.crm is not None
        await app.crm.reschedule_task(
            soon, now + timedelta(minutes=12), as_employee=str(IVAN_EMPLOYEE.id)
        )
    async with running_bot(settings):  # moved: a new due time, a new reminder
        await _alerted(tg, IVAN, DUE, count=2)
        assert "Через 12 мин" in alerts(tg, IVAN, DUE)[1].text or "Через 11 мин" in (
            alerts(tg, IVAN, DUE)[1].text
        )
        screen = await say(tg, IVAN, "/alerts")
        await press(tg, IVAN, screen, "Выключить: задачи: напоминание за 15 мин до срока")
    async with running_bot(settings) as app:
        assert app.crm is not None
        await app.crm.set_task(
            str(seed.DEALS[1].id),
            text="Отправить КП",
            due=now + timedelta(minutes=14),
            as_employee=str(IVAN_EMPLOYEE.id),
        )
    async with running_bot(settings):
        await _one_more_look(tg, sandbox)
    assert len(alerts(tg, IVAN, DUE)) == 2  # turned off: no reminder of the moved КП
    assert not any("Отправить КП" in m.text for m in alerts(tg, IVAN, DUE))


async def _one_more_look(tg: FakeTelegram, sandbox: SandboxServer) -> None:
    """Wait for the bot's next look at the tasks, and for what it sends after it."""
    before = len([c for c in sandbox.calls if c.path == "task/list"])

    async def looked() -> bool:
        return len([c for c in sandbox.calls if c.path == "task/list" and c.status]) > before

    await until(looked, "a look at the tasks")
    await tg.wait_idle(timeout=5)
