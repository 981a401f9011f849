"""A lead post's Take into work button, pressed in a team group by a bound staff member."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.notifier.claims import Claims
from bot.notifier.messages import ClaimLead
from bot.staff.identity import Identity
from handlers.middlewares.gate import GROUP, needs
from handlers.ui.notify import alert


async def take(
    query: CallbackQuery,
    callback_data: ClaimLead,
    i18n: Translator,
    claims: Claims,
    identity: Identity,
    crm: CRM,
) -> None:
    outcome = await claims.take(identity, callback_data.lead)
    claim = outcome.claim
    if outcome.now_mine and C.TAKE_LEAD not in crm.capabilities:
        await alert(query, i18n("post.yours_in_bot"))
    elif outcome.now_mine:
        await query.answer(i18n("post.yours"))
    elif claim.tg_user_id == identity.user_id:
        await query.answer(i18n("post.yours_already"))
    elif claim.name:
        await alert(query, i18n("post.taken_by", name=claim.name))
    else:
        await alert(query, i18n("post.taken_in_crm"))


def router() -> Router:
    r = Router(name="groups.claim")
    # posts exist only where the CRM lists new leads; taking one in the CRM is optional
    r.callback_query.register(take, ClaimLead.filter(), flags=needs(C.LIST_NEW_LEADS, **GROUP))
    return r
