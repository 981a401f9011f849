"""A deal card's Stage: the stages of the deal's own pipeline, and moving it; a closing
stage asks first, and a lost one asks why (the reason is written as the deal's comment).
Where the CRM records a comment with the move (trait STAGE_COMMENT), the move asks for one,
with a button to move without. The deal's current stage again changes nothing."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.capabilities import Trait
from bot.crm.errors import CRMError
from bot.crm.models import StageStatus
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.work.attempts import Unconfirmed
from bot.work.deal_cards import deal_and_pipeline, deal_card
from bot.work.desk import Desk
from handlers.core.errors import describe
from handlers.deals import views
from handlers.deals.card import card_of, rekey
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import DealSetStage, DealStages
from handlers.ui.dialogs import ANSWER, typed_text
from handlers.ui.notify import alert, edit

REASON_MAX = 1000  # characters of a lost deal's reason, or of a move's comment


class StageDialog(StatesGroup):
    lost_reason = State()  # the deal goes to a "lost" stage: why?
    comment = State()  # the move's comment, where the CRM keeps one with it


async def stages(
    query: CallbackQuery, callback_data: DealStages, i18n: Translator, crm: CRM
) -> None:
    deal, pipeline = await deal_and_pipeline(crm, callback_data.deal)
    if pipeline is None or not pipeline.manual_stage_change:
        name = pipeline.name if pipeline is not None else (deal.pipeline_id or "—")
        await alert(query, i18n("deal.stage_manual_off", pipeline=name))
        return
    await rekey(query, views.stage_picker(i18n, deal, pipeline))
    await query.answer()


async def set_stage(
    query: CallbackQuery,
    callback_data: DealSetStage,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
    state: FSMContext,
) -> None:
    card = await deal_card(crm, callback_data.deal)
    moved = card.moved_to(callback_data.stage)
    if moved is None or moved.stage is None:  # forged, or the pipeline changed meanwhile
        await alert(query, i18n("deal.stage_not_here"))
        return
    if card.deal.stage_id == callback_data.stage:
        await alert(query, i18n("deal.stage_same"))
        return
    closing = moved.stage.status
    if closing is StageStatus.LOST and C.COMMENT_DEAL in crm.capabilities:
        await _ask_reason(query, state, i18n, callback_data)  # the reason becomes a comment
        return
    if closing is not StageStatus.OPEN and not callback_data.sure:
        await rekey(query, views.confirm_close(i18n, moved))
        await query.answer()
        return
    if Trait.STAGE_COMMENT in crm.traits and not callback_data.sure:
        await _ask_comment(query, state, i18n, callback_data, moved.deal.stage_name or "")
        return
    if await state.get_state() == StageDialog.comment.state:  # moved without a comment
        await state.clear()
    await desk.change_stage(identity, callback_data.deal, callback_data.stage)
    if isinstance(query.message, Message):
        text, markup = views.card_message(i18n, moved, settings.tz, crm.capabilities)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


async def _ask_reason(
    query: CallbackQuery, state: FSMContext, i18n: Translator, data: DealSetStage
) -> None:
    await state.set_state(StageDialog.lost_reason)
    card = query.message.message_id if isinstance(query.message, Message) else None
    await state.set_data({"deal": data.deal, "stage": data.stage, "card": card})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n("deal.lost_reason_ask", id=data.deal))


async def _ask_comment(
    query: CallbackQuery, state: FSMContext, i18n: Translator, data: DealSetStage, stage: str
) -> None:
    """The card offers the move without a comment; a typed message is the comment."""
    await state.set_state(StageDialog.comment)
    card = query.message.message_id if isinstance(query.message, Message) else None
    await state.set_data({"deal": data.deal, "stage": data.stage, "card": card})
    await rekey(query, views.move_without_comment(i18n, data.deal, data.stage))
    await query.answer()
    if isinstance(query.message, Message):
        ask = i18n("deal.stage_comment_ask", id=data.deal, stage=stage, limit=REASON_MAX)
        await query.message.answer(ask)


async def stage_comment(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
) -> None:
    """The move's comment: the deal is moved with it, and its card redrawn."""
    comment = await typed_text(message, i18n, REASON_MAX)
    if comment is None:
        return
    data = await state.get_data()
    deal_id, stage_id = str(data["deal"]), str(data["stage"])
    moved = (await deal_card(crm, deal_id)).moved_to(stage_id)
    await state.clear()
    if moved is None:
        await message.answer(i18n("deal.stage_not_here"))
        return
    await desk.change_stage(identity, deal_id, stage_id, comment)
    text, markup = views.card_message(i18n, moved, settings.tz, crm.capabilities)
    if data.get("card") is not None and message.bot is not None:
        await edit(message.bot, message.chat.id, int(data["card"]), text, markup)
    await message.answer(i18n("deal.stage_moved", id=deal_id, stage=moved.deal.stage_name or ""))


async def lost_reason(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    team_i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    settings: Settings,
) -> None:
    """Why the deal was lost: the stage is moved and the reason written as its comment."""
    reason = await typed_text(message, i18n, REASON_MAX)
    if reason is None:
        return
    data = await state.get_data()
    deal_id, stage_id = str(data["deal"]), str(data["stage"])
    moved = (await deal_card(crm, deal_id)).moved_to(stage_id)
    if moved is None:
        await state.clear()
        await message.answer(i18n("deal.stage_not_here"))
        return
    await desk.change_stage(identity, deal_id, stage_id)
    await state.clear()  # moved: the reason typed again must not move the deal twice
    done = i18n("deal.lost_done", id=deal_id)
    try:
        await desk.comment_deal(identity, deal_id, team_i18n("deal.lost_reason", reason=reason))
    except CRMError as exc:
        if isinstance(exc, Unconfirmed):
            raise  # told as any write the CRM did not confirm
        done = i18n("deal.lost_reason_refused", id=deal_id, error=describe(exc, i18n))
    text, markup = await card_of(i18n, crm, settings, deal_id)
    if data.get("card") is not None and message.bot is not None:
        await edit(message.bot, message.chat.id, int(data["card"]), text, markup)
    await message.answer(done)


def router() -> Router:
    r = Router(name="deals.stage")
    r.callback_query.register(
        stages, DealStages.filter(), flags=needs(C.CHANGE_DEAL_STAGE, C.LIST_PIPELINES, **TEAM)
    )
    r.message.register(lost_reason, StateFilter(StageDialog.lost_reason), ANSWER, flags=TEAM)
    r.message.register(stage_comment, StateFilter(StageDialog.comment), ANSWER, flags=TEAM)
    r.callback_query.register(
        set_stage, DealSetStage.filter(), flags=needs(C.CHANGE_DEAL_STAGE, C.LIST_PIPELINES, **TEAM)
    )
    return r
