"""The deal card's dialogs: a comment, and tags; one message each, checked, /cancel leaves."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.work.deal_cards import commented_card
from bot.work.deal_query import TAG_MAX, TAGS_MAX, read_tags
from bot.work.desk import Desk
from handlers.deals import views
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import DealComment, DealTags
from handlers.ui.dialogs import ANSWER, typed_text
from handlers.ui.notify import edit

COMMENT_MAX = 2000


class DealDialog(StatesGroup):
    comment = State()
    tags = State()


async def comment_start(
    query: CallbackQuery, callback_data: DealComment, i18n: Translator, state: FSMContext
) -> None:
    await _ask(query, state, DealDialog.comment, callback_data.deal)
    if isinstance(query.message, Message):
        ask = i18n("deal.comment_ask", id=callback_data.deal, limit=COMMENT_MAX)
        await query.message.answer(ask)


async def _ask(query: CallbackQuery, state: FSMContext, step: State, deal_id: str) -> None:
    await state.set_state(step)
    card = query.message.message_id if isinstance(query.message, Message) else None
    await state.set_data({"deal": deal_id, "card": card})  # the card, to redraw it after
    await query.answer()


async def comment_text(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
) -> None:
    text = await typed_text(message, i18n, COMMENT_MAX)
    if text is None:
        return
    data = await state.get_data()
    deal_id = str(data["deal"])
    written = desk.comment_deal(identity, deal_id, text)
    if data.get("card") is None or message.bot is None:
        entry, card = await written, None
    else:  # the card shows it now, read while the comment is written
        entry, card = await commented_card(crm, deal_id, written)
    await state.clear()
    await message.answer(views.comment_saved(i18n, deal_id, entry, settings.tz))
    if card is not None and message.bot is not None:
        text, markup = views.card_message(i18n, card, settings.tz, crm.capabilities)
        await edit(message.bot, message.chat.id, int(data["card"]), text, markup)


async def tags_start(
    query: CallbackQuery, callback_data: DealTags, i18n: Translator, state: FSMContext
) -> None:
    await _ask(query, state, DealDialog.tags, callback_data.deal)
    if isinstance(query.message, Message):
        await query.message.answer(i18n("deal.tags_ask", id=callback_data.deal))


async def tags_text(
    message: Message, state: FSMContext, i18n: Translator, desk: Desk, identity: Identity
) -> None:
    text = await typed_text(message, i18n, TAGS_MAX * (TAG_MAX + 2))
    if text is None:
        return
    tags = read_tags(text)
    if tags is None:
        await message.answer(i18n("deal.tags_bad", count=TAGS_MAX, limit=TAG_MAX))
        return
    deal_id = str((await state.get_data())["deal"])
    await desk.tag_deal(identity, deal_id, tags)
    await state.clear()
    await message.answer(i18n("deal.tags_saved", id=deal_id, tags=", ".join(tags)))


def router() -> Router:
    r = Router(name="deal_dialogs")
    r.callback_query.register(comment_start, DealComment.filter(), flags=needs(C.COMMENT_DEAL))
    r.callback_query.register(tags_start, DealTags.filter(), flags=needs(C.TAG_DEAL))
    r.message.register(comment_text, StateFilter(DealDialog.comment), ANSWER)
    r.message.register(tags_text, StateFilter(DealDialog.tags), ANSWER)
    return r
