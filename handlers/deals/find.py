"""`/deal`: a deal by phone, e-mail, number or words; several come as a paged list."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.phones import format_phone
from bot.work.deal_cards import find_deal
from bot.work.deal_query import BadEmail, read_deal_query
from handlers.deals import views
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import DealsPage
from handlers.ui.dialogs import ANSWER, typed_or_ask, typed_text
from handlers.ui.links import command_link
from handlers.ui.notify import alert, edit

ANY_DEAL_READ = frozenset({C.GET_DEAL, C.FIND_DEALS, C.SEARCH_DEALS})
FOUND_SHOWN = 10
QUERY_SHOWN = 100  # characters of a query, typed or shown


class DealLookup(StatesGroup):
    waiting = State()  # /deal with nothing after it: the next message is what to look for


async def find(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    state: FSMContext,
) -> None:
    typed = await typed_or_ask(message, command, state, DealLookup.waiting, i18n("deal.ask"))
    if typed is not None:
        await lookup_deal(message, typed, i18n, crm, settings, state)


async def typed_query(
    message: Message, state: FSMContext, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    """The answer to "which deal?"."""
    text = await typed_text(message, i18n, QUERY_SHOWN)
    if text is None:
        return
    await state.clear()
    await lookup_deal(message, text, i18n, crm, settings, state)


async def lookup_deal(
    message: Message,
    typed: str,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    state: FSMContext,
) -> None:
    """One deal comes as its card; several as a paged list; none, with what was looked for."""
    try:
        query = read_deal_query(typed)
    except BadEmail:
        await message.answer(i18n("deal.bad_email"))
        return
    if query is None:
        await message.answer(i18n("deal.hint"))
        return
    found = await find_deal(crm, query, limit=FOUND_SHOWN)
    read = i18n("deal.searched_as", phone=format_phone(query.phone)) if query.phone else ""
    if found.card is not None:
        text, markup = views.card_message(i18n, found.card, settings.tz, crm.capabilities)
        await message.answer(text, reply_markup=markup)
    elif found.deals:
        await state.update_data(deal_query=typed)  # for the page buttons
        text, markup = views.deal_list(i18n, found.deals, found.total, 0, FOUND_SHOWN)
        await message.answer(Html(f"{read}\n{text}" if read else text), reply_markup=markup)
    else:
        shown = " ".join(typed.split())[:QUERY_SHOWN]
        none = i18n("deal.none", query=shown)
        await message.answer(Html(f"{read}\n{none}" if read else none))


async def turn_found(
    query: CallbackQuery,
    callback_data: DealsPage,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
) -> None:
    """Another page of the last /deal's results, in place."""
    asked = read_deal_query(str((await state.get_data()).get("deal_query", "")))
    if asked is None:
        await alert(query, i18n("button.stale"))
        return
    found = await find_deal(crm, asked, limit=FOUND_SHOWN, page=callback_data.page)
    if not found.deals:
        await alert(query, i18n("button.stale"))
        return
    text, markup = views.deal_list(i18n, found.deals, found.total, callback_data.page, FOUND_SHOWN)
    if isinstance(query.message, Message):
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


def router() -> Router:
    r = Router(name="deals.find")
    some = needs(needs_any=ANY_DEAL_READ, refusal="error.no_deal_search")
    r.message.register(find, Command("deal"), flags={**some, **TEAM})
    r.message.register(find, command_link("deal"), flags=some)
    r.message.register(typed_query, StateFilter(DealLookup.waiting), ANSWER, flags=TEAM)
    r.callback_query.register(turn_found, DealsPage.filter(), flags=TEAM)
    return r
