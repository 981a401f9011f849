"""A lead card's buttons: take into work (once, after showing the client's open deals),
assign to an employee; the card is redrawn from the CRM after each."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.errors import AlreadyTaken
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.notifier.service import Notifier
from bot.staff.access import Access
from bot.staff.identity import Identity
from bot.work.desk import Desk
from bot.work.lead_contacts import LeadContacts
from bot.work.lead_search import employee_names, lead_with_open_deals
from handlers.core.errors import describe
from handlers.leads.views import lead_card, lead_message, open_deals_warning, taken_card
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import LeadAssign, LeadAssignTo, LeadShow, LeadTake
from handlers.ui.keyboards import button, employee_picker
from handlers.ui.notify import alert, edit


async def _redraw(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(query.message, Message):
        message = query.message
        await edit(query.bot, message.chat.id, message.message_id, text, markup)


async def take(
    query: CallbackQuery,
    callback_data: LeadTake,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    access: Access,
    identity: Identity,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    lead_id, names = callback_data.lead, await employee_names(crm)
    if not callback_data.anyway and C.GET_LEAD in crm.capabilities:
        lead, open_deals = await lead_with_open_deals(crm, lead_id, lead_contacts)
        if open_deals:  # show them first: the user may want one of them instead
            card = lead_card(i18n, lead, settings.tz, names)
            await _redraw(query, *open_deals_warning(i18n, card, lead, open_deals))
            await query.answer()
            return
    taken = await desk.take_lead(identity, lead_id)
    await query.answer(i18n("lead.taken_short"))
    if C.GET_LEAD in crm.capabilities:  # the card as the CRM has it now: stage, responsible
        card = lead_card(i18n, await crm.get_lead(lead_id), settings.tz, names)
    else:
        card = Html(query.message.html_text if isinstance(query.message, Message) else "")
    await _redraw(query, *taken_card(i18n, card, taken))


async def already_taken(
    event: ErrorEvent, i18n: Translator, crm: CRM, access: Access, settings: Settings
) -> None:
    """Someone was first: say who when the CRM tells, and redraw the card as it is now."""
    exc = event.exception
    query = event.update.callback_query
    assert isinstance(exc, AlreadyTaken)
    if query is None:
        return
    names = await employee_names(crm)
    lead = await crm.get_lead(exc.lead_id) if C.GET_LEAD in crm.capabilities else None
    taker = names.get(lead.employee_key or "") if lead is not None else None
    said = i18n("lead.taken_by", by=taker) if taker else describe(exc, i18n)
    await alert(query, said)
    if lead is not None:
        text, markup = lead_message(i18n, lead, settings.tz, crm.capabilities, names)
        await _redraw(query, Html(text + "\n\n" + said), markup)


async def show(
    query: CallbackQuery,
    callback_data: LeadShow,
    i18n: Translator,
    crm: CRM,
    access: Access,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    lead = await crm.get_lead(callback_data.lead)
    lead_contacts.remember(lead)
    names = await employee_names(crm)
    await _redraw(query, *lead_message(i18n, lead, settings.tz, crm.capabilities, names))
    await query.answer()


async def pick_assignee(
    query: CallbackQuery, callback_data: LeadAssign, i18n: Translator, access: Access
) -> None:
    """The employees, on the card itself, with a way back."""
    lead_id = callback_data.lead
    markup = employee_picker(
        i18n,
        (await access.employees()).employees,
        callback_data.page,
        choose=lambda e: LeadAssignTo(lead=lead_id, emp=e.key),
        turn=lambda p: LeadAssign(lead=lead_id, page=p),
        extra=[button(i18n("lead.back"), LeadShow(lead=lead_id))],
    )
    if isinstance(query.message, Message):
        text = Html(query.message.html_text)
        await _redraw(query, text, markup)
    await query.answer()


async def assign(
    query: CallbackQuery,
    callback_data: LeadAssignTo,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    access: Access,
    identity: Identity,
    settings: Settings,
    notifier: Notifier,
    lead_contacts: LeadContacts,
) -> None:
    employee = await access.employee(callback_data.emp)
    await desk.assign_lead(identity, callback_data.lead, employee.key)
    await query.answer(i18n("lead.assigned_short"))
    await notifier.personal.assigned("lead", callback_data.lead, employee.key, by=identity)
    if C.GET_LEAD in crm.capabilities:
        lead = await crm.get_lead(callback_data.lead)
        lead_contacts.remember(lead)
        names = await employee_names(crm)
        await _redraw(query, *lead_message(i18n, lead, settings.tz, crm.capabilities, names))
    else:
        await _redraw(
            query, i18n("lead.assigned", id=callback_data.lead, employee=employee.name), None
        )


def router() -> Router:
    r = Router(name="leads.actions")
    r.callback_query.register(take, LeadTake.filter(), flags=needs(C.TAKE_LEAD, **TEAM))
    r.callback_query.register(show, LeadShow.filter(), flags=needs(C.GET_LEAD, **TEAM))
    r.callback_query.register(
        pick_assignee, LeadAssign.filter(), flags=needs(C.ASSIGN_LEAD, C.LIST_EMPLOYEES, **TEAM)
    )
    r.callback_query.register(assign, LeadAssignTo.filter(), flags=needs(C.ASSIGN_LEAD, **TEAM))
    r.errors.register(already_taken, ExceptionTypeFilter(AlreadyTaken))
    return r
