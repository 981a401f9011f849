"""A deal's card: as a new message (link, button) or redrawn in place; back to it."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.work.deal_cards import deal_card
from handlers.deals import views
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import DealOpen, DealShow
from handlers.ui.links import card_link, card_opener
from handlers.ui.notify import edit


async def card_of(
    i18n: Translator, crm: CRM, settings: Settings, deal_id: str
) -> tuple[Html, InlineKeyboardMarkup | None]:
    card = await deal_card(crm, deal_id)
    return views.card_message(i18n, card, settings.tz, crm.capabilities)


async def send_deal_card(
    message: Message, deal_id: str, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    """The deal's card as a new message (deep links, buttons elsewhere); NotFound is raised."""
    text, markup = await card_of(i18n, crm, settings, deal_id)
    await message.answer(text, reply_markup=markup)


async def open_deal(
    query: CallbackQuery, callback_data: DealOpen, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    if isinstance(query.message, Message):
        await send_deal_card(query.message, callback_data.deal, i18n, crm, settings)
    await query.answer()


async def redraw(
    query: CallbackQuery, i18n: Translator, crm: CRM, settings: Settings, deal_id: str
) -> None:
    """The card, read afresh, in place of the message that was pressed."""
    if isinstance(query.message, Message):
        text, markup = await card_of(i18n, crm, settings, deal_id)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)


async def rekey(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """New buttons under the pressed message; its text stays."""
    if isinstance(query.message, Message):
        message = query.message
        await edit(query.bot, message.chat.id, message.message_id, message.html_text, markup)


async def back(
    query: CallbackQuery,
    callback_data: DealShow,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
) -> None:
    """The card's own buttons again; a dialog the card started for this deal (a move
    waiting for its comment) is left, so a later message is not taken as its answer."""
    started_here = (await state.get_data()).get("deal") == callback_data.deal
    if started_here and await state.get_state() is not None:
        await state.clear()
    await rekey(query, views.deal_card_buttons(i18n, callback_data.deal, crm.capabilities))
    await query.answer()


def router() -> Router:
    r = Router(name="deals.card")
    opener = card_opener(send_deal_card)  # /start deal_<id>
    r.message.register(opener, card_link("deal"), flags=needs(C.GET_DEAL))
    r.callback_query.register(open_deal, DealOpen.filter(), flags=needs(C.GET_DEAL, **TEAM))
    r.callback_query.register(back, DealShow.filter(), flags=needs(C.GET_DEAL, **TEAM))
    return r
