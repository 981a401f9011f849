"""Leads nobody takes: a reminder in reply to the post and a word to the admins, once; and
the day's list of leads still not taken, once a day."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN2,
    ADMIN_IDS,
    ANNA,
    ANNA_EMPLOYEE,
    IVAN_EMPLOYEE,
    answered,
    bind_by_contact,
    current,
    know_admins,
)
from tests.e2e.groups_kit import (
    CALLS,
    SALES,
    cursor_set,
    looks_pass,
    new_lead,
    subscribe,
    take_in_crm,
    team_bot,
    until,
    until_true,
    wait_post,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, SentMessage

TAKE = "Взять в работу"
REMINDER = "никто не взял его в работу"
ESCALATED = "никто не взял в работу за"
LIST_TITLE = "Не взяты в работу"


def reminders(tg: FakeTelegram, chat_id: int) -> list[SentMessage]:
    return [m for m in tg.sent(chat_id) if REMINDER in m.text]


async def test_an_unclaimed_lead_is_escalated_once_in_each_group_and_to_the_admins(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg, escalate_minutes=0.02) as app:  # 1.2 s
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await subscribe(tg, SALES)
        await subscribe(tg, CALLS)
        waiting = await new_lead(app, name="Глеб", phone="79990003001")
        taken = await new_lead(app, name="Вера", phone="79990003002")
        posts = {g.id: await wait_post(tg, g.id, waiting) for g in (SALES, CALLS)}
        taken_post = await wait_post(tg, SALES.id, taken)
        said = await answered(tg, tg.press(ANNA, taken_post, taken_post.button_data(TAKE)))
        assert said == "Лид ваш: сделка создана."

        for group in (SALES, CALLS):
            await until_true(lambda g=group: bool(reminders(tg, g.id)), f"a reminder in {group.id}")
        for admin in (ADMIN1, ADMIN2):
            await until_true(
                lambda a=admin: _said_now(tg, a.id, ESCALATED), f"the notice to {admin.id}"
            )
        await looks_pass(app)  # several more looks: nothing is repeated
        for group in (SALES, CALLS):
            [reminder] = reminders(tg, group.id)
            assert f"№{waiting}" in reminder.text and "Глеб" in reminder.text
            assert reminder.reply_to == posts[group.id].message_id
            assert f"№{taken}" not in reminder.text
        [notice] = [m.text for m in tg.sent(ADMIN1.id) if ESCALATED in m.text]
        assert f"№{waiting}" in notice and "«Продажи»" in notice and "«Обратные звонки»" in notice
        assert len([m for m in tg.sent(ADMIN2.id) if ESCALATED in m.text]) == 1

        [reminder] = reminders(tg, SALES.id)  # the reminder's own button takes the lead
        said = await answered(tg, tg.press(ANNA, reminder, reminder.button_data(TAKE)))
        assert said == "Лид ваш: сделка создана."
        name = f"{ANNA_EMPLOYEE.name} {ANNA_EMPLOYEE.surname}"
        for message in (posts[SALES.id], posts[CALLS.id], reminder):
            await until_true(lambda m=message: name in current(tg, m).text, "every message updated")
            assert TAKE not in str(current(tg, message).buttons())


async def test_a_lead_taken_in_the_crm_is_not_escalated(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg, escalate_minutes=0.02) as app:
        await subscribe(tg, SALES)
        lead = await new_lead(app, name="Глеб", phone="79990003003")
        post = await wait_post(tg, SALES.id, lead)
        await take_in_crm(app, lead, IVAN_EMPLOYEE.id)
        ivan = f"{IVAN_EMPLOYEE.name} {IVAN_EMPLOYEE.surname}"
        await until_true(lambda: ivan in current(tg, post).text, "the post updated")
        await looks_pass(app)
        assert reminders(tg, SALES.id) == []
        assert not _said_now(tg, ADMIN1.id, ESCALATED)


async def test_the_daily_list_shows_leads_still_not_taken_once_a_day(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path
) -> None:
    know_admins(tg)

    def settings(list_at: time | None) -> Any:
        return make_settings(
            tmp_path,
            tg.url,
            crm_kind="envybox",
            crm_url=sandbox.url,
            crm_api_key=SANDBOX_API_KEY,
            admin_ids=ADMIN_IDS,
            poll_interval=1,
            escalate_minutes=0,
            untaken_list_at=list_at,
        )

    async with running_bot(settings(None)) as app:
        await until(lambda: cursor_set(app), "the first poll")
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await subscribe(tg, SALES)
        leads = [
            await new_lead(sandbox, name=name, phone=f"7999000310{n}")
            for n, name in enumerate(("Глеб", "Вера", "Пётр"))
        ]
        posts = [await wait_post(tg, SALES.id, lead) for lead in leads]
        await answered(tg, tg.press(ANNA, posts[1], posts[1].button_data(TAKE)))
        await until_true(lambda: TAKE not in str(current(tg, posts[1]).buttons()), "a claim")
        await looks_pass(app)
        assert not _said_now(tg, SALES.id, LIST_TITLE)  # no list time: no list
    await take_in_crm(sandbox, leads[2], IVAN_EMPLOYEE.id)  # while the bot is down

    async with running_bot(settings(time(0, 0))) as app:  # the list's time has come
        await until_true(lambda: _said_now(tg, SALES.id, LIST_TITLE), "the daily list")
        [daily] = [m for m in tg.sent(SALES.id) if LIST_TITLE in m.text]
        assert f"№{leads[0]}" in daily.text and "Глеб" in daily.text
        assert f"№{leads[1]}" not in daily.text  # taken in the group
        assert f"№{leads[2]}" not in daily.text  # taken in the CRM: its post says so instead
        ivan = f"{IVAN_EMPLOYEE.name} {IVAN_EMPLOYEE.surname}"
        await until_true(lambda: ivan in current(tg, posts[2]).text, "the post updated")
        assert [label for label, _ in daily.buttons()] == ["Взять 1: Глеб"]
    async with running_bot(settings(time(0, 0))) as app:  # a restart the same day:
        await looks_pass(app)  # no second list
    assert len([m for m in tg.sent(SALES.id) if LIST_TITLE in m.text]) == 1


def _said_now(tg: FakeTelegram, chat_id: int, words: str) -> bool:
    return any(words in m.text for m in tg.sent(chat_id))
