"""The whole bot on the embedded sandbox CRM, answering through a fake Bot API server."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import seed
from tests.e2e.groups_kit import until_true
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser

ALICE = FakeUser(id=1001, first_name="Алиса", username="alice", language_code="ru")


async def test_start_and_help_in_russian(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        tg.send_text(ALICE, "/start")
        welcome = await tg.wait_message(ALICE.id)
        assert "Алиса" in welcome.text
        assert welcome.parse_mode == "HTML"
        assert welcome.reply_buttons()[0]["request_contact"] is True
        ask = await tg.wait_message(ALICE.id, after=1)
        assert ask.buttons() and ask.buttons()[0][0] == "Запросить доступ"

        tg.send_text(ALICE, "/help")
        help_ = await tg.wait_message(ALICE.id, after=2)
        assert "/help — что умеет бот" in help_.text
        assert "/start — начать работу" in help_.text
        assert "/staff" not in help_.text  # admins' commands are not shown to others
        assert "получите доступ: /start" in help_.text

        tg.send_contact(ALICE, phone=f"+{seed.EMPLOYEES[0].phone}", contact_user_id=ALICE.id)
        await tg.wait_message(ALICE.id, after=3)
        tg.send_text(ALICE, "/start")
        greeting = await tg.wait_message(ALICE.id, after=4)
        assert seed.CRM_NAME in greeting.text

    assert (tmp_path / "heartbeat").exists(), "no heartbeat for the healthcheck"
    assert tg.commands, "the command menu was not set"
    menu = tg.commands[("default", "")]
    assert [c["command"] for c in menu] == [
        "lead",
        "deal",
        "tasks",
        "newlead",
        "alerts",
        "start",
        "help",
        "whoami",
        "cancel",
    ]
    assert any(call.method == "deleteWebhook" for call in tg.calls)


async def test_start_and_help_in_english(tg: FakeTelegram, tmp_path: Path) -> None:
    bob = FakeUser(id=1002, first_name="Bob <b>&", username="bob", language_code="en")
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        tg.send_text(bob, "/start")
        greeting = await tg.wait_message(bob.id)
        assert greeting.text.startswith("Hello, Bob <b>&!")  # shown literally, not as markup
        tg.send_text(bob, "/help")
        help_ = await tg.wait_message(bob.id, after=2)
        assert "/help — what the bot can do" in help_.text
    menu = tg.commands[("default", "")]
    assert {c["command"]: c["description"] for c in menu}["help"] == "what the bot can do"


async def test_restart_does_not_handle_an_update_twice(tg: FakeTelegram, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, tg.url)
    async with running_bot(settings):
        tg.send_text(ALICE, "/start")
        await tg.wait_message(ALICE.id)
    last_poll = [c for c in tg.calls if c.method == "getUpdates"][-1]
    assert int(last_poll.params["offset"]) > 0, "the handled update was not confirmed"

    async with running_bot(settings):
        tg.send_text(ALICE, "/help")
        await tg.wait_message(ALICE.id, after=2)
        await tg.wait_idle()
    texts = [m.text for m in tg.sent(ALICE.id)]
    assert len(texts) == 3, texts  # the welcome's two messages, then /help: /start not again


async def test_shutdown_lets_a_handler_in_flight_finish(tg: FakeTelegram, tmp_path: Path) -> None:
    """SIGTERM-like stop while a CRM call is under way: the user still gets the answer."""
    settings = make_settings(tmp_path, tg.url, crm_timeout=0.3)
    async with running_bot(settings) as app:
        assert app.sandbox is not None
        seen = len(tg.sent(ALICE.id))
        tg.send_contact(ALICE, phone="+79161110001", contact_user_id=ALICE.id)
        await tg.wait_message(ALICE.id, after=seen)
        app.sandbox.fail_next("lead/search", "timeout", times=3)
        tg.send_text(ALICE, "/lead +7 903 123-45-01")
        sandbox = app.sandbox
        await until_true(  # the handler is waiting on the CRM
            lambda: any(c.path == "lead/search" for c in sandbox.calls), "the lead search"
        )
        app.stop()
    assert tg.sent(ALICE.id)[-1].text == "CRM не ответила вовремя. Попробуйте ещё раз через минуту."
