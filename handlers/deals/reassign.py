"""A deal card's Reassign: pick the employee responsible for the deal."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.errors import Forbidden
from bot.crm.protocol import CRM
from bot.i18n import Translator, plain
from bot.notifier.service import Notifier
from bot.staff.access import Access
from bot.staff.errors import UnknownEmployee
from bot.staff.identity import Identity
from bot.work.desk import Desk
from handlers.deals import views
from handlers.deals.card import redraw, rekey
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import DealReassign, DealReassignTo
from handlers.ui.keyboards import employee_picker
from handlers.ui.notify import edit


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
    await rekey(query, markup)
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
    notifier: Notifier,
) -> None:
    employee = (await access.employees()).get(callback_data.emp)
    if employee is None:
        raise UnknownEmployee(callback_data.emp)
    await desk.reassign_deal(identity, callback_data.deal, employee.key)
    try:
        await redraw(query, i18n, crm, settings, callback_data.deal)
    except Forbidden:  # the CRM shows a deal only to its owner (and their managers)
        gone = i18n("deal.reassigned_away", id=callback_data.deal, employee=employee.name)
        if isinstance(query.message, Message):
            await edit(query.bot, query.message.chat.id, query.message.message_id, gone, None)
    await query.answer(plain(i18n("deal.reassigned", employee=employee.name)))
    await notifier.personal.assigned("deal", callback_data.deal, employee.key, by=identity)


def router() -> Router:
    r = Router(name="deals.reassign")
    r.callback_query.register(
        reassign, DealReassign.filter(), flags=needs(C.REASSIGN_DEAL, C.LIST_EMPLOYEES, **TEAM)
    )
    r.callback_query.register(
        reassign_to, DealReassignTo.filter(), flags=needs(C.REASSIGN_DEAL, **TEAM)
    )
    return r
