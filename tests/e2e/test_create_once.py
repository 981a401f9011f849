"""A form's Create writes once: pressed again after the CRM did not confirm it, tapped twice
while the first write is under way, or pressed after a restart, it writes nothing and says
what became of the first press."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.store import Store
from handlers.middlewares.presses import EARLY
from handlers.ui.form_callbacks import FormCreate
from tests.e2e.access_kit import (
    ANNA,
    answered,
    bind_by_contact,
    current,
    press,
    press_data,
    say,
)
from tests.e2e.fivecrm_kit import answer, company_summary, settings_for
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.sentences import UNCONFIRMED_DIALOG
from tests.fakes.fivecrm import FiveCrmServer
from tests.fakes.telegram import FakeTelegram, SentMessage

FIRST_UNKNOWN = (
    "⚠️ CRM не подтвердила первое нажатие: неизвестно, записалось ли оно. Второй раз ничего"
    " не отправлено — проверьте в CRM, прежде чем создавать заново."
)


async def lead_summary(tg: FakeTelegram) -> SentMessage:
    await say(tg, ANNA, "/newlead")
    for typed in ("Игорь", "+7 999 765-43-21", "-"):
        await say(tg, ANNA, typed)
    return await say(tg, ANNA, "-")


async def test_create_pressed_again_after_an_unknown_outcome_writes_once(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, tg, five)
    async with running_bot(settings) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        summary = await company_summary(tg)
        # 5CRM stores the company, and its answer is lost in an error page
        five.fail("public/company/add", 200, "<html>Server Error</html>", stored=True)
        told = await answer(tg, summary, "Создать")
        assert told.text == UNCONFIRMED_DIALOG
        assert await press(tg, ANNA, summary, "Создать") == FIRST_UNKNOWN
        assert len(five.sent("public/company/add")) == 1
        [audit] = await app.store.audit_entries(action="company.create")
        assert audit.result == "unknown"
    async with running_bot(settings):  # after a restart, the same
        assert await press(tg, ANNA, summary, "Создать") == FIRST_UNKNOWN
    writes = [c for c in five.calls if c.path == "public/company/add"]
    assert len(writes) == 1 and len(five.sent("public/company/add")) == 1


async def test_a_double_tap_of_create_while_the_crm_is_slow_writes_once(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    # the bot's own EARLY: each press is answered at once, its outcome comes as a message
    async with running_bot(make_settings(tmp_path, tg.url), press_early=EARLY) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        summary = await lead_summary(tg)
        app.sandbox.latency = 0.5
        app.sandbox.fail_next("lead/set", "bad_json")  # an error page, as HTTP 200
        seen = len(tg.sent(ANNA.id))
        data = summary.button_data("Создать")
        first, second = tg.press(ANNA, summary, data), tg.press(ANNA, summary, data)
        await asyncio.gather(answered(tg, first), answered(tg, second))
        told = [await tg.wait_message(ANNA.id, after=seen + n) for n in range(2)]
        assert [m.text for m in told] == [UNCONFIRMED_DIALOG, FIRST_UNKNOWN]
        await tg.wait_idle()
        paths = [c.path for c in app.sandbox.calls]
        assert paths.count("lead/set") == 1 and "lead/workset" not in paths
        [audit] = await app.store.audit_entries(action="lead.create")
        assert audit.result == "unknown"


async def test_a_create_left_under_way_by_a_stopped_bot_is_not_made_again(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    """The bot was killed while it wrote: the press is recorded, its outcome never was.
    Pressed again after the restart, it is told as unknown, not written."""
    settings = make_settings(tmp_path, tg.url)
    async with running_bot(settings):
        await bind_by_contact(tg, ANNA, "+79161110001")
        summary = await lead_summary(tg)
    token = FormCreate.unpack(summary.button_data("Создать")).attempt
    async with Store(settings.database_path) as store:  # what the killed process left
        assert await store.claim_attempt(ANNA.id, token, "lead.create") is None
    async with running_bot(settings) as app:
        assert (await answer(tg, summary, "Создать")).text == FIRST_UNKNOWN
        assert (await say(tg, ANNA, "Игорь")).text.startswith("Не понял.")  # dialog over
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path in ("lead/set", "lead/workset")]


async def test_a_refused_create_may_be_pressed_again_and_then_writes_once(
    tg: FakeTelegram, five: FiveCrmServer, tmp_path: Path
) -> None:
    """The CRM surely did not make it (a refusal): the same Create may be pressed again."""
    async with running_bot(settings_for(tmp_path, tg, five)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        summary = await company_summary(tg)
        five.fail("public/company/add", 200, '{"ans": "false"}')
        refused = await answer(tg, summary, "Создать")
        assert refused.text.startswith("CRM не приняла данные")
        done = await answer(tg, summary, "Создать")
        assert done.text.startswith("✅ Компания отправлена в CRM.")
        again = await press(tg, ANNA, summary, "Создать")
        assert again == "✅ Это уже сделано по первому нажатию; второй раз ничего не записано."
    assert len(five.sent("public/company/add")) == 1
    assert len([c for c in five.calls if c.path == "public/company/add"]) == 2


async def test_an_older_summarys_create_writes_nothing(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        first = await lead_summary(tg)
        await press(tg, ANNA, first, "Изменить")
        await tg.wait_idle()
        ask = await answer(tg, current(tg, first), "Имя")
        assert ask.text.startswith("Новый лид.")
        newest = await say(tg, ANNA, "Игорь Петров")
        # the first summary's Create, from a copy of it still on another device
        said = await press_data(tg, ANNA, first, first.button_data("Создать"))
        assert said == "Это не последняя сводка: нажмите «Создать» под самой новой."
        assert not [c for c in app.sandbox.calls if c.path == "lead/set"]
        assert (await answer(tg, newest, "Создать")).text.startswith("✅ Лид")
        assert [c.path for c in app.sandbox.calls].count("lead/set") == 1
