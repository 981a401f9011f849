"""A command typed in any dialog behaves the same way: it runs, and the dialog goes on where
it was."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.sandbox import seed
from tests.e2e.access_kit import ANNA, bind_by_contact, press, say
from tests.e2e.deals_kit import SUPPLY
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.test_tasks_dialog import open_task_dialog
from tests.fakes.telegram import FakeTelegram, SentMessage

ORLOV = seed.LEADS[0]
Opener = Callable[[FakeTelegram, SentMessage], Awaitable[None]]


async def lead_comment(tg: FakeTelegram, bound: SentMessage) -> None:
    card = await say(tg, ANNA, f"/lead {ORLOV.phone}")
    seen = len(tg.sent(ANNA.id))
    await press(tg, ANNA, card, "Комментарий")
    await tg.wait_message(ANNA.id, after=seen)


async def deal_comment(tg: FakeTelegram, bound: SentMessage) -> None:
    card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
    seen = len(tg.sent(ANNA.id))
    await press(tg, ANNA, card, "Комментарий")
    await tg.wait_message(ANNA.id, after=seen)


async def task_text(tg: FakeTelegram, bound: SentMessage) -> None:
    await open_task_dialog(tg, ANNA, bound)


async def new_lead(tg: FakeTelegram, bound: SentMessage) -> None:
    await say(tg, ANNA, "/newlead")


@pytest.mark.parametrize(
    ("opener", "answer", "expected"),
    [
        (lead_comment, "Перезвонить", "💬 Комментарий сохранён в CRM"),
        (deal_comment, "Перезвонить", f"💬 Комментарий к сделке №{SUPPLY.id} сохранён"),
        (task_text, "Перезвонить", "Когда?"),
        (new_lead, "Игорь", "Телефон клиента?"),
    ],
)
async def test_a_command_inside_a_dialog_runs_and_the_dialog_goes_on(
    tg: FakeTelegram, tmp_path: Path, opener: Opener, answer: str, expected: str
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        bound = await bind_by_contact(tg, ANNA, "+79161110001")
        await opener(tg, bound)
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert card.text.startswith(f"Поставка оборудования · сделка №{SUPPLY.id}")
        assert (await say(tg, ANNA, answer)).text.startswith(expected)
