"""A deal card's Close, where closing is its own operation (CLOSE_DEAL): a closing status
from the CRM's list → the actual amount (typed, or the deal's own) → a comment (typed, or
none) → `Desk.close_deal` as the presser's employee, and the card redrawn.

A deal closed already is said so at the first press, and again before the write (another
device, the CRM's own screen). The dialog's state is in the SQLite FSM storage; /cancel
leaves it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.work.desk import Desk
from handlers.deals import views
from handlers.deals.card import card_of, rekey
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import DealClose, DealCloseAs, DealCloseSkip
from handlers.ui.dialogs import ANSWER, typed_text
from handlers.ui.keyboards import button, single
from handlers.ui.notify import alert, edit

COMMENT_MAX = 1000  # characters of a closing comment
AMOUNT_MAX = Decimal("1e12")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class Closing(StatesGroup):
    amount = State()
    comment = State()


def read_amount(text: str) -> Decimal | None:
    """ "12 500,50", "150000", "150000.00 ₽" → the amount; None when it is not one."""
    cleaned = _SPACES.sub("", text).removesuffix("₽").removesuffix("руб.").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= AMOUNT_MAX:
        return None
    return amount.quantize(Decimal("0.01"))


async def close(query: CallbackQuery, callback_data: DealClose, i18n: Translator, crm: CRM) -> None:
    deal = await crm.get_deal(callback_data.deal)
    if deal.closed_as:
        await alert(query, i18n("deal.already_closed", id=deal.id, status=deal.closed_as))
        return
    rows = [
        [button(r.name, DealCloseAs(deal=deal.id, reason=r.id))] for r in await crm.close_reasons()
    ]
    rows.append([views.back_button(i18n, deal.id)])
    await rekey(query, InlineKeyboardMarkup(inline_keyboard=rows))
    await query.answer()


async def close_as(
    query: CallbackQuery,
    callback_data: DealCloseAs,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
) -> None:
    reason = next((r for r in await crm.close_reasons() if r.id == callback_data.reason), None)
    if reason is None:
        await alert(query, i18n("button.stale"))
        return
    deal = await crm.get_deal(callback_data.deal)
    card = query.message.message_id if isinstance(query.message, Message) else None
    await state.set_state(Closing.amount)
    await state.set_data(
        {
            "deal": deal.id,
            "reason": reason.id,
            "reason_name": reason.name,
            "card": card,
            "own_amount": str(deal.amount) if deal.amount is not None else None,
        }
    )
    await query.answer()
    if isinstance(query.message, Message):
        keep = (
            i18n("deal.close_amount_keep", amount=views.money(deal.amount))
            if deal.amount is not None
            else i18n("deal.close_amount_none")
        )
        ask = i18n("deal.close_amount_ask", id=deal.id, status=reason.name)
        await query.message.answer(ask, reply_markup=single(keep, DealCloseSkip(step="amount")))


async def amount_typed(message: Message, i18n: Translator, state: FSMContext) -> None:
    amount = read_amount(message.text or "")
    if amount is None:
        await message.answer(i18n("deal.close_amount_bad"))
        return
    await state.update_data(amount=str(amount))
    await _ask_comment(message, i18n, state)


async def amount_kept(query: CallbackQuery, i18n: Translator, state: FSMContext) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _ask_comment(query.message, i18n, state)


async def _ask_comment(near: Message, i18n: Translator, state: FSMContext) -> None:
    await state.set_state(Closing.comment)
    markup = single(i18n("deal.close_no_comment"), DealCloseSkip(step="comment"))
    await near.answer(i18n("deal.close_comment_ask", limit=COMMENT_MAX), reply_markup=markup)


async def comment_typed(
    message: Message,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
    state: FSMContext,
) -> None:
    comment = await typed_text(message, i18n, COMMENT_MAX)
    if comment is not None:
        await _close(message, comment, i18n, crm, desk, identity, settings, state)


async def no_comment(
    query: CallbackQuery,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
    state: FSMContext,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _close(query.message, None, i18n, crm, desk, identity, settings, state)


async def _close(
    near: Message,
    comment: str | None,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
    state: FSMContext,
) -> None:
    data: dict[str, Any] = await state.get_data()
    await state.clear()
    deal = await crm.get_deal(str(data["deal"]))
    if deal.closed_as:
        await near.answer(i18n("deal.already_closed", id=deal.id, status=deal.closed_as))
        return
    amount = Decimal(data["amount"]) if data.get("amount") else None
    await desk.close_deal(identity, deal.id, str(data["reason"]), amount, comment)
    text, markup = await card_of(i18n, crm, settings, deal.id)
    if data.get("card") is not None and near.bot is not None:
        await edit(near.bot, near.chat.id, int(data["card"]), text, markup)
    await near.answer(i18n("deal.closed_done", id=deal.id, status=str(data["reason_name"])))


def router() -> Router:
    r = Router(name="deals.close")
    can = needs(C.CLOSE_DEAL, **TEAM)
    r.callback_query.register(close, DealClose.filter(), flags=can)
    r.callback_query.register(close_as, DealCloseAs.filter(), flags=can)
    r.message.register(amount_typed, StateFilter(Closing.amount), ANSWER, flags=can)
    r.callback_query.register(
        amount_kept,
        StateFilter(Closing.amount),
        DealCloseSkip.filter(F.step == "amount"),
        flags=can,
    )
    r.message.register(comment_typed, StateFilter(Closing.comment), ANSWER, flags=can)
    r.callback_query.register(
        no_comment,
        StateFilter(Closing.comment),
        DealCloseSkip.filter(F.step == "comment"),
        flags=can,
    )
    return r
