"""Answers in bounded time: a CRM that hangs gets "not answering" within CRM_DEADLINE, a
press is answered at once and its late outcome still reaches the user, the gate never waits
on the CRM, and start-up rides out passing Telegram errors."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from handlers.middlewares.presses import EARLY
from tests.e2e.access_kit import ANNA, ANNA_EMPLOYEE, bind_by_contact, current, say
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.sentences import UNCONFIRMED
from tests.fakes.telegram import FakeTelegram

ORLOV, VASILIEVA = seed.LEADS[0], seed.LEADS[1]
NO_ANSWER = "CRM не ответила вовремя. Попробуйте ещё раз через минуту."


async def test_a_hanging_crm_is_answered_within_the_deadline(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, tg.url, crm_deadline=3, crm_timeout=10)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        app.sandbox.fail_next("lead/search", "timeout", times=5)
        seen = len(tg.sent(ANNA.id))
        started = time.monotonic()
        tg.send_text(ANNA, f"/lead {ORLOV.phone}")
        reply = await tg.wait_message(ANNA.id, after=seen, timeout=3.0)
        took = time.monotonic() - started
        assert reply.text == NO_ANSWER
        assert took < 3.0
        # one try: a retry could not have finished within the deadline, so none was started
        assert [c.path for c in app.sandbox.calls].count("lead/search") == 1


async def test_a_press_is_answered_before_the_crm_and_the_outcome_follows(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url), press_early=EARLY) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        app.sandbox.latency = 1.5
        query = tg.press(ANNA, card, card.button_data("Взять в работу"))
        answer = await tg.wait_call(
            "answerCallbackQuery", lambda c: c.params.get("callback_query_id") == query
        )
        assert "text" not in answer.params  # answered at once, before the CRM could say
        assert not [c for c in app.sandbox.calls if c.path == "lead/start" and c.status]
        await tg.wait_call("editMessageText", timeout=10)
        assert "✅ Взят в работу" in current(tg, card).text  # the outcome, on the card

        other = await say(tg, ANNA, f"/lead {VASILIEVA.phone}")
        app.sandbox.fail_next("lead/start", "http_502")
        seen = len(tg.sent(ANNA.id))
        tg.press(ANNA, other, other.button_data("Взять в работу"))
        late = await tg.wait_message(ANNA.id, after=seen, timeout=10)
        assert late.text == UNCONFIRMED  # a 502 to a write: the lead may have been taken
        assert len(tg.calls_of("answerCallbackQuery")) == 2  # each press answered once


async def test_the_gate_never_waits_on_a_crm_that_is_down(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.fail_next("main/data", "timeout", times=50)  # hangs from the start
    settings = make_settings(
        tmp_path,
        tg.url,
        crm_kind="envybox",
        crm_url=sandbox.url,
        crm_api_key=SANDBOX_API_KEY,
        crm_timeout=0.3,
        crm_deadline=2,
    )
    async with running_bot(settings) as app:
        await app.store.bind(ANNA.id, str(ANNA_EMPLOYEE.id), "Anna S")
        for command, starts in (
            ("/help", "<b>Команды</b>"),
            ("/whoami", "Ваш Telegram id"),
            ("/cancel", "Отменять нечего"),
        ):
            seen = len(tg.sent(ANNA.id))
            tg.send_text(ANNA, command)
            reply = await tg.wait_message(ANNA.id, after=seen, timeout=1.0)
            assert reply.source.startswith(starts), command
        reply = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        assert reply.text == NO_ANSWER


async def test_start_up_rides_out_passing_telegram_errors(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tg.fail_next("getMe", 429, retry_after=1)
    tg.fail_next("deleteWebhook", 502)
    tg.fail_next("setMyCommands", 502, times=2)
    with caplog.at_level(logging.WARNING, logger="bot"):
        async with running_bot(make_settings(tmp_path, tg.url)):
            assert (await say(tg, ANNA, "/help")).text.startswith("Команды")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot"]
    assert "Telegram did not answer getMe (429 Too Many Requests); trying again in 1 s" in lines
    assert any(line.startswith("Telegram did not answer deleteWebhook") for line in lines)
    assert not [r for r in caplog.records if r.exc_info]  # logged, no traceback
    assert tg.commands[("default", "")]  # the menu was set in the end
