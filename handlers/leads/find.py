"""`/lead`: untaken leads by phone or e-mail, as cards; a lead's card by link or button."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.phones import format_phone, normalize_email, normalize_phone
from bot.work.lead_search import find_lead
from handlers.leads.views import lead_buttons, lead_card, nothing_found
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import LeadOpen
from handlers.ui.links import card_link, card_opener, command_link, typed_args


async def find(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    query = typed_args(command).strip()
    phone = normalize_phone(query) if query else None
    email = None if phone or not query else normalize_email(query)
    if phone is None and email is None:
        await message.answer(i18n("lead.hint"))
        return
    if phone is not None:
        await message.answer(i18n("lead.searched_as", phone=format_phone(phone)))
    found = await find_lead(crm, phone=phone, email=email)
    for lead in found.leads:
        await message.answer(
            lead_card(i18n, lead, settings.tz),
            reply_markup=lead_buttons(i18n, lead, crm.capabilities),
        )
    if not found.leads:
        text, markup = nothing_found(i18n, found.deals, C.FIND_DEALS in crm.capabilities)
        await message.answer(text, reply_markup=markup)


async def send_lead_card(
    message: Message, lead_id: str, i18n: Translator, crm: CRM, settings: Settings
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
        await send_lead_card(query.message, callback_data.lead, i18n, crm, settings)
    await query.answer()


def router() -> Router:
    r = Router(name="leads.find")
    opener = card_opener(send_lead_card)  # /start lead_<id>
    r.message.register(opener, card_link("lead"), flags=needs(C.GET_LEAD))
    r.message.register(find, Command("lead"), flags=needs(C.FIND_LEADS))
    r.message.register(find, command_link("lead"), flags=needs(C.FIND_LEADS))
    r.callback_query.register(open_lead, LeadOpen.filter(), flags=needs(C.GET_LEAD))
    return r
