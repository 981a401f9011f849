"""A CRM that can do less: the menu, /help and the cards' buttons shrink, and a forged button
or a typed command for what it cannot do is answered plainly, with nothing asked of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.crm.capabilities import Capability as C
from bot.crm.envybox import EnvyboxCRM
from bot.sandbox import seed
from handlers.ui.callbacks import DealStages, History, LeadTake
from tests.e2e.access_kit import ANNA, bind_by_contact, press, press_data, say
from tests.e2e.deals_kit import SUPPLY, mark, paths_since
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram

LESS = frozenset({C.TAKE_LEAD, C.LEAD_HISTORY, C.LIST_TASKS, C.CHANGE_DEAL_STAGE, C.TAG_DEAL})
LESS |= {C.DEAL_TASKS, C.SEARCH_DEALS, C.DEAL_HISTORY}
NOT_HERE = "Этого нет в вашей CRM: её API так не умеет."
ORLOV = seed.LEADS[0]


@pytest.fixture
def smaller_crm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EnvyboxCRM, "capabilities", EnvyboxCRM.capabilities - LESS)


@pytest.mark.usefixtures("smaller_crm")
async def test_what_the_crm_cannot_do_is_not_offered(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        menu = [c["command"] for c in tg.commands[("default", "")]]
        assert menu == ["lead", "deal", "newlead", "alerts", "start", "help", "whoami", "cancel"]
        await bind_by_contact(tg, ANNA, "+79161110001")
        help_ = await say(tg, ANNA, "/help")
        assert "/lead" in help_.text and "/tasks" not in help_.text

        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        assert [label for label, _ in card.buttons()] == ["Комментарий", "Назначить…"]

        deal = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert [label for label, _ in deal.buttons()] == ["Комментарий", "Задача", "Ответственный"]
        # the CRM cannot tell a deal's tasks or comments: the card says nothing of them
        assert "задач" not in deal.text.lower() and "комментар" not in deal.text.lower()

        since = mark(app)
        forged = [
            LeadTake(lead=str(ORLOV.id)),
            History(of="lead", id=str(ORLOV.id)),
            DealStages(deal=str(SUPPLY.id)),
        ]
        for data in forged:
            assert await press_data(tg, ANNA, card, data.pack()) == NOT_HERE
        assert (await say(tg, ANNA, "/tasks")).text == NOT_HERE
        assert (await say(tg, ANNA, "/deal Годовой контракт")).text == NOT_HERE
        assert paths_since(app, since) == []  # nothing was asked of the CRM


async def test_a_lead_card_shows_its_history(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Комментарий")
        await tg.wait_message(ANNA.id, after=seen)
        await say(tg, ANNA, "Перезвонить в среду")
        seen = len(tg.sent(ANNA.id))
        since = mark(app)
        await press(tg, ANNA, card, "История")
        history = await tg.wait_message(ANNA.id, after=seen)
        assert history.text.startswith(f"История лида №{ORLOV.id}")
        assert history.text.endswith("Перезвонить в среду")
        assert paths_since(app, since) == ["lead/log/list"]
