"""Keyboards built from domain objects and translations."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.crm.base import Employee
from bot.i18n import Translator
from handlers.callbacks import AskAccess

PAGE_SIZE = 8


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def share_contact(i18n: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=i18n("access.share_button"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def ask_access(i18n: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[button(i18n("access.ask_button"), AskAccess())]])


def pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def employee_picker(
    i18n: Translator,
    employees: Sequence[Employee],
    page: int,
    choose: Callable[[Employee], CallbackData],
    turn: Callable[[int], CallbackData],
    extra: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup:
    """One button per employee, PAGE_SIZE a page, with ◀ ▶ between pages."""
    ordered = sorted(employees, key=lambda e: e.name.casefold())
    last = pages(len(ordered)) - 1
    page = min(max(page, 0), last)
    chunk = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows = [[button(e.name, choose(e))] for e in chunk]
    nav = []
    if page > 0:
        nav.append(button(i18n("nav.prev"), turn(page - 1)))
    if last > 0:
        nav.append(button(i18n("nav.page", page=page + 1, pages=last + 1), turn(page)))
    if page < last:
        nav.append(button(i18n("nav.next"), turn(page + 1)))
    if nav:
        rows.append(nav)
    if extra:
        rows.append(list(extra))
    return InlineKeyboardMarkup(inline_keyboard=rows)
