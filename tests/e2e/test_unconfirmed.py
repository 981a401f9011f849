"""A write the CRM did not confirm (no answer in time after the request left, or an
unreadable answer) ends its dialog: audited 'unknown', the user told to check in the CRM,
and text typed later never taken as the dialog's answer."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import seed
from tests.e2e.access_kit import ANNA, bind_by_contact, press, say
from tests.e2e.deals_kit import SUPPLY, calls_since, mark
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram

ORLOV = seed.LEADS[0]
UNCONFIRMED_DIALOG = (
    "⚠️ CRM не подтвердила изменение: неизвестно, сохранилось ли оно. Чтобы ничего не"
    " записалось дважды, диалог закрыт. Проверьте в CRM (карточку и её историю), прежде чем"
    " повторять."
)


async def test_a_comment_dialog_after_a_timeout_does_not_take_later_text(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, crm_deadline=2)) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        await tg.wait_message(ANNA.id, after=seen)
        since = mark(app)
        app.sandbox.fail_next("deal/createComment", "timeout")  # sent, never answered
        told = await say(tg, ANNA, "Клиент согласен")
        assert told.text == UNCONFIRMED_DIALOG
        [audit] = await app.store.audit_entries(action="deal.comment")
        assert (audit.actor_tg_id, audit.result) == (ANNA.id, "unknown")
        again = await say(tg, ANNA, "Клиент согласен")  # typed again: not a comment now
        assert again.text.startswith("Не понял.")
        writes = [c for c in calls_since(app, since) if c.path == "deal/createComment"]
        assert len(writes) == 1
        assert len(await app.store.audit_entries(action="deal.comment")) == 1


async def test_an_unreadable_answer_to_a_lead_comment_ends_its_dialog(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Comment")
        await tg.wait_message(ANNA.id, after=seen)
        since = mark(app)
        app.sandbox.fail_next("lead/log/create", "bad_json")  # an error page, as HTTP 200
        told = await say(tg, ANNA, "Call back on Monday")
        assert told.text.startswith("⚠️ The CRM did not confirm the change")
        assert "the dialog is closed. Check in the CRM (the card and its History)" in told.text
        assert "try again" not in told.text
        [audit] = await app.store.audit_entries(action="lead.comment")
        assert audit.result == "unknown"
        again = await say(tg, ANNA, "Call back on Monday")
        assert not again.text.startswith("💬")
        writes = [c for c in calls_since(app, since) if c.path == "lead/log/create"]
        assert len(writes) == 1
