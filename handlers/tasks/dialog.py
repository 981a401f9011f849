"""The dialog that sets a deal's task: the card's Task button → what to do (text) → when (a
quick button or a typed date and time, read in TIMEZONE by `bot.work.due_dates`) →
`Desk.set_task` as the presser's employee. Its state lives in the SQLite FSM storage, so it
survives a restart; `/cancel` (handlers/core/start.py) leaves it at any step.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from bot.work.desk import Desk
from bot.work.due_dates import parse_when, quick_times
from handlers.middlewares.gate import needs
from handlers.tasks import views as task_views
from handlers.ui.callbacks import DealTask, TaskWhen
from handlers.ui.notify import alert
from handlers.ui.views import deal_label, when

TEXT_MAX = 1000  # characters of a task's text


class TaskDialog(StatesGroup):
    text = State()
    due = State()


def _not_command(message: Message) -> bool:
    """Commands typed during the dialog go to their own handlers, not into the task."""
    return not (message.text or "").startswith("/")


async def start_dialog(
    query: CallbackQuery,
    callback_data: DealTask,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
) -> None:
    deal = await crm.get_deal(callback_data.deal)
    await state.set_state(TaskDialog.text)
    await state.set_data({"deal": deal.id, "deal_name": deal_label(deal)})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(task_views.ask_text(i18n, deal))


async def got_text(
    message: Message, i18n: Translator, settings: Settings, state: FSMContext
) -> None:
    text = (message.text or "").strip()
    if not text:
        await message.answer(i18n("task.not_text"))
        return
    if len(text) > TEXT_MAX:
        await message.answer(i18n("task.too_long", limit=TEXT_MAX, length=len(text)))
        return
    now = datetime.now(settings.tz)
    question, markup = task_views.ask_when(i18n, quick_times(now, settings.tz), now, settings.tz)
    await state.update_data(text=text)
    await state.set_state(TaskDialog.due)  # before the question: the answer may come at once
    asked = await message.answer(question, reply_markup=markup)
    await state.update_data(asked=asked.message_id)  # to take its buttons off at the end


async def got_typed_due(
    message: Message,
    bot: Bot,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    now = datetime.now(settings.tz)
    due = parse_when(message.text or "", now=now, tz=settings.tz)
    example = task_views.example(i18n, now, settings.tz)
    if due is None:
        await message.answer(i18n("task.unreadable", example=example))
        return
    if due <= now:
        await message.answer(i18n("task.past", when=when(due, settings.tz), example=example))
        return
    data = await state.get_data()
    text, markup = await _set(
        bot, message.chat.id, data, desk, access, identity, settings, i18n, due
    )
    await state.clear()
    await message.answer(text, reply_markup=markup)


async def got_quick_due(
    query: CallbackQuery,
    callback_data: TaskWhen,
    bot: Bot,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    due = quick_times(datetime.now(settings.tz), settings.tz).get(callback_data.choice)
    if due is None or not isinstance(query.message, Message):
        await alert(query, i18n("task.quick_gone"))  # today 18:00 pressed after 18:00
        return
    data = await state.get_data()
    chat_id = query.message.chat.id
    text, markup = await _set(bot, chat_id, data, desk, access, identity, settings, i18n, due)
    await state.clear()
    await query.answer()
    await query.message.answer(text, reply_markup=markup)


async def _set(
    bot: Bot,
    chat_id: int,
    data: dict[str, Any],
    desk: Desk,
    access: Access,
    identity: Identity,
    settings: Settings,
    i18n: Translator,
    due: datetime,
) -> tuple[Html, InlineKeyboardMarkup]:
    """Write the task and render what the CRM stored; the quick buttons leave the question."""
    task = await desk.set_task(identity, str(data["deal"]), str(data["text"]), due)
    if "asked" in data:
        with suppress(TelegramAPIError):
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=int(data["asked"]))
    employee = (await access.employees()).get(task.employee_key) if task.employee_key else None
    name = employee.name if employee is not None else task.employee_key
    return task_views.task_set(i18n, task, str(data.get("deal_name", "")), name, settings.tz)


def router() -> Router:
    r = Router(name="tasks.dialog")
    r.callback_query.register(start_dialog, DealTask.filter(), flags=needs(C.SET_TASK))
    r.message.register(got_text, StateFilter(TaskDialog.text), F.func(_not_command))
    r.message.register(got_typed_due, StateFilter(TaskDialog.due), F.func(_not_command))
    r.callback_query.register(
        got_quick_due, StateFilter(TaskDialog.due), TaskWhen.filter(), flags=needs(C.SET_TASK)
    )
    return r
