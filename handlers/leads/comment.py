"""A lead card's Comment: one message, checked, written to the CRM as the presser."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.work.desk import Desk
from handlers.leads.views import comment_stored
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import LeadComment
from handlers.ui.dialogs import ANSWER, typed_text

COMMENT_MAX = 2000


class LeadCommentDialog(StatesGroup):
    text = State()


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


def router() -> Router:
    r = Router(name="leads.comment")
    r.callback_query.register(ask_comment, LeadComment.filter(), flags=needs(C.COMMENT_LEAD))
    r.message.register(comment_text, StateFilter(LeadCommentDialog.text), ANSWER)
    return r
