"""Deal cards, deal lists and stage pickers: texts and their keyboards."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.crm.capabilities import Capability
from bot.crm.models import (
    Client,
    ContactKind,
    Deal,
    LogEntry,
    Pipeline,
    StageStatus,
)
from bot.i18n import Html, Translator, plain
from bot.phones import format_phone
from bot.work.deal_cards import DealCard
from handlers.ui.callbacks import (
    DealClose,
    DealComment,
    DealOpen,
    DealReassign,
    DealSetStage,
    DealShow,
    DealsPage,
    DealStages,
    DealTags,
    DealTask,
    DealTasks,
    History,
)
from handlers.ui.keyboards import button, nav_row
from handlers.ui.views import clip, when

NAME_SHOWN = 200  # characters of a deal's, client's or employee's name
COMMENT_SHOWN = 700  # characters of the last comment on a card
TASK_SHOWN = 300
AUTHOR_SHOWN = 80
CONTACTS_SHOWN = 6
LABEL_SHOWN = 60  # characters of a button label


def money(amount: Decimal) -> str:
    """12500.5 → "12 500,50"; whole amounts without kopecks."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return text.replace(",", " ").replace(".", ",")


def _contact(kind: ContactKind, value: str) -> str:
    return format_phone(value) if kind is ContactKind.PHONE and value.startswith("+") else value


def _client_lines(i18n: Translator, client: Client | None) -> list[str]:
    if client is None:
        return []
    lines: list[str] = [
        i18n("deal.client", client=clip(client.name or f"№{client.id}", NAME_SHOWN))
    ]
    if client.contacts:
        shown = [_contact(c.kind, c.value) for c in client.contacts[:CONTACTS_SHOWN]]
        lines.append(i18n("deal.contacts", contacts=clip(", ".join(shown), 4 * NAME_SHOWN)))
    return lines


def _stage_text(i18n: Translator, deal: Deal) -> Html:
    mark = {StageStatus.WON: "deal.won", StageStatus.LOST: "deal.lost"}.get(deal.status)
    stage = clip(deal.stage_name, NAME_SHOWN) if deal.stage_name else "—"
    return Html(i18n("deal.stage", stage=stage) + (i18n(mark) if mark else ""))


def deal_card_text(i18n: Translator, card: DealCard, tz: ZoneInfo) -> Html:
    deal = card.deal
    name = clip(deal.name, NAME_SHOWN) if deal.name else i18n("deal.no_name")
    lines: list[str] = [i18n("deal.title", name=name, id=deal.id)]
    if card.pipeline is not None and card.pipeline.name:  # a CRM of one unnamed pipeline
        lines.append(i18n("deal.pipeline", pipeline=clip(card.pipeline.name, NAME_SHOWN)))
    lines.append(_stage_text(i18n, deal))
    lines += _client_lines(i18n, deal.client)
    employee = card.employee.name if card.employee else (deal.employee_key or i18n("deal.admin"))
    lines.append(i18n("deal.employee", employee=clip(employee, NAME_SHOWN)))
    if deal.source:
        lines.append(i18n("deal.source", source=clip(deal.source, NAME_SHOWN)))
    if deal.amount is not None:
        lines.append(i18n("deal.amount", amount=money(deal.amount)))
    if deal.planned_close is not None:
        lines.append(i18n("deal.planned", date=deal.planned_close.strftime("%d.%m.%Y")))
    if deal.closed_as:
        lines.append(i18n("deal.closed", status=clip(deal.closed_as, NAME_SHOWN)))
    if deal.tags:
        lines.append(i18n("deal.tags", tags=clip(", ".join(deal.tags), NAME_SHOWN)))
    task = card.task
    if task is None:
        if card.knows_task:
            lines.append(i18n("deal.no_task"))
    else:
        key = "deal.task_overdue" if task.overdue else "deal.task"
        text = clip(task.text, TASK_SHOWN) if task.text else i18n("deal.task_no_text")
        lines.append(i18n(key, text=text, at=when(task.due, tz)))
    comment = card.last_comment
    if comment is None:
        if card.knows_comment:
            lines.append(i18n("deal.no_comment"))
    else:
        lines.append(
            i18n(
                "deal.comment",
                author=clip(comment.author or i18n("deal.someone"), NAME_SHOWN),
                at=when(comment.created_at, tz),
                text=clip(comment.text, COMMENT_SHOWN),
            )
        )
    return Html("\n".join(lines))


def deal_card_buttons(
    i18n: Translator, deal_id: str, capabilities: Collection[Capability]
) -> InlineKeyboardMarkup | None:
    """The card's actions, only those the CRM can do, two to a row."""
    c = Capability
    offered = [
        ({c.CHANGE_DEAL_STAGE, c.LIST_PIPELINES}, "deal.button_stage", DealStages(deal=deal_id)),
        ({c.COMMENT_DEAL}, "deal.button_comment", DealComment(deal=deal_id)),
        ({c.SET_TASK}, "deal.button_task", DealTask(deal=deal_id)),
        ({c.DEAL_TASKS}, "deal.button_tasks", DealTasks(deal=deal_id)),
        ({c.TAG_DEAL}, "deal.button_tags", DealTags(deal=deal_id)),
        ({c.DEAL_HISTORY}, "deal.button_history", History(of="deal", id=deal_id)),
        ({c.REASSIGN_DEAL, c.LIST_EMPLOYEES}, "deal.button_reassign", DealReassign(deal=deal_id)),
        ({c.CLOSE_DEAL}, "deal.button_close", DealClose(deal=deal_id)),
    ]
    have = set(capabilities)
    shown = [button(i18n(key), data) for need, key, data in offered if need <= have]
    if not shown:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[shown[i : i + 2] for i in range(0, len(shown), 2)])


def card_message(
    i18n: Translator, card: DealCard, tz: ZoneInfo, capabilities: Collection[Capability]
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The card's text and its buttons."""
    return deal_card_text(i18n, card, tz), deal_card_buttons(i18n, card.deal.id, capabilities)


def deal_list(
    i18n: Translator, deals: Sequence[Deal], total: int, page: int, per_page: int
) -> tuple[Html, InlineKeyboardMarkup]:
    """Several deals found: one button each, and ◀ n/m ▶ when they take several pages."""
    text = i18n("deal.found", count=total)
    rows = [[button(deal_line(i18n, d), DealOpen(deal=d.id))] for d in deals]
    last = max(0, (total - 1) // per_page)
    nav = nav_row(i18n, min(page, last), last, lambda p: DealsPage(page=p))
    if nav:
        rows.append(nav)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def deal_line(i18n: Translator, deal: Deal) -> str:
    """A deal as a button label (plain text: Telegram shows labels literally)."""
    client = deal.client.name if deal.client is not None else None
    name = deal.name or client or i18n("deal.no_name")
    label = i18n("deal.line", id=deal.id, name=name, stage=deal.stage_name or "—")
    return clip(plain(label), LABEL_SHOWN)


def back_button(i18n: Translator, deal_id: str) -> InlineKeyboardButton:
    return button(i18n("deal.back"), DealShow(deal=deal_id))


def stage_picker(i18n: Translator, deal: Deal, pipeline: Pipeline) -> InlineKeyboardMarkup:
    """One button per stage of the deal's own pipeline; the current one marked."""
    rows = []
    for stage in pipeline.stages:
        label = stage.name
        if stage.id == deal.stage_id:
            label = plain(i18n("deal.stage_current", stage=stage.name))
        rows.append([button(label, DealSetStage(deal=deal.id, stage=stage.id))])
    rows.append([back_button(i18n, deal.id)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def move_without_comment(i18n: Translator, deal_id: str, stage_id: str) -> InlineKeyboardMarkup:
    """The card while its move waits for a comment: move without one, or back."""
    sure = DealSetStage(deal=deal_id, stage=stage_id, sure=True)
    rows = [[button(i18n("deal.stage_no_comment"), sure)], [back_button(i18n, deal_id)]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def confirm_close(i18n: Translator, card: DealCard) -> InlineKeyboardMarkup:
    """Close the deal at this stage? Yes, or back to the card."""
    stage = card.stage
    assert stage is not None
    key = "deal.close_won" if stage.status is StageStatus.WON else "deal.close_lost"
    sure = DealSetStage(deal=card.deal.id, stage=stage.id, sure=True)
    rows = [[button(i18n(key, stage=stage.name), sure)], [back_button(i18n, card.deal.id)]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def comment_saved(i18n: Translator, deal_id: str, entry: LogEntry, tz: ZoneInfo) -> Html:
    """The comment as stored; its author is not claimed (a CRM may record the key's owner)."""
    return i18n("deal.comment_saved", id=deal_id, at=when(entry.created_at, tz), text=entry.text)
