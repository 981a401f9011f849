"""A task's Done: how it went (successful or not), then what came of it (a text), then
`Desk.complete_task` as the presser's employee.

The task is read from its deal's open tasks when Done is pressed and again before the
write: a task closed meanwhile (a double tap, another device, the CRM's own screen) is not
closed twice, as a CRM that repeats the close on a second call would do. The dialog's
state is in the SQLite FSM storage, so it survives a restart; /cancel leaves it.
"""

from __future__ import annotations

from contextlib import suppress

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.crm.capabilities import Capability as C
from bot.crm.models import Task, TaskOutcome
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.work.desk import Desk
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import TaskDone, TaskOutcomePick
from handlers.ui.dialogs import ANSWER, typed_text
from handlers.ui.keyboards import button
from handlers.ui.notify import alert
from handlers.ui.views import clip

RESULT_MAX = 1000  # characters of a task's result
TEXT_SHOWN = 200


class TaskFinish(StatesGroup):
    outcome = State()
    result = State()


async def _open_task(crm: CRM, deal_id: str, task_id: str) -> Task | None:
    return next((t for t in await crm.deal_tasks(deal_id) if t.id == task_id), None)


async def done(
    query: CallbackQuery,
    callback_data: TaskDone,
    i18n: Translator,
    crm: CRM,
    state: FSMContext,
) -> None:
    task = await _open_task(crm, callback_data.deal, callback_data.task)
    if task is None:
        await alert(query, i18n("tasks.gone"))
        return
    await state.set_state(TaskFinish.outcome)
    await state.set_data({"deal": callback_data.deal, "task": task.id, "text": task.text})
    await query.answer()
    if isinstance(query.message, Message):
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    button(i18n("task.outcome_good"), TaskOutcomePick(ok=True)),
                    button(i18n("task.outcome_bad"), TaskOutcomePick(ok=False)),
                ]
            ]
        )
        text = i18n("task.outcome_ask", text=clip(task.text, TEXT_SHOWN) or "—")
        await query.message.answer(text, reply_markup=markup)


async def outcome(
    query: CallbackQuery, callback_data: TaskOutcomePick, i18n: Translator, state: FSMContext
) -> None:
    await state.update_data(ok=callback_data.ok)
    await state.set_state(TaskFinish.result)
    await query.answer()
    if isinstance(query.message, Message) and query.bot is not None:
        message = query.message
        with suppress(TelegramAPIError):  # the question keeps its text, loses its buttons
            await query.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=message.message_id
            )
        mark = i18n("task.outcome_good" if callback_data.ok else "task.outcome_bad")
        await message.answer(i18n("task.result_ask", outcome=mark, limit=RESULT_MAX))


async def result(
    message: Message,
    i18n: Translator,
    crm: CRM,
    desk: Desk,
    identity: Identity,
    state: FSMContext,
) -> None:
    text = await typed_text(message, i18n, RESULT_MAX)
    if text is None:
        return
    data = await state.get_data()
    task = await _open_task(crm, str(data["deal"]), str(data["task"]))
    await state.clear()
    if task is None:
        await message.answer(i18n("tasks.gone"))
        return
    ok = bool(data.get("ok"))
    await desk.complete_task(identity, task, TaskOutcome(successful=ok, result=text))
    mark = i18n("task.outcome_good" if ok else "task.outcome_bad")
    shown = clip(task.text, TEXT_SHOWN) or "—"
    await message.answer(i18n("tasks.closed_as", text=shown, outcome=mark, result=text))


def router() -> Router:
    r = Router(name="tasks.done")
    can = needs(C.COMPLETE_TASK, C.DEAL_TASKS, **TEAM)
    r.callback_query.register(done, TaskDone.filter(F.deal != ""), flags=can)
    r.callback_query.register(
        outcome, StateFilter(TaskFinish.outcome), TaskOutcomePick.filter(), flags=can
    )
    r.message.register(result, StateFilter(TaskFinish.result), ANSWER, flags=can)
    return r
