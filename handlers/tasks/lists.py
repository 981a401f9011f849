"""`/tasks` (my open tasks, soonest first) and a deal card's Tasks."""

from __future__ import annotations

from datetime import datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from handlers.middlewares.gate import needs
from handlers.tasks import views as task_views
from handlers.ui.callbacks import DealTasks, MyTasksPage
from handlers.ui.keyboards import paged
from handlers.ui.links import command_link
from handlers.ui.notify import edit

MY_TASKS_FETCHED = 50  # one CRM page (Envybox's maximum); sorted and paged by the bot


async def my_tasks(
    message: Message, i18n: Translator, crm: CRM, identity: Identity, settings: Settings
) -> None:
    text, markup = await _my_tasks(i18n, crm, identity, settings, 0)
    await message.answer(text, reply_markup=markup)


async def my_tasks_page(
    query: CallbackQuery,
    callback_data: MyTasksPage,
    i18n: Translator,
    crm: CRM,
    identity: Identity,
    settings: Settings,
) -> None:
    text, markup = await _my_tasks(i18n, crm, identity, settings, callback_data.page)
    if query.message is not None:
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


async def _my_tasks(
    i18n: Translator, crm: CRM, identity: Identity, settings: Settings, page: int
) -> tuple[Html, InlineKeyboardMarkup]:
    """The user's open tasks, soonest first (no due time last), one page of them."""
    assert identity.employee_key is not None  # the gate lets only bound staff here
    got = await crm.tasks(employee_key=identity.employee_key, done=False, limit=MY_TASKS_FETCHED)
    ordered = sorted(got.items, key=lambda t: (t.due is None, t.due or datetime.min))
    chunk, page, last = paged(ordered, page)
    total = max(got.total or 0, len(ordered))
    return task_views.my_tasks(
        i18n, chunk, shown=len(ordered), total=total, page=page, last=last, tz=settings.tz
    )


async def deal_tasks(
    query: CallbackQuery,
    callback_data: DealTasks,
    i18n: Translator,
    crm: CRM,
    access: Access,
    settings: Settings,
) -> None:
    tasks = await crm.deal_tasks(callback_data.deal)
    names = {e.key: e.name for e in (await access.employees()).employees}
    await query.answer()
    if isinstance(query.message, Message):
        text = task_views.deal_tasks(i18n, callback_data.deal, tasks, names, settings.tz)
        await query.message.answer(text)


def router() -> Router:
    r = Router(name="tasks.lists")
    r.message.register(my_tasks, Command("tasks"), flags=needs(C.LIST_TASKS))
    r.message.register(my_tasks, command_link("tasks"), flags=needs(C.LIST_TASKS))
    r.callback_query.register(my_tasks_page, MyTasksPage.filter(), flags=needs(C.LIST_TASKS))
    r.callback_query.register(deal_tasks, DealTasks.filter(), flags=needs(C.DEAL_TASKS))
    return r
