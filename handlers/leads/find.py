"""`/lead`: untaken leads by phone or e-mail, as cards; a lead's card by link or button."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.phones import format_phone, normalize_email, normalize_phone
from bot.work.lead_search import leads_by_contact
from handlers.leads.views import lead_buttons, lead_card
from handlers.ui.callbacks import DealOpen, LeadOpen
from handlers.ui.keyboards import button
from handlers.ui.views import deal_label

DEALS_OFFERED = 5


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


LEAD_LINK = r"^lead_\d{1,12}$"


async def lead_link(
    message: Message, command: CommandObject, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    """`/start lead_<id>`: the lead's card, for staff (the gate checks)."""
    lead_id = (command.args or "").removeprefix("lead_")
    await send_lead_card(message, lead_id, i18n=i18n, crm=crm, settings=settings)


def router() -> Router:
    r = Router(name="leads.find")
    r.message.register(lead_link, CommandStart(deep_link=True, magic=F.args.regexp(LEAD_LINK)))
    r.message.register(find, Command("lead"))
    r.callback_query.register(open_lead, LeadOpen.filter())
    return r
