"""Each error SalesMan's API 2.0 documents (400–407, codes as numbers or strings, with or
without `"result": "Error"`) and the running code's HTML page, answered through the bot
with one clear sentence, and the bot serving the next message as before."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import clock
from tests.e2e.access_kit import ANNA, press, say
from tests.e2e.salesman_kit import anna_on, calls
from tests.e2e.sentences import UNCONFIRMED_DIALOG
from tests.fakes.salesman import MOSCOW, SalesmanServer
from tests.fakes.salesman.server import FATAL_PAGE
from tests.fakes.telegram import FakeTelegram

KEY_REFUSED = "CRM отклонила ключ доступа бота. Сообщите администратору."
UNCLEAR = "CRM ответила непонятно. Мы записали это в журнал; попробуйте ещё раз позже."


def _error(code: int | str, text: str, result: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "text": text}}
    return {"result": "Error", **body} if result else body


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (_error(400, "Не верный API key"), KEY_REFUSED),
        (_error("401", "Неизвестный пользователь"), KEY_REFUSED),
        (_error(402, "Неизвестный метод", result=False), UNCLEAR),
        (
            _error("403", "Сделка с указанным did не найдена в пределах аккаунта"),
            "«SalesMan 127.0.0.1» не показывает вам эту запись: в CRM её видят только те, "
            "кому это разрешено (обычно ответственный и его руководители).",
        ),
        (_error(404, "Не найдено"), "Сделок по запросу «7001» не нашлось."),
        (
            _error(405, "Отсутствуют параметры - did сделки"),
            "CRM не приняла данные: Отсутствуют параметры - did сделки",
        ),
        (
            _error("406", "Отсутствуют <b>параметры</b>"),
            "CRM не приняла данные: Отсутствуют параметры",
        ),
        (
            _error(407, "Клиент или Плательщик не найден"),
            "CRM не приняла данные: Клиент или Плательщик не найден",
        ),
        (FATAL_PAGE, UNCLEAR),
    ],
    ids=["400", "401", "402", "403", "404", "405", "406", "407", "html"],
)
async def test_a_refused_read_is_one_sentence_and_the_bot_goes_on(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path, answer: Any, sentence: str
) -> None:
    async with anna_on(tg, salesman, tmp_path):
        salesman.fail("deal", "info", answer)
        refused = await say(tg, ANNA, "/deal 7001")
        assert refused.text == sentence
        card = await say(tg, ANNA, "/deal 7001")
        assert card.text.startswith("СД7001: Поставка оборудования")


async def test_refused_and_unclear_writes(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with anna_on(tg, salesman, tmp_path):
        card = await say(tg, ANNA, "/deal 7001")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Задача")
        await tg.wait_message(ANNA.id, after=seen)
        await say(tg, ANNA, "Позвонить")
        salesman.fatal("task", "add")  # PHP 8: an error page, though the task may exist
        day = clock.now(MOSCOW).date() + timedelta(days=2)
        unclear = await say(tg, ANNA, f"{day:%d.%m.%Y} 11:00")
        assert unclear.text == UNCONFIRMED_DIALOG
        again = await say(tg, ANNA, f"{day:%d.%m.%Y} 11:00")  # the task dialog is over
        assert not again.text.startswith("✅")
        assert len(calls(salesman, "task", "add")) == 1  # not retried, nor written again

        card = await say(tg, ANNA, "/deal 7001")
        reasons_seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Закрыть")
        await tg.wait_idle()
        await press(tg, ANNA, tg.sent(ANNA.id)[reasons_seen - 1], "Проигрыш по цене")
        await tg.wait_message(ANNA.id, after=reasons_seen)
        await say(tg, ANNA, "0")
        salesman.fail("deal", "change.close", _error(407, "Сделка уже закрыта"))
        closed = await say(tg, ANNA, "Дорого")
        assert closed.text == "CRM не приняла данные: Сделка уже закрыта"
