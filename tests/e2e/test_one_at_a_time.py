"""One update at a time per user, and no double writes: double taps and quick messages do
one thing once; a write's outcome reaches the user even when the press cannot be answered;
a write cut off at shutdown is audited as unknown, with the store still open for it, and
its dialog is over after the restart."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.sandbox import seed
from bot.store import Store
from handlers.ui.callbacks import TaskWhen
from handlers.ui.form_callbacks import FormCreate
from tests.e2e.access_kit import ANNA, answered, bind_by_contact, current, press, say
from tests.e2e.groups_kit import until_true
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.test_tasks_dialog import open_task_dialog, task_writes
from tests.fakes.telegram import FakeTelegram

ORLOV = seed.LEADS[0]
FALLBACK = "Не понял. Что умеет бот — /help"


async def test_a_double_tap_on_create_makes_one_lead(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        for answer in ("Игорь", "+7 999 765-43-21", "-"):
            await say(tg, ANNA, answer)
        summary = await say(tg, ANNA, "-")
        app.sandbox.latency = 0.3
        data = summary.button_data("Создать")
        assert FormCreate.unpack(data).attempt  # the summary's own token
        first, second = tg.press(ANNA, summary, data), tg.press(ANNA, summary, data)
        await asyncio.gather(answered(tg, first), answered(tg, second))
        await tg.wait_call("sendMessage", lambda c: "✅ Лид" in str(c.params.get("text")))
        await tg.wait_idle()
        assert [c.path for c in app.sandbox.calls].count("lead/set") == 1
        assert len(await app.store.audit_entries(action="lead.create")) == 1


async def test_two_quick_messages_make_one_comment(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        await tg.wait_message(ANNA.id, after=seen)
        app.sandbox.latency = 0.3
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, "Перезвонить")
        tg.send_text(ANNA, "и ещё")
        saved = await tg.wait_message(ANNA.id, after=seen)
        other = await tg.wait_message(ANNA.id, after=seen + 1)
        assert saved.text.startswith("💬 Комментарий сохранён в CRM")
        assert other.text == FALLBACK  # the second one is an ordinary message
        assert [c.path for c in app.sandbox.calls].count("lead/log/create") == 1


async def test_a_double_tap_on_a_quick_time_sets_one_task(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.sandbox is not None
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await open_task_dialog(tg, ANNA, bound)
        when = await say(tg, ANNA, "Позвонить клиенту")
        app.sandbox.latency = 0.3
        data = TaskWhen(choice="tomorrow10").pack()
        first, second = tg.press(ANNA, when, data), tg.press(ANNA, when, data)
        await asyncio.gather(answered(tg, first), answered(tg, second))
        await tg.wait_call("sendMessage", lambda c: "Задача" in str(c.params.get("text")))
        await tg.wait_idle()
        assert len(task_writes(app)) == 1


@pytest.mark.parametrize(
    ("code", "description"),
    [(400, "Bad Request: query is too old and response timeout expired"), (429, None)],
)
async def test_a_write_is_shown_even_when_the_press_cannot_be_answered(
    tg: FakeTelegram, tmp_path: Path, code: int, description: str | None
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        tg.fail_next("answerCallbackQuery", code, description, retry_after=5, times=2)
        tg.press(ANNA, card, card.button_data("Взять в работу"))
        await tg.wait_call("editMessageText", timeout=10)
        assert "✅ Взят в работу" in current(tg, card).text


async def test_a_write_cut_off_at_shutdown_is_audited_as_unknown(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, tg.url, crm_deadline=60, crm_timeout=60)
    with caplog.at_level(logging.WARNING):
        async with running_bot(settings) as app:
            assert app.sandbox is not None
            app.drain_seconds = 0.3
            await bind_by_contact(tg, ANNA, "+79161110001")
            card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
            seen = len(tg.sent(ANNA.id))
            await press(tg, ANNA, card, "Комментарий")
            await tg.wait_message(ANNA.id, after=seen)
            app.sandbox.fail_next("lead/log/create", "timeout")
            tg.send_text(ANNA, "Перезвонить")
            sandbox = app.sandbox
            await until_true(  # the write is on its way
                lambda: any(c.path == "lead/log/create" for c in sandbox.calls), "the write"
            )
    [entry] = await reopened_audit(tmp_path)
    assert entry == ("lead.comment", "unknown")
    assert not [r for r in caplog.records if "StoreClosed" in r.getMessage() or r.exc_info]
    async with running_bot(settings) as app:  # the comment dialog ended with the write
        assert (await say(tg, ANNA, "Перезвонить")).text == FALLBACK
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path == "lead/log/create"]


async def reopened_audit(tmp_path: Path) -> list[tuple[str, str]]:

    async with Store(tmp_path / "bot.sqlite3") as store:
        entries = await store.audit_entries(action="lead.comment")
    return [(e.action, e.result) for e in entries]
