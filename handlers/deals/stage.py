"""A deal card's Stage: the stages of the deal's own pipeline, and moving it."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.work.deal_cards import deal_and_pipeline, deal_card
from bot.work.desk import Desk
from handlers.deals import views
from handlers.deals.card import rekey
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import DealSetStage, DealStages
from handlers.ui.notify import alert, edit


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
) -> None:
    card = await deal_card(crm, callback_data.deal)
    moved = card.moved_to(callback_data.stage)
    if moved is None:  # forged, or the pipeline changed since the buttons were drawn
        await alert(query, i18n("deal.stage_not_here"))
        return
    await desk.change_stage(identity, callback_data.deal, callback_data.stage)
    if isinstance(query.message, Message):
        text, markup = views.card_message(i18n, moved, settings.tz, crm.capabilities)
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


def router() -> Router:
    r = Router(name="deals.stage")
    r.callback_query.register(
        stages, DealStages.filter(), flags=needs(C.CHANGE_DEAL_STAGE, C.LIST_PIPELINES)
    )
    r.callback_query.register(
        set_stage, DealSetStage.filter(), flags=needs(C.CHANGE_DEAL_STAGE, C.LIST_PIPELINES)
    )
    return r
