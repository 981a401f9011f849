"""A lead card's buttons: take into work (once), assign to an employee."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message

from bot.crm.capabilities import Capability as C
from bot.crm.errors import AlreadyTaken
from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from bot.work.desk import Desk
from handlers.core.errors import describe
from handlers.leads.views import taken_card
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import LeadAssign, LeadAssignTo, LeadTake
from handlers.ui.keyboards import employee_picker
from handlers.ui.notify import alert, edit


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
    r = Router(name="leads.actions")
    r.callback_query.register(take, LeadTake.filter(), flags=needs(C.TAKE_LEAD))
    r.callback_query.register(
        pick_assignee, LeadAssign.filter(), flags=needs(C.ASSIGN_LEAD, C.LIST_EMPLOYEES)
    )
    r.callback_query.register(assign, LeadAssignTo.filter(), flags=needs(C.ASSIGN_LEAD))
    r.errors.register(already_taken, ExceptionTypeFilter(AlreadyTaken))
    return r
