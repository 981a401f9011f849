"""A store that cannot write while the bot works: a post Telegram accepted is never sent
again, the notifier pauses and says why, resumes by itself, and a user whose action could
not be saved is told so at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.app import App
from tests.e2e.access_kit import ADMIN1, ANNA, ANNA_EMPLOYEE, bind_by_contact, press, say
from tests.e2e.deals_kit import SUPPLY, calls_since, mark
from tests.e2e.groups_kit import SALES, new_lead, posts_of, subscribe, team_bot, until, wait_post
from tests.fakes.telegram import FakeTelegram

NOT_SAVED = "ничего не сохранено"
BUSY = 0.2  # seconds the bot's store waits for a lock another process holds


@contextmanager
def locked(database: Path) -> Iterator[None]:
    """Another process holds the database's write lock (far past the busy timeout)."""
    other = sqlite3.connect(database, isolation_level=None, timeout=5)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def _marks(app: App):  # type: ignore[no-untyped-def]
    assert app.notifier is not None
    return app.notifier.sender.marks


async def test_a_post_accepted_while_the_store_cannot_write_is_sent_once(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg, busy_timeout=BUSY) as app:
        await subscribe(tg, SALES)
        hold = tg.hold_next("sendMessage", chat_id=SALES.id)
        first = await new_lead(app, name="Первый", phone="79990004001")
        await hold.wait_arrived()  # the post is on its way to Telegram
        with locked(app.settings.database_path):
            hold.release()  # Telegram accepts it; marking it sent fails

            async def failed_thrice() -> bool:
                return _marks(app).failures >= 3

            await until(failed_thrice, "three failed tries to mark the post sent")
            assert _marks(app).paused and _marks(app).waiting == 1
            second = await new_lead(app, name="Второй", phone="79990004002")
            report = (await say(tg, ADMIN1, "/status")).text
            assert "База данных бота не записывает" in report
            assert len(posts_of(tg, SALES.id, first)) == 1  # not sent again, round after round
        await wait_post(tg, SALES.id, second)  # resumed by itself: what waited goes out

        async def settled() -> bool:
            return not _marks(app).paused

        await until(settled, "the sends to resume")
        assert len(posts_of(tg, SALES.id, first)) == 1
        assert len(posts_of(tg, SALES.id, second)) == 1
        assert await app.store.lead_posts(first)  # marked sent, with its message
        assert "База данных бота не записывает" not in (await say(tg, ADMIN1, "/status")).text


async def test_a_user_whose_action_cannot_be_saved_is_told_nothing_was_saved(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg, busy_timeout=BUSY) as app:
        await bind_by_contact(tg, ANNA, "+" + ANNA_EMPLOYEE.phone)
        menu = await say(tg, ANNA, "/alerts")
        label, data = next((t, d) for t, d in menu.buttons() if t.startswith("Выключить"))
        seen = len(tg.sent(ANNA.id))
        with locked(app.settings.database_path):
            query = tg.press(ANNA, menu, data)

            async def told() -> bool:
                answer = tg.answered_callbacks.get(query, {}).get("text") or ""
                later = [m.text for m in tg.sent(ANNA.id)[seen:]]
                return any(NOT_SAVED in text for text in [answer, *later])

            await until(told, "the answer that nothing was saved")
        assert await app.store.alerts_off(ANNA.id) == set()  # nothing changed
        assert label in [t for t, _ in (await say(tg, ANNA, "/alerts")).buttons()]


async def test_a_crm_write_made_while_the_store_cannot_write_is_not_denied(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg, busy_timeout=BUSY) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+" + ANNA_EMPLOYEE.phone)
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        await tg.wait_message(ANNA.id, after=seen)
        since = mark(app)
        with locked(app.settings.database_path):
            seen = len(tg.sent(ANNA.id))
            tg.send_text(ANNA, "Клиент согласен на поставку")
            answer = await tg.wait_message(ANNA.id, after=seen)
        assert [c.path for c in calls_since(app, since)].count("deal/createComment") == 1
        assert NOT_SAVED not in answer.text
        assert answer.text.startswith("⚠️ В CRM всё сделано")
