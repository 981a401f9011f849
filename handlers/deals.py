"""`/deal`: find a deal and work it from its card: stage, history, reassign.

The card's Comment and Tags dialogs are in `handlers/deal_dialogs.py` (its router is
included here), its Task and Tasks buttons in `handlers/tasks.py`.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.access import Access, Identity, UnknownEmployee
from bot.cards import deal_and_pipeline, deal_card, find_deal
from bot.config import Settings
from bot.crm.base import CRM
from bot.deal_input import BadEmail, read_deal_query
from bot.desk import Desk
from bot.i18n import Html, Translator, plain
from bot.phones import format_phone
from handlers import deal_dialogs
from handlers import deal_views as views
from handlers.callbacks import (
    DealHistory,
    DealHistoryPage,
    DealOpen,
    DealReassign,
    DealReassignTo,
    DealSetStage,
    DealShow,
    DealsPage,
    DealStages,
)
from handlers.keyboards import employee_picker
from handlers.notify import alert, edit

FOUND_SHOWN = 10
HISTORY_PAGE = 8
QUERY_SHOWN = 100


# ------------------------------------------------------------------ finding and showing


async def find(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    state: FSMContext,
) -> None:
    try:
        query = read_deal_query(command.args or "")
    except BadEmail:
        await message.answer(i18n("deal.bad_email"))
        return
    if query is None:
        await message.answer(i18n("deal.hint"))
        return
    if query.phone is not None:
        await message.answer(i18n("deal.searched_as", phone=format_phone(query.phone)))
    found = await find_deal(crm, query, limit=FOUND_SHOWN)
    if found.card is not None:
        text, markup = views.card_message(i18n, found.card, settings.tz, crm.capabilities)
        await message.answer(text, reply_markup=markup)
    elif found.deals:
        await state.update_data(deal_query=command.args or "")  # for the page buttons
        text, markup = views.deal_list(i18n, found.deals, found.total, 0, FOUND_SHOWN)
        await message.answer(text, reply_markup=markup)
    else:
        shown = " ".join((command.args or "").split())[:QUERY_SHOWN]
        await message.answer(i18n("deal.none", query=shown))


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


async def _card(
    i18n: Translator, crm: CRM, settings: Settings, deal_id: str
) -> tuple[Html, InlineKeyboardMarkup | None]:
    card = await deal_card(crm, deal_id)
    return views.card_message(i18n, card, settings.tz, crm.capabilities)


async def send_deal_card(
    message: Message,
    deal_id: str,
    *,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    identity: Identity,
) -> None:
    """The deal's card as a new message (deep links, buttons elsewhere); NotFound is raised."""
    text, markup = await _card(i18n, crm, settings, deal_id)
    await message.answer(text, reply_markup=markup)


async def open_deal(
    query: CallbackQuery,
    callback_data: DealOpen,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    identity: Identity,
) -> None:
    if isinstance(query.message, Message):
        await send_deal_card(
            query.message,
            callback_data.deal,
            i18n=i18n,
            crm=crm,
            settings=settings,
            identity=identity,
        )
    await query.answer()


async def _redraw(
    query: CallbackQuery, i18n: Translator, crm: CRM, settings: Settings, deal_id: str
) -> None:
    """The card, read afresh, in place of the message that was pressed."""
    if isinstance(query.message, Message):
        text, markup = await _card(i18n, crm, settings, deal_id)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)


async def _keyboard(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """New buttons under the pressed message; its text stays."""
    if isinstance(query.message, Message):
        message = query.message
        await edit(query.bot, message.chat.id, message.message_id, message.html_text, markup)


async def back(query: CallbackQuery, callback_data: DealShow, i18n: Translator, crm: CRM) -> None:
    await _keyboard(query, views.deal_card_buttons(i18n, callback_data.deal, crm.capabilities))
    await query.answer()


# ------------------------------------------------------------------ stage


async def stages(
    query: CallbackQuery, callback_data: DealStages, i18n: Translator, crm: CRM
) -> None:
    deal, pipeline = await deal_and_pipeline(crm, callback_data.deal)
    if pipeline is None or not pipeline.manual_stage_change:
        name = pipeline.name if pipeline is not None else (deal.pipeline_id or "—")
        await alert(query, i18n("deal.stage_manual_off", pipeline=name))
        return
    await _keyboard(query, views.stage_picker(i18n, deal, pipeline))
    await query.answer()


async def set_stage(
    query: CallbackQuery,
    callback_data: DealSetStage,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
) -> None:
    card = await deal_card(crm, callback_data.deal)
    moved = card.moved_to(callback_data.stage)
    if moved is None:  # forged, or the pipeline changed since the buttons were drawn
        await alert(query, i18n("deal.stage_not_here"))
        return
    await desk.change_stage(identity, callback_data.deal, callback_data.stage)
    if isinstance(query.message, Message):
        text, markup = views.card_message(i18n, moved, settings.tz, crm.capabilities)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


# ------------------------------------------------------------------ history


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


# ------------------------------------------------------------------ reassign


async def reassign(
    query: CallbackQuery, callback_data: DealReassign, i18n: Translator, access: Access
) -> None:
    deal_id = callback_data.deal
    markup = employee_picker(
        i18n,
        (await access.employees()).employees,
        callback_data.page,
        choose=lambda e: DealReassignTo(deal=deal_id, emp=e.key),
        turn=lambda p: DealReassign(deal=deal_id, page=p),
        extra=[views.back_button(i18n, deal_id)],
    )
    await _keyboard(query, markup)
    await query.answer()


async def reassign_to(
    query: CallbackQuery,
    callback_data: DealReassignTo,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    access: Access,
    identity: Identity,
    settings: Settings,
) -> None:
    employee = (await access.employees()).get(callback_data.emp)
    if employee is None:
        raise UnknownEmployee(callback_data.emp)
    await desk.reassign_deal(identity, callback_data.deal, employee.key)
    await _redraw(query, i18n, crm, settings, callback_data.deal)
    await query.answer(plain(i18n("deal.reassigned", employee=employee.name)))


def router() -> Router:
    r = Router(name="deals")
    r.message.register(find, Command("deal"))
    r.callback_query.register(open_deal, DealOpen.filter())
    r.callback_query.register(turn_found, DealsPage.filter())
    r.callback_query.register(back, DealShow.filter())
    r.callback_query.register(stages, DealStages.filter())
    r.callback_query.register(set_stage, DealSetStage.filter())
    r.callback_query.register(history, DealHistory.filter())
    r.callback_query.register(history_page, DealHistoryPage.filter())
    r.callback_query.register(reassign, DealReassign.filter())
    r.callback_query.register(reassign_to, DealReassignTo.filter())
    r.include_router(deal_dialogs.router())
    return r
