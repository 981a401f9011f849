"""A dialog left unanswered for DIALOG_TTL_MINUTES is over: what is typed or pressed later
is not taken as its answer, and the user is told it expired. Time is moved on the bot's
one clock, not waited for."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.access_kit import ANNA, bind_by_contact, press, say
from tests.e2e.deals_kit import SUPPLY, calls_since, mark
from tests.e2e.harness import MovableClock, make_settings, running_bot
from tests.fakes.telegram import FakeTelegram

EXPIRED = (
    "⌛ Диалог закрыт: ответа не было дольше 30 мин, поэтому это не принято как его ответ."
    " Чтобы начать заново, откройте карточку или отправьте команду ещё раз."
)


async def test_a_dialog_whose_ttl_passed_does_not_take_text_and_says_it_expired(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    clock = MovableClock()
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        await tg.wait_message(ANNA.id, after=seen)
        since = mark(app)
        clock.advance(minutes=31)
        assert (await say(tg, ANNA, "Клиент согласен")).text == EXPIRED
        assert (await say(tg, ANNA, "Клиент согласен")).text.startswith("Не понял.")
        assert not [c for c in calls_since(app, since) if c.path == "deal/createComment"]
        assert await app.store.audit_entries(action="deal.comment") == []


async def test_a_dialog_answered_in_time_goes_on_and_its_buttons_expire_too(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    clock = MovableClock()
    settings = make_settings(tmp_path, tg.url, language="en", dialog_ttl_minutes=10)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        for typed in ("Igor", "+7 999 765-43-21", "-"):  # each answer within ten minutes
            clock.advance(minutes=9)
            await say(tg, ANNA, typed)
        clock.advance(minutes=9)
        summary = await say(tg, ANNA, "-")
        assert summary.text.startswith("New lead")
        clock.advance(minutes=11)
        expired = await press(tg, ANNA, summary, "Create")
        assert expired.startswith("⌛ The dialog has expired: there was no answer for over 10 min")
        assert await press(tg, ANNA, summary, "Create") == "This dialog is over."
        assert not [c for c in app.sandbox.calls if c.path in ("lead/set", "lead/workset")]


async def test_a_command_typed_after_the_ttl_runs_and_the_dialog_is_over(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    clock = MovableClock()
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        clock.advance(minutes=45)
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert card.text.startswith("Поставка оборудования · сделка №40052")
        assert (await say(tg, ANNA, "Игорь")).text.startswith("Не понял.")
