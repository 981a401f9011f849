"""Admins and operations: /requests, a request re-sent to the first admin who writes when
none could be reached, requests that expire, a warning when the bot has no admin, and one
bot process per database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.app import App
from bot.startup import StartupError
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN_IDS,
    STRANGER,
    bind_by_contact,
    know_admins,
    press,
    say,
)
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.test_access_requests import ask_for_access
from tests.fakes.telegram import FakeTelegram


async def asks(tg: FakeTelegram) -> None:
    """STRANGER shares an unknown number and presses 'Request access'."""
    await bind_by_contact(tg, STRANGER, "+7 999 000-00-00")
    offer = await tg.wait_message(STRANGER.id, after=1)
    await press(tg, STRANGER, offer, "Запросить доступ")


async def test_requests_lists_what_is_pending(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        assert (await say(tg, ADMIN1, "/requests")).text == "Запросов доступа, ждущих решения, нет."
        await ask_for_access(tg, STRANGER)
        seen = len(tg.sent(ADMIN1.id))
        tg.send_text(ADMIN1, "/requests")
        title = await tg.wait_message(ADMIN1.id, after=seen)
        card = await tg.wait_message(ADMIN1.id, after=seen + 1)
        assert title.text == "Запросов доступа ждёт решения: 1."
        assert "Запрос доступа" in card.text
        assert [b[0] for b in card.buttons()] == ["Одобрить как…", "Отклонить"]
        await press(tg, ADMIN1, card, "Отклонить")
        await tg.wait_idle()
        assert not await app.store.pending_requests()
        assert "❌ Отклонено. Решение: Админ Первый" in tg.sent(ADMIN1.id)[-1].text


async def test_an_unreached_request_goes_to_the_first_admin_who_writes(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    # the admins have never opened the bot: Telegram refuses to let it write to them
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))):
        await asks(tg)
        told = await tg.wait_message(STRANGER.id, after=2)
        assert told.text.startswith("Запрос сохранён, но ни одному администратору")
        seen = len(tg.sent(ADMIN1.id))
        tg.send_text(ADMIN1, "/start")
        await tg.wait_message(ADMIN1.id, after=seen + 1)  # the welcome: two messages
        card = await tg.wait_message(ADMIN1.id, after=seen + 2)
        assert card.text.startswith("Запрос доступа") and "Олег" in card.text
        await tg.wait_idle()
        again = len(tg.sent(ADMIN1.id))
        await say(tg, ADMIN1, "/help")
        await tg.wait_idle()
        assert len(tg.sent(ADMIN1.id)) == again + 1  # shown once, not on every message


async def test_a_request_expires_with_a_note(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS, request_ttl_hours=0.0005)
    async with running_bot(settings) as app:
        first, _ = await ask_for_access(tg, STRANGER)
        note = await tg.wait_message(STRANGER.id, after=3, timeout=10)
        assert note.text.startswith("Ваш запрос доступа истёк")
        await tg.wait_idle()
        shown = next(m for m in tg.sent(ADMIN1.id) if m.message_id == first.message_id)
        assert shown.text.endswith("⌛ Истёк: никто не ответил вовремя")
        assert shown.buttons() == []
        assert await app.store.audit_entries(action="access.expired")


async def test_no_admin_is_one_warning_at_start(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot"):
        async with running_bot(make_settings(tmp_path, tg.url)):
            pass
    warnings = [r.getMessage() for r in caplog.records if "no admin" in r.getMessage()]
    assert warnings == [
        "the bot has no admin: put your Telegram id in ADMIN_IDS and restart"
        " (send /whoami to the bot to see your id)"
    ]


async def test_a_second_process_on_the_database_refuses_to_start(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, tg.url)
    async with running_bot(settings) as first:
        second = App(settings)
        try:
            with pytest.raises(StartupError) as refused:
                await second.start()
        finally:
            await second.close()
        message = str(refused.value)
        assert message.startswith(f"another bot process ({first.lease_holder}) is using ")
        assert "\n" not in message and refused.value.exit_code == 1
        assert (await say(tg, STRANGER, "/help")).text.startswith("Команды")  # first goes on
    async with running_bot(settings):  # released at close: the next one may start
        pass
