"""`/lead`: untaken leads by phone or e-mail; take into work, comment, assign."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, ExceptionTypeFilter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ErrorEvent, InlineKeyboardMarkup, Message

from bot.access import Access, Identity
from bot.config import Settings
from bot.crm.base import CRM, AlreadyTaken
from bot.desk import Desk
from bot.i18n import Translator
from bot.lookup import leads_by_contact
from bot.phones import format_phone, normalize_email, normalize_phone
from handlers.callbacks import DealOpen, LeadAssign, LeadAssignTo, LeadComment, LeadOpen, LeadTake
from handlers.dialogs import typed_text
from handlers.errors import describe
from handlers.keyboards import button, employee_picker
from handlers.lead_views import comment_stored, lead_buttons, lead_card, taken_card
from handlers.notify import alert, edit
from handlers.views import deal_label

COMMENT_MAX = 2000
DEALS_OFFERED = 5


class LeadCommentDialog(StatesGroup):
    text = State()


async def find(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    query = (command.args or "").strip()
    phone = normalize_phone(query) if query else None
    email = None if phone or not query else normalize_email(query)
    if phone is None and email is None:
        await message.answer(i18n("lead.hint"))
        return
    if phone is not None:
        await message.answer(i18n("lead.searched_as", phone=format_phone(phone)))
    leads = await leads_by_contact(crm, phone=phone, email=email)
    for lead in leads:
        await message.answer(
            lead_card(i18n, lead, settings.tz),
            reply_markup=lead_buttons(i18n, lead, crm.capabilities),
        )
    if leads:
        return
    deals = await crm.find_deals(phone=phone, email=email)
    if not deals:
        await message.answer(i18n("lead.none"))
        return
    rows = [
        [button(i18n("lead.deal_line", id=d.id, name=deal_label(d)), DealOpen(deal=d.id))]
        for d in deals[:DEALS_OFFERED]
    ]
    await message.answer(
        i18n("lead.none_but_deals", count=len(deals)),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )


async def send_lead_card(
    message: Message, lead_id: str, *, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    """The card of one lead as a new message (deep links, notifications)."""
    lead = await crm.get_lead(lead_id)
    await message.answer(
        lead_card(i18n, lead, settings.tz), reply_markup=lead_buttons(i18n, lead, crm.capabilities)
    )


async def open_lead(
    query: CallbackQuery, callback_data: LeadOpen, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    if isinstance(query.message, Message):
        await send_lead_card(
            query.message, callback_data.lead, i18n=i18n, crm=crm, settings=settings
        )
    await query.answer()


async def take(
    query: CallbackQuery, callback_data: LeadTake, i18n: Translator, desk: Desk, identity: Identity
) -> None:
    taken = await desk.take_lead(identity, callback_data.lead)
    await query.answer(i18n("lead.taken_short"))
    if isinstance(query.message, Message):
        text, markup = taken_card(i18n, query.message.html_text, taken)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)


async def already_taken(event: ErrorEvent, i18n: Translator) -> None:
    """Someone was first: say so, and take the buttons that no longer apply off the card."""
    exc = event.exception
    query = event.update.callback_query
    assert isinstance(exc, AlreadyTaken)
    if query is None:
        return
    await alert(query, describe(exc, i18n))
    if isinstance(query.message, Message):
        text = query.message.html_text + "\n\n" + describe(exc, i18n)
        with suppress(TelegramAPIError):
            await edit(query.bot, query.message.chat.id, query.message.message_id, text)


async def ask_comment(
    query: CallbackQuery, callback_data: LeadComment, i18n: Translator, state: FSMContext
) -> None:
    await state.set_state(LeadCommentDialog.text)
    await state.update_data(lead=callback_data.lead)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n("lead.comment_ask", id=callback_data.lead))


async def comment_text(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    desk: Desk,
    identity: Identity,
    settings: Settings,
) -> None:
    text = await typed_text(message, i18n, COMMENT_MAX)
    if text is None:
        return
    lead_id = str((await state.get_data())["lead"])
    entry = await desk.comment_lead(identity, lead_id, text)
    await state.clear()
    await message.answer(comment_stored(i18n, entry, settings.tz))


async def pick_assignee(
    query: CallbackQuery, callback_data: LeadAssign, i18n: Translator, access: Access
) -> None:
    lead_id = callback_data.lead
    markup = employee_picker(
        i18n,
        (await access.employees()).employees,
        callback_data.page,
        choose=lambda e: LeadAssignTo(lead=lead_id, emp=e.key),
        turn=lambda p: LeadAssign(lead=lead_id, page=p),
    )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n("lead.assign_pick", id=lead_id), reply_markup=markup)


async def assign(
    query: CallbackQuery,
    callback_data: LeadAssignTo,
    i18n: Translator,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    employee = await access.employee(callback_data.emp)
    await desk.assign_lead(identity, callback_data.lead, employee.key)
    await query.answer(i18n("lead.assigned_short"))
    if isinstance(query.message, Message):
        text = i18n("lead.assigned", id=callback_data.lead, employee=employee.name)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text)


def router() -> Router:
    r = Router(name="leads")
    r.message.register(find, Command("lead"))
    r.callback_query.register(open_lead, LeadOpen.filter())
    r.callback_query.register(take, LeadTake.filter())
    r.callback_query.register(ask_comment, LeadComment.filter())
    r.message.register(comment_text, StateFilter(LeadCommentDialog.text))
    r.callback_query.register(pick_assignee, LeadAssign.filter())
    r.callback_query.register(assign, LeadAssignTo.filter())
    r.errors.register(already_taken, ExceptionTypeFilter(AlreadyTaken))
    return r
