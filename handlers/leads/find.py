"""`/lead`: untaken leads by phone or e-mail, as cards; a lead's card by link or button."""

from __future__ import annotations

import time

from aiogram import Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.capabilities import Trait
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.work.deal_cards import together
from bot.work.lead_contacts import LeadContacts
from bot.work.lead_search import employee_names, find_lead, read_lead_query
from handlers.leads.views import lead_message, nothing_found
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import LeadOpen
from handlers.ui.dialogs import ANSWER, typed_or_ask, typed_text
from handlers.ui.links import card_id, card_link, command_link
from handlers.ui.notify import edit

QUERY_MAX = 200  # characters of a typed phone or e-mail


class LeadLookup(StatesGroup):
    waiting = State()  # /lead with nothing after it: the next message is what to look for


async def find(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    state: FSMContext,
    lead_contacts: LeadContacts,
) -> None:
    typed = await typed_or_ask(message, command, state, LeadLookup.waiting, i18n("lead.ask"))
    if typed is not None:
        await lookup_lead(message, typed, i18n, crm, settings, lead_contacts)


async def typed_query(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    """The answer to "which lead?": looked up once it reads as a phone or an e-mail."""
    text = await typed_text(message, i18n, QUERY_MAX)
    if text is None:
        return
    if read_lead_query(text) is None:
        await message.answer(i18n("lead.hint"))
        return
    await state.clear()
    await lookup_lead(message, text, i18n, crm, settings, lead_contacts)


async def lookup_lead(
    message: Message,
    typed: str,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    """Untaken leads with a phone or e-mail, one card each; else one message of what was
    found instead (deals with the same contacts, or nothing). The leads' contacts are
    remembered for their Take into work button."""
    query = read_lead_query(typed)
    if query is None:
        await message.answer(i18n("lead.hint"))
        return
    note = ScanNote(message, i18n) if Trait.LEAD_SEARCH_SCANS in crm.traits else None
    if note is not None:
        await note.begin()
    progress = note.update if note is not None else None
    found = await find_lead(crm, phone=query.phone, email=query.email, progress=progress)
    if note is not None:
        await note.finish()
    names = await employee_names(crm) if found.leads else {}
    lead_contacts.remember(*found.leads)
    for lead in found.leads:
        text, markup = lead_message(i18n, lead, settings.tz, crm.capabilities, names)
        await message.answer(text, reply_markup=markup)
    if not found.leads:
        deals_searched = C.FIND_DEALS in crm.capabilities
        scanned = Trait.LEAD_SEARCH_SCANS in crm.traits  # every status, not only untaken
        text, markup = nothing_found(
            i18n, found.deals, deals_searched, query.phone, any_status=scanned
        )
        await message.answer(text, reply_markup=markup)


class ScanNote:
    """ "Searching…" for a CRM that reads its lead list page by page: the message says how
    many leads were looked through, edited at most once a second, and once at the end."""

    EVERY = 1.0  # seconds between two edits

    def __init__(self, message: Message, i18n: Translator) -> None:
        self._message = message
        self._i18n = i18n
        self._note: Message | None = None
        self._count = 0
        self._edited = 0.0

    async def begin(self) -> None:
        self._note = await self._message.answer(self._i18n("lead.scanning"))
        self._edited = time.monotonic()

    async def update(self, count: int) -> None:
        self._count = count
        if time.monotonic() - self._edited >= self.EVERY:
            await self._show(self._i18n("lead.scanning_count", count=count))

    async def finish(self) -> None:
        await self._show(self._i18n("lead.scanned", count=self._count))

    async def _show(self, text: str) -> None:
        if self._note is not None:
            await edit(self._message.bot, self._note.chat.id, self._note.message_id, text)
            self._edited = time.monotonic()


async def send_lead_card(
    message: Message,
    lead_id: str,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    """The card of one lead as a new message (deep links, notifications)."""
    lead, names = await together(crm.get_lead(lead_id), employee_names(crm))
    lead_contacts.remember(lead)
    text, markup = lead_message(i18n, lead, settings.tz, crm.capabilities, names)
    await message.answer(text, reply_markup=markup)


async def open_lead(
    query: CallbackQuery,
    callback_data: LeadOpen,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    if isinstance(query.message, Message):
        lead_id = callback_data.lead
        await send_lead_card(query.message, lead_id, i18n, crm, settings, lead_contacts)
    await query.answer()


async def open_lead_link(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    lead_contacts: LeadContacts,
) -> None:
    """`/start lead_<id>`: the lead's card."""
    await send_lead_card(message, card_id(command), i18n, crm, settings, lead_contacts)


def router() -> Router:
    r = Router(name="leads.find")
    r.message.register(open_lead_link, card_link("lead"), flags=needs(C.GET_LEAD))
    refusal = "error.no_lead_search"
    r.message.register(find, Command("lead"), flags=needs(C.FIND_LEADS, refusal=refusal, **TEAM))
    r.message.register(find, command_link("lead"), flags=needs(C.FIND_LEADS, refusal=refusal))
    r.message.register(
        typed_query, StateFilter(LeadLookup.waiting), ANSWER, flags=needs(C.FIND_LEADS, **TEAM)
    )
    r.callback_query.register(open_lead, LeadOpen.filter(), flags=needs(C.GET_LEAD, **TEAM))
    return r
