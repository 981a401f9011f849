"""Team groups: subscriptions with filters, new leads posted there, claimed with one tap."""

from __future__ import annotations

from pathlib import Path

from bot.notifier.teams import NEW_LEADS
from bot.sandbox import seed
from tests.e2e.access_kit import (
    ADMIN1,
    ANNA,
    ANNA_EMPLOYEE,
    IVAN,
    IVAN_EMPLOYEE,
    STRANGER,
    answered,
    bind_by_contact,
    current,
    press,
    say,
)
from tests.e2e.deals_kit import mark, paths_since
from tests.e2e.groups_kit import (
    CALLS,
    OTHER_GROUP,
    SALES,
    new_lead,
    polls_pass,
    posts_of,
    subscribe,
    team_bot,
    until,
    wait_post,
)
from tests.fakes.telegram import FakeTelegram, SentMessage

TAKE = "Взять в работу"


async def _inbox_filter(tg: FakeTelegram, answer: SentMessage, inbox_name: str) -> None:
    await press(tg, ADMIN1, answer, "Выбрать тип обращения")
    choices = current(tg, answer)
    await press(tg, ADMIN1, choices, inbox_name)


async def test_two_groups_get_the_leads_their_filters_let_in(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        answer = await subscribe(tg, SALES)
        assert "Группа подписана" in answer.text and "тип обращения — любая" in answer.text
        await subscribe(tg, CALLS)
        calls_answer = tg.sent(CALLS.id)[-1]
        await _inbox_filter(tg, calls_answer, seed.INBOX_TYPES[seed.INBOX_CALLBACK])
        assert "тип обращения — Обратный звонок" in current(tg, calls_answer).text
        site = await new_lead(app, name="Глеб", phone="79990001122", comment="Перезвоните")
        call = await new_lead(app, seed.INBOX_CALLBACK, name="Вера", email="vera@example.ru")
        post = await wait_post(tg, SALES.id, site)
        assert "Глеб" in post.text and "+7 999 000-11-22" in post.text
        assert "Перезвоните" in post.text and post.buttons()[0][0] == TAKE
        await wait_post(tg, SALES.id, call)
        await wait_post(tg, CALLS.id, call)
        await polls_pass(app)  # more polls: nothing more comes, nothing twice
        assert [len(posts_of(tg, SALES.id, x)) for x in (site, call)] == [1, 1]
        assert posts_of(tg, CALLS.id, site) == [] and len(posts_of(tg, CALLS.id, call)) == 1


async def test_only_the_bots_admins_change_subscriptions(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg) as app:
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        group = tg.add_chat(SALES)
        for user, refusal in ((ANNA, "только администраторы бота"), (STRANGER, "Нет доступа")):
            seen = len(tg.sent(SALES.id))
            tg.send_text(user, "/subscribe", chat=group)
            assert refusal in (await tg.wait_message(SALES.id, after=seen)).text
        assert await app.store.subscriptions(NEW_LEADS) == []
        await subscribe(tg, SALES)
        seen = len(tg.sent(SALES.id))
        tg.send_text(ANNA, "/unsubscribe", chat=group)
        assert "только администраторы бота" in (await tg.wait_message(SALES.id, after=seen)).text
        assert len(await app.store.subscriptions(NEW_LEADS)) == 1
        tg.send_text(ADMIN1, "/unsubscribe", chat=group)
        assert "отключена" in (await tg.wait_message(SALES.id, after=seen + 1)).text
        assert await app.store.subscriptions(NEW_LEADS) == []


async def test_a_claim_race_has_one_winner_and_the_post_says_who(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await bind_by_contact(tg, IVAN, IVAN_EMPLOYEE.phone)
        await subscribe(tg, SALES)
        lead = await new_lead(app, name="Глеб", phone="79990001122")
        post = await wait_post(tg, SALES.id, lead)
        before = mark(app)
        data = post.button_data(TAKE)
        first, second = tg.press(ANNA, post, data), tg.press(IVAN, post, data)
        answers = {await answered(tg, first), await answered(tg, second)}
        assert paths_since(app, before).count("lead/start") == 1
        claim = await app.store.claim_of(lead)
        assert claim is not None and claim.deal_id
        winner = ANNA_EMPLOYEE if claim.tg_user_id == ANNA.id else IVAN_EMPLOYEE
        name = f"{winner.name} {winner.surname}"
        assert answers == {"Лид ваш: сделка создана.", f"Этот лид уже взят: {name}."}
        shown = current(tg, post)
        assert f"Взял(а) в работу: {name}" in shown.text and TAKE not in str(shown.buttons())
        [(label, url)] = shown.buttons()
        assert label == f"Открыть сделку №{claim.deal_id}"
        assert url == f"https://t.me/{tg.state.bot_user['username']}?start=deal_{claim.deal_id}"
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, f"/start deal_{claim.deal_id}")  # the deep link opens the card
        assert f"№{claim.deal_id}" in (await tg.wait_message(ANNA.id, after=seen)).text


async def test_one_person_tapping_twice_makes_one_crm_call(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await subscribe(tg, SALES)
        lead = await new_lead(app, name="Глеб", phone="79990001122")
        post = await wait_post(tg, SALES.id, lead)
        before = mark(app)
        data = post.button_data(TAKE)
        taps = [tg.press(ANNA, post, data), tg.press(ANNA, post, data)]
        said = [await answered(tg, tap) for tap in taps]
        assert paths_since(app, before).count("lead/start") == 1
        assert "Лид ваш: сделка создана." in said


async def test_an_unbound_presser_gets_an_alert_and_nothing_else(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await subscribe(tg, SALES)
        lead = await new_lead(app, name="Глеб", phone="79990001122")
        post = await wait_post(tg, SALES.id, lead)
        before = mark(app)
        said = await answered(tg, tg.press(STRANGER, post, post.button_data(TAKE)))
        assert "Нет доступа" in said
        assert tg.answered_callbacks[next(reversed(tg.answered_callbacks))]["show_alert"]
        assert "lead/start" not in paths_since(app, before)
        assert await app.store.claim_of(lead) is None
        assert current(tg, post).buttons()[0][0] == TAKE


async def test_a_lead_taken_in_the_crm_updates_its_post(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg) as app:
        await subscribe(tg, SALES)
        lead = await new_lead(app, name="Глеб", phone="79990001122")
        post = await wait_post(tg, SALES.id, lead)
        assert app.crm is not None
        await app.crm.take_lead(lead, as_employee=str(IVAN_EMPLOYEE.id))  # in the CRM's own UI

        async def shows_ivan() -> bool:
            return f"{IVAN_EMPLOYEE.name} {IVAN_EMPLOYEE.surname}" in current(tg, post).text

        await until(shows_ivan, "the post to show who took the lead")
        assert TAKE not in str(current(tg, post).buttons())


async def test_lead_in_a_team_group_answers_in_place(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg) as app:
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await subscribe(tg, SALES)
        target = seed.LEADS[0]
        for group, in_place in ((SALES, True), (OTHER_GROUP, False)):
            chat = tg.add_chat(group)
            seen = len(tg.sent(group.id))
            tg.send_text(ANNA, f"/lead {target.phone}", chat=chat)
            answer = await tg.wait_message(group.id, after=seen)
            assert (target.name in answer.text) is in_place, answer.text
            links = [url for _, url in answer.buttons() if url and "t.me/" in url]
            assert bool(links) is not in_place
            if in_place:  # its buttons act as whoever presses them
                card = answer
        assert app.crm is not None
        await bind_by_contact(tg, IVAN, IVAN_EMPLOYEE.phone)
        said = await answered(tg, tg.press(IVAN, card, card.button_data("Взять в работу")))
        assert said == "Лид взят в работу"
        lead = await app.crm.get_lead(str(target.id))
        assert lead.employee_key == str(IVAN_EMPLOYEE.id)


async def test_an_admin_sees_every_subscribed_group_in_private(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg):
        assert "ни одна группа" in (await say(tg, ADMIN1, "/subscriptions")).text
        assert "в самой группе" in (await say(tg, ADMIN1, "/subscribe")).text
        await subscribe(tg, SALES)
        answer = await subscribe(tg, CALLS)
        await _inbox_filter(tg, answer, seed.INBOX_TYPES[seed.INBOX_CALLBACK])
        listed = (await say(tg, ADMIN1, "/subscriptions")).text
        assert "Группы, получающие новые лиды: 2" in listed
        assert f"Продажи ({SALES.id}): Фильтры: воронка — любая; тип обращения — любая" in listed
        assert "тип обращения — Обратный звонок" in listed
        seen = len(tg.sent(SALES.id))
        tg.send_text(ADMIN1, "/subscriptions", chat=tg.add_chat(SALES))
        shown = await tg.wait_message(SALES.id, after=seen)
        assert "Эта группа получает новые лиды" in shown.text
