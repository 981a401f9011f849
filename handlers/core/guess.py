"""In a private chat, a bare phone, e-mail or deal number typed without a command is looked
up: a phone or an e-mail as `/lead` (which offers the deals with them when there is no lead),
a deal number as `/deal`. Anything else goes on to the fallback."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import default_state
from aiogram.types import Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.work.deal_query import BadEmail, read_deal_query
from bot.work.lead_contacts import LeadContacts
from bot.work.lead_search import read_lead_query
from handlers.deals.find import lookup_deal
from handlers.leads.find import lookup_lead

TYPED_MAX = 100  # longer texts are not a bare phone, e-mail or number


def looks_up(message: Message) -> dict[str, Any] | bool:
    """A filter: {"looked_for": "lead" | "deal"} when the text is one, else False."""
    text = (message.text or "").strip()
    if not text or len(text) > TYPED_MAX or text.startswith("/"):
        return False
    if read_lead_query(text) is not None:
        return {"looked_for": "lead"}
    try:
        query = read_deal_query(text)
    except BadEmail:
        return False
    return {"looked_for": "deal"} if query is not None and query.deal_id else False


async def look_up(
    message: Message,
    looked_for: str,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    state: FSMContext,
    lead_contacts: LeadContacts,
) -> None:
    text = (message.text or "").strip()
    if looked_for == "lead" and C.FIND_LEADS in crm.capabilities:
        await lookup_lead(message, text, i18n, crm, settings, lead_contacts)
    elif {C.FIND_DEALS, C.GET_DEAL} & crm.capabilities:
        await lookup_deal(message, text, i18n, crm, settings, state)
    else:
        await message.answer(i18n("fallback.unknown"))


def router() -> Router:
    r = Router(name="guess")
    r.message.register(look_up, F.chat.type == "private", default_state, looks_up)
    return r
