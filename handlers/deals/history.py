"""A deal card's History: its log, a page at a time."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from handlers.deals import views
from handlers.ui.callbacks import DealHistory, DealHistoryPage
from handlers.ui.notify import edit

HISTORY_PAGE = 8


async def _history(
    i18n: Translator, crm: CRM, settings: Settings, deal_id: str, offset: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    offset = max(offset, 0)
    page = await crm.deal_history(deal_id, offset=offset, limit=HISTORY_PAGE)
    employees = await crm.employees()
    text = views.history_text(i18n, deal_id, page, offset, employees, settings.tz)
    return text, views.history_buttons(i18n, deal_id, page, offset, HISTORY_PAGE)


async def history(
    query: CallbackQuery, callback_data: DealHistory, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    text, markup = await _history(i18n, crm, settings, callback_data.deal, callback_data.offset)
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)
    await query.answer()


async def history_page(
    query: CallbackQuery,
    callback_data: DealHistoryPage,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    text, markup = await _history(i18n, crm, settings, callback_data.deal, callback_data.offset)
    if isinstance(query.message, Message):
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


def router() -> Router:
    r = Router(name="deals.history")
    r.callback_query.register(history, DealHistory.filter())
    r.callback_query.register(history_page, DealHistoryPage.filter())
    return r
