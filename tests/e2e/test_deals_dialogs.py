"""The card's Comment, Tags and History buttons: dialogs with limits and /cancel, paging."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import seed
from tests.e2e.access_kit import ANNA, bind_by_contact, current, press, say
from tests.e2e.deals_kit import CONTRACT, SUPPLY, calls_since, mark, paths_since
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage


async def send_sticker(tg: FakeTelegram, user: FakeUser) -> SentMessage:
    """The user sends a sticker (no text); returns the bot's next message."""
    seen = len(tg.sent(user.id))
    sticker = {"file_id": "CAAD", "file_unique_id": "u1", "type": "regular", "is_animated": False}
    tg._user_message(
        user, None, None, extra={"sticker": sticker | {"is_video": False, "width": 1, "height": 1}}
    )
    return await tg.wait_message(user.id, after=seen)


async def ask(tg: FakeTelegram, user: FakeUser, card: SentMessage, label: str) -> SentMessage:
    """Press a card button that starts a dialog; return the bot's question."""
    seen = len(tg.sent(user.id))
    await press(tg, user, card, label)
    return await tg.wait_message(user.id, after=seen)


async def test_comment_dialog_limits_cancel_and_store(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        question = await ask(tg, ANNA, card, "Комментарий")
        assert question.text == (
            f"Напишите комментарий к сделке №{SUPPLY.id} одним сообщением (до 2000 символов)."
            " Выйти — /cancel"
        )
        too_long = await say(tg, ANNA, "я" * 2001)
        assert too_long.text.startswith("Слишком длинно: 2001 символов, можно до 2000.")
        assert (await send_sticker(tg, ANNA)).text.startswith("Нужен текст одним сообщением.")
        assert (await say(tg, ANNA, "/cancel")).text == "Отменено."
        assert (await say(tg, ANNA, "просто текст")).text.startswith("Не понял.")
        assert await app.store.audit_entries(action="deal.comment") == []

        await ask(tg, ANNA, card, "Комментарий")
        since = mark(app)
        saved = await say(tg, ANNA, "  Клиент <согласен> & ждёт счёт  ")
        # Envybox records a comment made through its API as the key's owner: the text names
        # the presser, and neither the confirmation nor the card claims another author
        assert saved.text.startswith(f"💬 Комментарий к сделке №{SUPPLY.id} сохранён в CRM (")
        assert saved.text.endswith("):\n[Анна Смирнова] Клиент <согласен> & ждёт счёт")
        # one write; the card it came from is read at the same time, not after it (its
        # last comment is the one just written, so the deal's log is not read)
        assert paths_since(app, since) == ["client/get", "deal/createComment", "deal/getTask"]
        [write] = [c for c in calls_since(app, since) if c.path == "deal/createComment"]
        assert write.employee_id == "182"
        assert write.params["comment"] == "[Анна Смирнова] Клиент <согласен> & ждёт счёт"
        [audit] = await app.store.audit_entries(action="deal.comment")
        assert (audit.actor_tg_id, audit.result) == (ANNA.id, "ok")
        assert (await say(tg, ANNA, "ещё текст")).text.startswith("Не понял.")  # dialog over
        await tg.wait_idle()  # the card the comment was made from shows it now
        assert current(tg, card).text.endswith("[Анна Смирнова] Клиент <согласен> & ждёт счёт")

        reopened = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert "Последний комментарий (Администратор, " in reopened.text
        assert reopened.text.endswith("[Анна Смирнова] Клиент <согласен> & ждёт счёт")


async def test_a_card_that_cannot_be_read_does_not_undo_the_comment(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    """The card is read while the comment is written: a failed read leaves the card as it
    was and the comment stored; a failed write stores nothing and says so."""
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        before = current(tg, card).text
        await ask(tg, ANNA, card, "Комментарий")
        app.sandbox.fail_next("client/get", "bad_json", times=5)
        saved = await say(tg, ANNA, "Счёт отправлен")
        assert saved.text.startswith(f"💬 Комментарий к сделке №{SUPPLY.id} сохранён в CRM (")
        await tg.wait_idle()
        assert current(tg, card).text == before
        assert tg.sent(ANNA.id)[-1].text == saved.text  # no error after the confirmation
        app.sandbox.clear_faults()

        await ask(tg, ANNA, card, "Комментарий")
        since = mark(app)
        app.sandbox.fail_next("deal/createComment", "http_502")
        failed = await say(tg, ANNA, "Второй комментарий")
        assert "сохранён" not in failed.text
        await tg.wait_idle()
        assert current(tg, card).text == before
        assert [c.path for c in calls_since(app, since)].count("deal/createComment") == 1
        reopened = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert reopened.text.endswith("[Анна Смирнова] Счёт отправлен")


async def test_tags_dialog_in_english(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {CONTRACT.id}")
        question = await ask(tg, ANNA, card, "Tags")
        assert question.text.startswith(f"Send tags for deal #{CONTRACT.id}, separated by commas")
        bad = await say(tg, ANNA, " , ,")
        assert bad.text.startswith("Tags separated by commas are needed: 1 to 10")
        long_tag = await say(tg, ANNA, "ok, " + "x" * 51)
        assert long_tag.text == bad.text
        since = mark(app)
        saved = await say(tg, ANNA, "VIP,  wholesale , vip, <b>")
        assert saved.text == f"🏷 Tags added to deal #{CONTRACT.id}: VIP, wholesale, <b>"
        [write] = calls_since(app, since)
        assert write.path == "deal/tag/addDealTags"
        assert write.params["tags"] == ["VIP", "wholesale", "<b>"]
        [audit] = await app.store.audit_entries(action="deal.tags")
        assert (audit.detail, audit.result) == ({"tags": ["VIP", "wholesale", "<b>"]}, "ok")
        assert (await say(tg, ANNA, "/cancel")).text == "Nothing to cancel."


async def test_history_pages_in_place(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        for n in range(1, 11):  # with the seeded comment: 11 entries, two pages of 8
            await app.crm.comment_deal(str(SUPPLY.id), f"Запись {n}", as_employee="183")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert card.text.endswith("Запись 10")

        seen = len(tg.sent(ANNA.id))
        since = mark(app)
        await press(tg, ANNA, card, "История")
        first = await tg.wait_message(ANNA.id, after=seen)
        assert paths_since(app, since) == ["deal/log/list"]
        assert first.text.startswith(f"История сделки №{SUPPLY.id} · записи 1–8 из 11\n\n")
        assert "Иван Петров\nКлиент просил коммерческое предложение до пятницы" in first.text
        assert "Запись 7" in first.text and "Запись 8" not in first.text
        assert [label for label, _ in first.buttons()] == ["▶"]

        await press(tg, ANNA, first, "▶")
        second = current(tg, first)
        assert second.edited
        assert second.text.startswith(f"История сделки №{SUPPLY.id} · записи 9–11 из 11")
        assert "Запись 10" in second.text and "Запись 7" not in second.text
        assert [label for label, _ in second.buttons()] == ["◀"]
        await press(tg, ANNA, second, "◀")
        assert current(tg, first).text == first.text
        assert len(tg.sent(ANNA.id)) == seen + 1  # paging edits, never sends


async def test_history_of_a_deal_without_entries(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        await bind_by_contact(tg, ANNA, "+79161110001")
        deal = seed.DEALS[2]
        card = await say(tg, ANNA, f"/deal {deal.id}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "History")
        empty = await tg.wait_message(ANNA.id, after=seen)
        assert empty.text == f"Nothing in the history of deal #{deal.id} yet."
