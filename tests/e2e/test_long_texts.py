"""Long texts: whatever the CRM holds, a card fits one Telegram message and its buttons stay
short; what a user types beyond a limit is refused with the limit stated."""

from __future__ import annotations

from pathlib import Path

from bot.crm.models import NewLead
from tests.e2e.access_kit import ANNA, bind_by_contact, press, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram

PHONE = "+79035550777"


async def test_a_lead_with_huge_texts_still_gets_its_card(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.crm is not None
        await app.crm.create_lead(
            NewLead(
                name="Я" * 5000, phone=PHONE, email="x" * 60 + "@example.ru", comment="Ж" * 5000
            )
        )
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/lead {PHONE}")
        assert len(card.text) < 4096
        assert card.text.startswith("Я" * 100) and "…" in card.text

        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        await tg.wait_message(ANNA.id, after=seen)
        refused = await say(tg, ANNA, "ы" * 5000)
        assert refused.text.startswith("Слишком длинно: 5000 символов, можно до 2000.")
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path == "lead/log/create"]
