"""Deal cards and lists: buttons from capabilities, names shown literally, Telegram's limits."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.crm.capabilities import Capability
from bot.crm.models import (
    Client,
    Contact,
    ContactKind,
    Deal,
    Employee,
    LogEntry,
    Page,
    Pipeline,
    PipelineKind,
    Stage,
    Task,
)
from bot.i18n import Translator
from bot.work.deal_cards import DealCard
from handlers.core.history import history_text
from handlers.deals.views import (
    deal_card_buttons,
    deal_card_text,
    deal_list,
    stage_picker,
)
from handlers.tasks import views as task_views
from tests.fakes.telegram_html import parse_html

RU = Translator("ru")
TZ = ZoneInfo("Europe/Moscow")
HUGE = "<b>&" * 3000
AT = datetime(2026, 1, 2, 7, 30, tzinfo=UTC)
PIPELINE = Pipeline(
    id="1",
    name="Продажи",
    kind=PipelineKind.DEAL,
    stages=(
        Stage(id="11", name="Новая", pipeline_id="1"),
        Stage(id="12", name="<i>", pipeline_id="1"),
    ),
)


def visible_length(html: str) -> int:
    return len(parse_html(html)[0])


def test_buttons_follow_capabilities() -> None:
    some = {Capability.CHANGE_DEAL_STAGE, Capability.DEAL_HISTORY, Capability.FIND_DEALS}
    markup = deal_card_buttons(RU, "7", some)
    assert markup is not None
    # moving a stage needs the pipelines too, so without them there is no Stage button
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["История"]]
    markup = deal_card_buttons(RU, "7", {*some, Capability.LIST_PIPELINES})
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Этап", "История"]]
    assert deal_card_buttons(RU, "7", {Capability.FIND_DEALS}) is None


def test_a_card_of_huge_texts_fits_one_message() -> None:
    client = Client(
        id="5",
        name=HUGE,
        contacts=tuple(Contact(kind=ContactKind.OTHER, value=HUGE) for _ in range(20)),
    )
    card = DealCard(
        deal=Deal(id="7", name=HUGE, stage_name=HUGE, client=client, employee_key="9"),
        pipeline=PIPELINE,
        employee=Employee(key="9", name=HUGE[:300]),
        task=Task(id="1", text=HUGE, due=AT, overdue=True),
        last_comment=LogEntry(text=HUGE, author=HUGE[:300], created_at=AT),
    )
    text = deal_card_text(RU, card, TZ)
    assert visible_length(text) < 4096
    assert "<b>&<b>&" in parse_html(text)[0]
    assert "Задача: " in text and "10:30 ⚠️ просрочена" in text  # 07:30 UTC in Moscow


def test_list_and_stage_labels_are_plain_text() -> None:
    deal = Deal(id="7", name="<b>&", stage_id="12", stage_name="<i>")
    text, markup = deal_list(RU, [deal], 1, 0, 10)
    assert text == "Нашлось сделок: 1. Какую открыть?"
    assert markup.inline_keyboard[0][0].text == "№7 · <b>& · <i>"
    picker = stage_picker(RU, deal, PIPELINE)
    assert [row[0].text for row in picker.inline_keyboard] == ["Новая", "• <i>", "« К сделке"]


def test_a_history_page_of_long_entries_fits_one_message() -> None:
    entries = tuple(LogEntry(text=HUGE, author=HUGE, created_at=AT) for _ in range(8))
    page = Page[LogEntry](items=entries, total=100, next_offset=16)
    text = history_text(RU, "deal", "7", page, 8, [], TZ)
    assert visible_length(text) < 4096
    assert text.startswith("<b>История сделки №7</b> · записи 9–16 из 100")


def test_a_card_shows_source_amount_and_tags_where_the_crm_has_them() -> None:
    deal = Deal(id="7", name="Поставка", source="Сайт", amount=Decimal("125000.5"), tags=("vip",))
    card = DealCard(deal=deal, pipeline=None, employee=None, task=None, last_comment=None)
    text = deal_card_text(RU, card, TZ)
    assert "Источник: Сайт" in text and "Сумма: 125 000,50" in text and "Теги: vip" in text
    bare = deal_card_text(RU, DealCard(Deal(id="8"), None, None, None, None), TZ)
    assert "Сумма" not in bare and "Теги" not in bare and "Источник" not in bare


def test_a_task_gets_done_only_where_the_crm_can_close_tasks() -> None:
    task = Task(id="1", deal_id="7", text="Позвонить", due=AT, employee_key="9")
    mine = {Capability.RESCHEDULE_TASK, Capability.COMPLETE_TASK}
    _, markup = task_views.deal_tasks(RU, "7", [task], {}, TZ, "9", mine)
    assert markup is not None
    assert [b.text for b in markup.inline_keyboard[0]] == [
        "Моя: Позвонить",
        "⏰ Перенести",
        "✅ Готово",
    ]
    _, none = task_views.deal_tasks(RU, "7", [task], {}, TZ, "9", {Capability.RESCHEDULE_TASK})
    assert none is not None and [b.text for b in none.inline_keyboard[0]][-1] == "⏰ Перенести"
    _, others = task_views.deal_tasks(RU, "7", [task], {}, TZ, "10", mine)
    assert others is None  # someone else's task: only its line
