"""/lead: find untaken leads, take into work (once), comment, assign; deep link."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.sandbox import seed
from handlers.ui.callbacks import LeadTake
from tests.e2e.access_kit import ANNA, IVAN, answered, bind_by_contact, current, press, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage

ORLOV = seed.LEADS[0]  # Сергей Орлов, 79031234501, orlov@example.ru, «Хочу узнать цены»


async def lead_card(tg: FakeTelegram, user: FakeUser, query: str) -> SentMessage:
    """Send /lead with a phone; return the card, the one message that answers it."""
    seen = len(tg.sent(user.id))
    tg.send_text(user, f"/lead {query}")
    return await tg.wait_message(user.id, after=seen)


async def test_a_phone_in_three_forms_finds_the_same_lead(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        for typed in ("+7 (903) 123-45-01", "8 903 123 45 01", "79031234501"):
            seen = len(tg.sent(ANNA.id))
            tg.send_text(ANNA, f"/lead {typed}")
            card = await tg.wait_message(ANNA.id, after=seen)  # one message: the card
            assert card.text.startswith(f"Сергей Орлов · лид №{ORLOV.id}")
            for line in (
                "Телефон: +7 903 123-45-01",
                "E-mail: orlov@example.ru",
                "Этап: Новая",
                "Источник: Заявка с сайта",
                "Комментарий: Хочу узнать цены",
                "Создан: ",
            ):
                assert line in card.text, line
            assert [b[0] for b in card.buttons()] == [
                "Взять в работу",
                "Комментарий",
                "Назначить…",
                "История",
            ]
        assert app.sandbox is not None
        before = len(app.sandbox.calls)
        await lead_card(tg, ANNA, "89031234501")
        # lead/search answers without the lead's name: one lead/get completes the card
        assert [c.path for c in app.sandbox.calls[before:]] == ["lead/search", "lead/get"]


async def test_email_bad_input_and_deals_instead(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        await bind_by_contact(tg, ANNA, "+79161110001")
        by_mail = await say(tg, ANNA, "/lead Vasilieva@Example.RU")
        assert by_mail.text.startswith("Ольга Васильева · lead #979191")
        hint = await say(tg, ANNA, "/lead hello there")
        assert hint.text.startswith("Send the lead's phone or e-mail")
        asked = await say(tg, ANNA, "/lead")  # as tapped in the menu: asks, and waits
        assert asked.text == "Send the lead's phone or e-mail and I will find it. Leave: /cancel"
        assert (await say(tg, ANNA, "hello")).text.startswith("Send the lead's phone or e-mail")
        by_answer = await say(tg, ANNA, "orlov@example.ru")
        assert by_answer.text.startswith("Сергей Орлов · lead #979190")

        offer = await say(tg, ANNA, "/lead +7 926 555-00-02")  # ООО «Вектор»: a client, no lead
        assert offer.text.startswith(
            "The number reads as +7 926 555-00-02.\nNo untaken leads with these contacts."
            " There are deals"
        )
        assert offer.buttons()[0][0].startswith("Deal #40053")

        nothing = await say(tg, ANNA, "/lead +7 999 111-22-33")
        assert nothing.text == (
            "The number reads as +7 999 111-22-33.\n"
            "No untaken leads with these contacts, and no deals with them either."
        )


async def test_markup_in_a_lead_name_is_shown_literally(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, seed.HTML_LEAD.phone)
        assert card.text.startswith("Тест <b>& · лид №979192")
        assert "<b>Тест &lt;b&gt;&amp;</b>" in card.source


async def test_take_into_work_updates_the_card(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, ORLOV.phone)
        assert app.sandbox is not None
        since = len(app.sandbox.calls)
        assert await press(tg, ANNA, card, "Взять в работу") == "Лид взят в работу"
        await tg.wait_idle()
        calls = app.sandbox.calls[since:]
        # the lead read afresh while its client's deals are looked up by the contacts its card
        # showed (both at once: tests/test_lead_contacts.py); then the write and the new card
        assert sorted(c.path for c in calls[:2]) == ["deal/search", "lead/get"]
        assert [c.path for c in calls[2:]] == ["lead/start", "lead/get"]
        [search] = [c for c in calls if c.path == "deal/search"]
        assert search.params == {"phone": ORLOV.phone, "email": ORLOV.email}
        taken = current(tg, card)
        assert taken.text.startswith(f"Сергей Орлов · лид №{ORLOV.id}")
        assert "✅ Взят в работу: создана сделка №" in taken.text
        assert "Этап: Новый клиент" in taken.text  # the card read afresh, not «Новая» any more
        assert [b[0] for b in taken.buttons()] == ["Открыть сделку"]
        assert app.sandbox is not None
        [start] = [c for c in app.sandbox.calls if c.path == "lead/start"]
        assert start.employee_id == "182"  # the presser's own employee
        [entry] = await app.store.audit_entries(action="lead.take")
        assert entry.actor_tg_id == ANNA.id and entry.result == "ok"


async def test_a_lead_whose_contacts_changed_since_its_card_is_checked_by_the_new_ones(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    kozlov = seed.LEAD_OF_EXISTING_CLIENT  # his client has the open deal 40052
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, ORLOV.phone)
        assert app.sandbox is not None
        # someone puts Kozlov's phone on Orlov's lead in the CRM after the card was shown
        await app.sandbox.edit_lead(str(ORLOV.id), phone=kozlov.phone, email="")
        since = len(app.sandbox.calls)
        await press(tg, ANNA, card, "Взять в работу")
        await tg.wait_idle()
        warned = current(tg, card)
        assert "⚠️ У этого клиента уже есть открытые сделки (1)" in warned.text
        assert "Телефон: +7 926 555-00-01" in warned.text  # the card as the CRM has it now
        assert next(label for label, _ in warned.buttons()) == "Сделка №40052 Андрей Козлов"
        searches = [c.params for c in app.sandbox.calls[since:] if c.path == "deal/search"]
        assert searches == [
            {"phone": ORLOV.phone, "email": ORLOV.email},  # what the card showed
            {"phone": kozlov.phone},  # what the lead has now
        ]
        assert not [c for c in app.sandbox.calls[since:] if c.path == "lead/start"]


async def test_two_people_take_the_same_lead_at_once(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        await bind_by_contact(tg, IVAN, "+79161110002")
        anna_card = await lead_card(tg, ANNA, ORLOV.phone)
        ivan_card = await lead_card(tg, IVAN, ORLOV.phone)
        data = LeadTake(lead=str(ORLOV.id)).pack()
        answers = await asyncio.gather(
            answered(tg, tg.press(ANNA, anna_card, data)),
            answered(tg, tg.press(IVAN, ivan_card, data)),
        )
        winner = "Анна Смирнова" if answers[0] == "Лид взят в работу" else "Иван Петров"
        # the CRM's lead names its new responsible: the loser is told who was first
        said = f"Этот лид уже взят в работу: {winner}."
        assert sorted(answers) == ["Лид взят в работу", said]
        await tg.wait_idle()
        loser = ivan_card if answers[0] == "Лид взят в работу" else anna_card
        assert current(tg, loser).text.endswith(said)
        assert "Взять в работу" not in [label for label, _ in current(tg, loser).buttons()]
        results = sorted(e.result for e in await app.store.audit_entries(action="lead.take"))
        assert results == ["error:AlreadyTaken", "ok"]


async def test_comment_on_a_lead(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, ORLOV.phone)
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        ask = await tg.wait_message(ANNA.id, after=seen)
        assert ask.text.startswith(f"Напишите комментарий к лиду №{ORLOV.id}")
        too_long = await say(tg, ANNA, "я" * 2001)
        assert too_long.text.startswith("Слишком длинно: 2001 символов, можно до 2000.")
        saved = await say(tg, ANNA, "Перезвонить <завтра> & уточнить")
        assert saved.text.startswith("💬 Комментарий сохранён в CRM")
        assert saved.text.endswith("Перезвонить <завтра> & уточнить")
        assert app.sandbox is not None
        [create] = [c for c in app.sandbox.calls if c.path == "lead/log/create"]
        assert create.employee_id == "182" and create.params["type_id"] == 10
        after = await say(tg, ANNA, "ещё текст")  # the dialog is over
        assert after.text.startswith("Не понял")


async def test_cancel_leaves_the_comment_dialog(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, ORLOV.phone)
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Comment")
        await tg.wait_message(ANNA.id, after=seen)
        assert (await say(tg, ANNA, "/cancel")).text == "Cancelled."
        assert (await say(tg, ANNA, "some text")).text.startswith("I did not understand")
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path == "lead/log/create"]


async def test_assign_a_lead(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, ORLOV.phone)
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Назначить…")  # the employees, on the card itself
        await tg.wait_idle()
        assert len(tg.sent(ANNA.id)) == seen
        picker = current(tg, card)
        assert picker.buttons()[-1][0] == "« К лиду"
        await press(tg, ANNA, picker, "Иван Петров")
        await tg.wait_idle()
        redrawn = current(tg, card)  # read afresh: the new responsible on the card
        assert "Ответственный: Иван Петров" in redrawn.text
        assert "Назначить…" in [label for label, _ in redrawn.buttons()]
        assert app.sandbox is not None
        [update] = [c for c in app.sandbox.calls if c.path == "lead/update_employee"]
        assert update.params["employee_id"] == 183
        assert (await app.store.audit_entries(action="lead.assign"))[0].result == "ok"


async def test_lead_deep_link_opens_the_card(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/start lead_{ORLOV.id}")
        assert card.text.startswith(f"Сергей Орлов · лид №{ORLOV.id}")
        stranger = FakeUser(id=4444, first_name="Чужой")
        refused = await say(tg, stranger, f"/start lead_{ORLOV.id}")
        assert refused.text.startswith("Нет доступа.")


async def test_crm_timeout_is_one_sentence_and_the_bot_goes_on(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, crm_timeout=0.3)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        assert app.sandbox is not None
        app.sandbox.fail_next("lead/search", "timeout", times=3)  # every retry of the read
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, f"/lead {ORLOV.phone}")
        reply = await tg.wait_message(ANNA.id, after=seen, timeout=15)
        assert reply.text == "CRM не ответила вовремя. Попробуйте ещё раз через минуту."
        card = await lead_card(tg, ANNA, ORLOV.phone)
        assert card.text.startswith("Сергей Орлов")


async def test_a_slow_crm_shows_typing(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        assert app.sandbox is not None
        app.sandbox.latency = 0.3  # two calls: well past the 0.4 s before "typing" shows
        await lead_card(tg, ANNA, ORLOV.phone)
        assert (ANNA.id, "typing") in tg.chat_actions
        app.sandbox.latency = 0.0
        tg.chat_actions.clear()
        await lead_card(tg, ANNA, ORLOV.phone)
        assert tg.chat_actions == []  # a quick answer needs no "typing"


async def test_deal_deep_link_opens_the_card(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, "/start deal_40052")
        assert "Поставка оборудования" in card.text
        assert "Андрей Козлов" in card.text
        missing = await say(tg, ANNA, "/start deal_999999")
        assert missing.text == "Not found: the CRM has no such record."
        stranger = FakeUser(id=4444, first_name="Stranger")
        refused = await say(tg, stranger, "/start deal_40052")
        assert refused.text.startswith("No access.")


async def test_taking_a_lead_of_a_client_with_an_open_deal_shows_it_first(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    kozlov = seed.LEAD_OF_EXISTING_CLIENT  # his client has the open deal 40052 (and a won one)
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await lead_card(tg, ANNA, kozlov.phone)
        await press(tg, ANNA, card, "Взять в работу")
        await tg.wait_idle()
        warned = current(tg, card)
        assert "⚠️ У этого клиента уже есть открытые сделки (1)" in warned.text
        labels = [label for label, _ in warned.buttons()]
        assert labels == [
            "Сделка №40052 Андрей Козлов",
            "Всё равно взять в работу",
            "« К лиду",
        ]
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path == "lead/start"]  # nothing taken yet

        await press(tg, ANNA, warned, "Всё равно взять в работу")
        await tg.wait_idle()
        taken = current(tg, card)
        assert "✅ Взят в работу: создана сделка №" in taken.text
        assert "Этап: Существующий клиент" in taken.text  # read afresh, not «Новая»
        assert "Ответственный: Анна Смирнова" in taken.text
        assert len([c for c in app.sandbox.calls if c.path == "lead/start"]) == 1
