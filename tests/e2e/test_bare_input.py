"""Input that forgives: in a private chat a bare phone, e-mail or deal number searches as
/lead or /deal; other text still gets "didn't understand"; a group stays quiet."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import seed
from tests.e2e.access_kit import ANNA, STRANGER, bind_by_contact, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeChat, FakeTelegram

ORLOV = seed.LEADS[0]


async def test_a_bare_phone_email_or_number_searches(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        for typed in ("+7 (903) 123-45-01", "89031234501", "Orlov@Example.ru"):
            card = await say(tg, ANNA, typed)
            assert card.text.startswith(f"Сергей Орлов · лид №{ORLOV.id}"), typed
        for typed, name in (("40052", "Поставка оборудования"), ("№40053", "Годовой контракт")):
            card = await say(tg, ANNA, typed)
            assert card.text.startswith(f"{name} · сделка №"), typed
        offer = await say(tg, ANNA, "8 926 555-00-02")  # a client's phone: no lead, a deal
        assert "Есть сделки с этими контактами (1)" in offer.text
        assert (await say(tg, ANNA, "привет")).text == "Не понял. Что умеет бот — /help"
        assert (await say(tg, STRANGER, ORLOV.phone)).text.startswith("Нет доступа.")


async def test_a_phone_in_a_group_is_not_answered(tg: FakeTelegram, tmp_path: Path) -> None:
    group = FakeChat.group(-100777, "Отдел продаж")
    tg.add_chat(group)
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        tg.send_text(ANNA, ORLOV.phone, group)
        await tg.wait_idle()
    assert tg.sent(group.id) == []
