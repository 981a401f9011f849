"""Keyboards built from domain objects and translations."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.crm.models import Employee
from bot.i18n import Html, Translator, plain
from handlers.ui.callbacks import AskAccess, PickForRequest, RejectRequest
from handlers.ui.views import clip

PAGE_SIZE = 8
LABEL_MAX = 64  # characters of a button label


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """A button; a label built by the translator is unescaped (labels are not HTML), and a
    long one (a CRM's employee, stage or deal name) is clipped."""
    return InlineKeyboardButton(text=_label(text), callback_data=data.pack())


def _label(text: str) -> str:
    label = plain(text) if isinstance(text, Html) else text
    return clip(label, LABEL_MAX)


def share_contact(i18n: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=i18n("access.share_button"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def ask_access(i18n: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n("access.ask_button"), AskAccess())]])


T = TypeVar("T")


def paged(items: Sequence[T], page: int) -> tuple[Sequence[T], int, int]:
    """The items of one page (clamped to those that exist), the page and the last page."""
    last = max(0, (len(items) - 1) // PAGE_SIZE)
    page = min(max(page, 0), last)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page, last


def nav_row(
    i18n: Translator, page: int, last: int, turn: Callable[[int], CallbackData]
) -> list[InlineKeyboardButton]:
    """◀ n/m ▶ between pages; empty when everything fits on one page."""
    if last == 0:
        return []
    row = [button(i18n("nav.prev"), turn(page - 1))] if page > 0 else []
    row.append(button(i18n("nav.page", page=page + 1, pages=last + 1), turn(page)))
    if page < last:
        row.append(button(i18n("nav.next"), turn(page + 1)))
    return row


def employee_picker(
    i18n: Translator,
    employees: Sequence[Employee],
    page: int,
    choose: Callable[[Employee], CallbackData],
    turn: Callable[[int], CallbackData],
    extra: Sequence[InlineKeyboardButton] = (),
    bound: Collection[str] = (),
) -> InlineKeyboardMarkup:
    """One button per employee, PAGE_SIZE a page, with ◀ ▶ between pages; employees whose
    key is in `bound` (already someone's in the bot) are marked, as choosing them moves them."""
    chunk, page, last = paged(sorted(employees, key=lambda e: e.name.casefold()), page)
    rows = [
        [button(i18n("picker.bound", name=e.name) if e.key in bound else e.name, choose(e))]
        for e in chunk
    ]
    nav = nav_row(i18n, page, last, turn)
    if nav:
        rows.append(nav)
    if extra:
        rows.append(list(extra))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def request_actions(i18n: Translator, request_id: int) -> InlineKeyboardMarkup:
    """An admin's buttons on an access request."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                button(i18n("request.approve"), PickForRequest(req=request_id)),
                button(i18n("request.reject"), RejectRequest(req=request_id)),
            ]
        ]
    )


def link_button(text: str, url: str) -> InlineKeyboardMarkup:
    """A keyboard of one button that opens `url`."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_label(text), url=url)]]
    )


def single(text: str, data: CallbackData) -> InlineKeyboardMarkup:
    """A keyboard of one button."""
    return InlineKeyboardMarkup(inline_keyboard=[[button(text, data)]])
