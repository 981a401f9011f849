"""The dialog that sets a deal's task: the card's Task button → what to do (text) → when (a
quick button or a typed date and time, read in TIMEZONE by `bot.work.due_dates`) →
`Desk.set_task` as the presser's employee, once (a token in the dialog's data: a second
write of the same dialog, after a stop of the bot mid-write, writes nothing). Where the CRM
keeps one open task per employee and deal, the dialog shows the task it would replace and
asks before replacing it. Its state lives in the SQLite FSM storage, so it survives a
restart; `/cancel` (handlers/core/start.py) leaves it at any step.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot import clock
from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.models import Task
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from bot.work.attempts import new_token
from bot.work.desk import Desk
from bot.work.due_dates import next_year, quick_times, read_when
from bot.work.task_lists import DealNames
from bot.work.task_plans import task_target
from handlers.middlewares.gate import needs
from handlers.tasks import views as task_views
from handlers.ui.callbacks import DealTask, TaskMove, TaskNextYear, TaskReplace, TaskWhen
from handlers.ui.dialogs import ANSWER
from handlers.ui.notify import alert
from handlers.ui.views import clip, deal_label, when

TEXT_MAX = 1000  # characters of a task's text


class TaskDialog(StatesGroup):
    text = State()
    due = State()
    confirm = State()  # replace the employee's open task of the deal?


async def start_dialog(
    query: CallbackQuery,
    callback_data: DealTask,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
    identity: Identity,
    settings: Settings,
) -> None:
    assert identity.employee_key is not None  # the gate lets only bound staff here
    deal, replaces = await task_target(crm, callback_data.deal, identity.employee_key)
    await state.set_state(TaskDialog.text)
    data: dict[str, Any] = {"deal": deal.id, "deal_name": deal_label(deal), "attempt": new_token()}
    if replaces is not None:
        due = replaces.due.isoformat() if replaces.due else None
        data["replaces"] = {"text": replaces.text, "due": due}
    await state.set_data(data)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(task_views.ask_text(i18n, deal, replaces, settings.tz))


async def move(
    query: CallbackQuery,
    callback_data: TaskMove,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
    identity: Identity,
    settings: Settings,
    deal_names: DealNames,
) -> None:
    """Reschedule one of the user's own tasks: read it from the deal, then ask when."""
    tasks = await crm.deal_tasks(callback_data.deal)
    task = next((t for t in tasks if t.id == callback_data.task), None)
    if task is None or task.employee_key != identity.employee_key:
        await alert(query, i18n("tasks.gone"))
        return
    names = await deal_names.of(crm, [callback_data.deal])
    await state.set_state(TaskDialog.due)
    await state.set_data(
        {
            "deal": callback_data.deal,
            "deal_name": names.get(callback_data.deal, callback_data.deal),
            "text": task.text,
            "move": task.model_dump(mode="json"),
            "attempt": new_token(),  # the task is written once, whatever is pressed twice
        }
    )
    await query.answer()
    if isinstance(query.message, Message):
        now, tz = clock.now(settings.tz), settings.tz
        question, markup = task_views.ask_when(i18n, quick_times(now, tz), now, tz)
        head = i18n("task.move_ask", text=clip(task.text, 200) or "—", when=when(task.due, tz))
        asked = await query.message.answer(Html(head + "\n" + question), reply_markup=markup)
        await state.update_data(asked=asked.message_id)


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
    now = clock.now(settings.tz)
    question, markup = task_views.ask_when(i18n, quick_times(now, settings.tz), now, settings.tz)
    await state.update_data(text=text)
    await state.set_state(TaskDialog.due)  # before the question: the answer may come at once
    asked = await message.answer(question, reply_markup=markup)
    await state.update_data(asked=asked.message_id)  # to take its buttons off at the end


async def got_typed_due(
    message: Message,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    now, tz = clock.now(settings.tz), settings.tz
    reading = read_when(message.text or "", now=now, tz=tz, default_time=settings.default_task_time)
    example = task_views.example(i18n, now, tz)
    if reading is None:
        await message.answer(i18n("task.unreadable", example=example))
        return
    due = reading.moment
    if due <= now and reading.year_implied:  # never moved to next year without asking
        later = next_year(reading, tz)
        await state.update_data(next_year=later.isoformat())
        text, markup = task_views.ask_next_year(i18n, due, later, tz)
        await message.answer(text, reply_markup=markup)
        return
    if due <= now:
        await message.answer(i18n("task.past", when=when(due, tz), example=example))
        return
    await _chosen(message, state, due, _Writer(desk, access, identity, settings, i18n))


async def got_next_year(
    query: CallbackQuery,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    """Yes: the date typed without a year, next year."""
    later = (await state.get_data()).get("next_year")
    if not later or not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return
    await query.answer()
    due = datetime.fromisoformat(str(later))
    await _chosen(query.message, state, due, _Writer(desk, access, identity, settings, i18n))


async def got_quick_due(
    query: CallbackQuery,
    callback_data: TaskWhen,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    due = quick_times(clock.now(settings.tz), settings.tz).get(callback_data.choice)
    if due is None or not isinstance(query.message, Message):
        await alert(query, i18n("task.quick_gone"))  # today 18:00 pressed after 18:00
        return
    await query.answer()
    await _chosen(query.message, state, due, _Writer(desk, access, identity, settings, i18n))


async def replace(
    query: CallbackQuery,
    callback_data: TaskReplace,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
    desk: Desk,
    access: Access,
    identity: Identity,
) -> None:
    """The answer to "replace your open task?"."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    await _buttons_off(query.message, query.message.message_id)
    data = await state.get_data()
    if not callback_data.ok:
        await state.clear()
        await query.message.answer(i18n("task.kept"))
        return
    due = datetime.fromisoformat(str(data["due"]))
    await _Writer(desk, access, identity, settings, i18n).write(query.message, state, data, due)


async def _chosen(message: Message, state: FSMContext, due: datetime, writer: _Writer) -> None:
    """The time is known: set the task, or first ask whether to replace the open one."""
    data = await state.get_data()
    replaces = data.get("replaces")
    if not isinstance(replaces, dict):
        await writer.write(message, state, data, due)
        return
    old_due = datetime.fromisoformat(replaces["due"]) if replaces.get("due") else None
    await state.update_data(due=due.isoformat())
    await state.set_state(TaskDialog.confirm)
    if "asked" in data:
        await _buttons_off(message, int(data["asked"]))
    text, markup = task_views.confirm_replace(
        writer.i18n, str(replaces.get("text", "")), old_due, str(data["text"]), due, writer.tz
    )
    await message.answer(text, reply_markup=markup)


async def _buttons_off(near: Message, message_id: int) -> None:
    """Take the buttons off an earlier message of the dialog (its question)."""
    if near.bot is not None:
        with suppress(TelegramAPIError):
            await near.bot.edit_message_reply_markup(chat_id=near.chat.id, message_id=message_id)


@dataclass(frozen=True, slots=True)
class _Writer:
    """Sets the task as the presser's employee and shows what the CRM stored."""

    desk: Desk
    access: Access
    identity: Identity
    settings: Settings
    i18n: Translator

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    async def write(
        self, message: Message, state: FSMContext, data: dict[str, Any], due: datetime
    ) -> None:
        once = str(data["attempt"]) if data.get("attempt") else None
        if isinstance(data.get("move"), dict):  # rescheduling a task: it keeps its text
            moving = Task.model_validate(data["move"])
            task = await self.desk.reschedule_task(self.identity, moving, due, attempt=once)
        else:
            task = await self.desk.set_task(
                self.identity, str(data["deal"]), str(data["text"]), due, attempt=once
            )
        await state.clear()
        if "asked" in data:
            await _buttons_off(message, int(data["asked"]))
        key = task.employee_key
        employee = self.access.known_employee(key) if key else None
        name = employee.name if employee is not None else key
        deal_name = str(data.get("deal_name", ""))
        text, markup = task_views.task_set(self.i18n, task, deal_name, name, self.tz)
        await message.answer(text, reply_markup=markup)


def router() -> Router:
    r = Router(name="tasks.dialog")
    r.callback_query.register(start_dialog, DealTask.filter(), flags=needs(C.SET_TASK))
    r.callback_query.register(move, TaskMove.filter(), flags=needs(C.RESCHEDULE_TASK, C.DEAL_TASKS))
    r.message.register(got_text, StateFilter(TaskDialog.text), ANSWER)
    r.message.register(got_typed_due, StateFilter(TaskDialog.due), ANSWER)
    r.callback_query.register(
        got_quick_due, StateFilter(TaskDialog.due), TaskWhen.filter(), flags=needs(C.SET_TASK)
    )
    r.callback_query.register(
        replace, StateFilter(TaskDialog.confirm), TaskReplace.filter(), flags=needs(C.SET_TASK)
    )
    r.callback_query.register(
        got_next_year, StateFilter(TaskDialog.due), TaskNextYear.filter(), flags=needs(C.SET_TASK)
    )
    return r
