"""`/alerts`: each person turns each kind of their personal alerts on or off (in private)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.notifier.personal import ASSIGNED, TASKS
from bot.staff.identity import Identity
from bot.store import Store
from handlers.middlewares.gate import PRIVATE
from handlers.ui.callbacks import AlertToggle
from handlers.ui.keyboards import button
from handlers.ui.links import command_link
from handlers.ui.notify import edit


def _kinds(crm: CRM, settings: Settings) -> list[str]:
    """The kinds this CRM and these settings can send at all."""
    kinds = []
    if crm.capabilities & {C.ASSIGN_LEAD, C.REASSIGN_DEAL}:
        kinds.append(ASSIGNED)
    if C.LIST_TASKS in crm.capabilities and settings.task_remind_minutes > 0:
        kinds.append(TASKS)
    return kinds


async def _screen(
    i18n: Translator, crm: CRM, settings: Settings, store: Store, user_id: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    kinds = _kinds(crm, settings)
    if not kinds:
        return i18n("alerts.none"), None
    off = await store.alerts_off(user_id)
    minutes = f"{settings.task_remind_minutes:g}"
    lines = [i18n("alerts.title")]
    rows = []
    for kind in kinds:
        on = kind not in off
        label = i18n(f"alerts.{kind}", minutes=minutes)
        lines.append(i18n("alerts.on" if on else "alerts.off", label=label))
        switch = i18n("alerts.turn_off" if on else "alerts.turn_on", label=label)
        rows.append([button(switch, AlertToggle(kind=kind, on=not on))])
    return Html("\n".join(lines)), InlineKeyboardMarkup(inline_keyboard=rows)


async def show(
    message: Message,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    store: Store,
    identity: Identity,
) -> None:
    text, markup = await _screen(i18n, crm, settings, store, identity.user_id)
    await message.answer(text, reply_markup=markup)


async def toggle(
    query: CallbackQuery,
    callback_data: AlertToggle,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    store: Store,
    identity: Identity,
) -> None:
    if callback_data.kind not in _kinds(crm, settings):
        await query.answer(i18n("alerts.none"), show_alert=True)
        return
    await store.set_alert(identity.user_id, callback_data.kind, on=callback_data.on)
    await query.answer(i18n("alerts.saved_on" if callback_data.on else "alerts.saved_off"))
    text, markup = await _screen(i18n, crm, settings, store, identity.user_id)
    if isinstance(query.message, Message):
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)


def router() -> Router:
    r = Router(name="alerts")
    r.message.register(show, Command("alerts"), flags=PRIVATE)
    r.message.register(show, command_link("alerts"), flags=PRIVATE)
    r.callback_query.register(toggle, AlertToggle.filter(), flags=PRIVATE)
    return r
