"""The form dialog (`handlers/forms`) on the sandbox's lead form: Back goes one field back,
and a dialog left half-way survives a restart of the bot."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.access_kit import ANNA, bind_by_contact, press, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram


async def test_back_goes_one_field_back_and_keeps_what_was_typed(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        first = await say(tg, ANNA, "/newlead")
        assert "« Назад" not in [label for label, _ in first.buttons()]  # nothing before it
        phone = await say(tg, ANNA, "Игорь")
        assert [label for label, _ in phone.buttons()] == ["Пропустить", "« Назад"]
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, phone, "« Назад")
        again = await tg.wait_message(ANNA.id, after=seen)
        assert again.text.startswith("Новый лид. Как зовут клиента?")
        await say(tg, ANNA, "Игорь Петров")
        await say(tg, ANNA, "+7 999 765-43-21")
        await say(tg, ANNA, "-")
        summary = await say(tg, ANNA, "-")
        assert "Имя: Игорь Петров" in summary.text


async def test_a_form_left_half_way_goes_on_after_a_restart(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, tg.url)
    async with running_bot(settings):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        assert (await say(tg, ANNA, "Игорь")).text == "Телефон клиента?"
    async with running_bot(settings) as app:
        assert (await say(tg, ANNA, "8 (999) 765-43-21")).text == "E-mail клиента?"
        await say(tg, ANNA, "-")
        summary = await say(tg, ANNA, "-")
        assert "Имя: Игорь" in summary.text and "Телефон: +7 999 765-43-21" in summary.text
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert done.text.startswith("✅ Лид №")
        assert app.sandbox is not None
        assert len([c for c in app.sandbox.calls if c.path == "lead/set"]) == 1
