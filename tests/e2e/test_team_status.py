"""What admins see of the notifier: /status, and the warnings when the CRM fails."""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from tests.e2e.access_kit import ADMIN1, ADMIN2, ANNA, ANNA_EMPLOYEE, bind_by_contact, say
from tests.e2e.groups_kit import SALES, new_lead, subscribe, team_bot, until, until_true, wait_post
from tests.fakes.telegram import FakeTelegram, FakeUser

DOWN = "CRM не отвечает уже"
KEY = "CRM отклоняет API-ключ бота"
BACK = "CRM снова отвечает"


def said(tg: FakeTelegram, user: FakeUser, words: str) -> list[str]:
    return [m.text for m in tg.sent(user.id) if words in m.text]


def group_texts(tg: FakeTelegram) -> str:
    return "\n".join(tg.messages_text(SALES.id))


async def test_status_shows_the_last_poll_todays_leads_the_outbox_and_failures(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await subscribe(tg, SALES)
        for phone in ("79990001001", "79990001002"):
            await wait_post(tg, SALES.id, await new_lead(app, name="Клиент", phone=phone))
        report = (await say(tg, ADMIN1, "/status")).text
        assert "Состояние бота" in report
        assert "последнее успешное обращение к CRM" in report and "каждые 1 с" in report
        assert "Лидов за сегодня: 2" in report
        assert "Групп команды: 1" in report
        assert "Очередь: 0 ждут, 2 доставлено, 0 не доставлено" in report
        assert "обращений к CRM 0, отправок в Telegram 0" in report

        assert app.sandbox is not None
        app.sandbox.fail_next("lead/list", "http_502", times=1000)
        await until(lambda: _failed_polls(app, 1), "a failed poll")
        report = (await say(tg, ADMIN1, "/status")).text
        assert "CRM даёт сбои с" in report
        assert "обращений к CRM 0," not in report


async def _failed_polls(app: App, count: int) -> bool:
    assert app.notifier is not None
    return app.notifier.poll_failures >= count


async def test_status_is_for_admins_only(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg):
        await bind_by_contact(tg, ANNA, "+" + ANNA_EMPLOYEE.phone)
        answer = (await say(tg, ANNA, "/status")).text
        assert answer == "Это могут только администраторы бота."
        seen = len(tg.sent(SALES.id))
        tg.send_text(ADMIN1, "/status", chat=tg.add_chat(SALES))
        in_group = await tg.wait_message(SALES.id, after=seen)
        assert "Состояние бота" not in in_group.text  # in a group: a link to the private chat
        assert in_group.buttons()


async def test_admins_are_warned_once_when_the_crm_is_down_and_told_when_it_is_back(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg, crm_alert_minutes=0.02) as app:  # 1.2 s
        assert app.sandbox is not None and app.notifier is not None
        await subscribe(tg, SALES)
        app.sandbox.fail_next("lead/list", "http_502", times=1000)
        for admin in (ADMIN1, ADMIN2):
            await until_true(lambda a=admin: bool(said(tg, a, DOWN)), f"the warning to {admin.id}")
        failures = app.notifier.poll_failures
        await until(lambda: _failed_polls(app, failures + 2), "two more failed polls")
        assert len(said(tg, ADMIN1, DOWN)) == 1  # once per outage, not once per poll
        assert said(tg, ADMIN1, BACK) == []

        app.sandbox.clear_faults()
        lead = await new_lead(app, name="Пётр", phone="79990002001")
        await wait_post(tg, SALES.id, lead)  # the leads of the outage are not lost
        for admin in (ADMIN1, ADMIN2):
            await until_true(
                lambda a=admin: bool(said(tg, a, BACK)), f"the recovery note to {admin.id}"
            )
        assert len(said(tg, ADMIN1, DOWN)) == 1 and len(said(tg, ADMIN1, BACK)) == 1
        assert DOWN not in group_texts(tg) and BACK not in group_texts(tg)  # for admins only


async def test_a_short_failure_warns_nobody(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg, crm_alert_minutes=5) as app:
        assert app.sandbox is not None
        app.sandbox.fail_next("lead/list", "http_502", times=1000)
        await until(lambda: _failed_polls(app, 2), "two failed polls")
        app.sandbox.clear_faults()
        lead = await new_lead(app, name="Ольга", phone="79990002002")
        await subscribe(tg, SALES)
        await wait_post(tg, SALES.id, lead)
        assert said(tg, ADMIN1, DOWN) == [] and said(tg, ADMIN1, BACK) == []


async def test_a_refused_api_key_warns_admins_at_once(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg, crm_alert_minutes=60) as app:
        assert app.sandbox is not None
        good_key = app.sandbox.api_key
        app.sandbox.api_key = "revoked-in-the-crm"
        for admin in (ADMIN1, ADMIN2):
            await until_true(
                lambda a=admin: bool(said(tg, a, KEY)), f"the key warning to {admin.id}"
            )
        [warning] = said(tg, ADMIN1, KEY)
        assert "CRM_API_KEY" in warning and good_key not in warning
        app.sandbox.api_key = good_key
        await until_true(lambda: bool(said(tg, ADMIN1, BACK)), "the recovery note")
        assert len(said(tg, ADMIN1, KEY)) == 1


async def test_an_admin_who_blocked_the_bot_costs_no_group_its_subscription(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg, crm_alert_minutes=0.02) as app:
        assert app.sandbox is not None
        await subscribe(tg, SALES)
        tg.block(ADMIN2)  # a 403 in a private chat is not a group that removed the bot
        app.sandbox.fail_next("lead/list", "http_502", times=1000)
        await until_true(lambda: bool(said(tg, ADMIN1, DOWN)), "the warning to the other admin")
        app.sandbox.clear_faults()
        await until_true(lambda: bool(said(tg, ADMIN1, BACK)), "the recovery note")
        lead = await new_lead(app, name="Инна", phone="79990002003")
        await wait_post(tg, SALES.id, lead)
        assert said(tg, ADMIN2, DOWN) == []
        assert not any("больше не может писать" in m.text for m in tg.sent(ADMIN1.id))
