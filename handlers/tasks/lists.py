"""`/tasks` (my open tasks: all, today, overdue; soonest first, with their deals and
clients) and a deal card's Tasks; each task can be rescheduled, and closed where the CRM
can close tasks (`handlers.tasks.done`)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import clock
from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from bot.work.task_lists import VIEWS, DealNames, in_view
from handlers.middlewares.gate import TEAM, needs
from handlers.tasks import views as task_views
from handlers.ui.callbacks import DealTasks, MyTasksPage
from handlers.ui.keyboards import paged
from handlers.ui.links import command_link
from handlers.ui.notify import edit

MY_TASKS_FETCHED = 50  # one CRM page (Envybox's maximum); sorted and paged by the bot


async def my_tasks(
    message: Message,
    i18n: Translator,
    crm: CRM,
    identity: Identity,
    settings: Settings,
    deal_names: DealNames,
) -> None:
    text, markup = await _my_tasks(i18n, crm, identity, settings, deal_names, "all", 0)
    await message.answer(text, reply_markup=markup)


async def my_tasks_page(
    query: CallbackQuery,
    callback_data: MyTasksPage,
    i18n: Translator,
    crm: CRM,
    identity: Identity,
    settings: Settings,
    deal_names: DealNames,
) -> None:
    view = callback_data.view if callback_data.view in VIEWS else "all"
    text, markup = await _my_tasks(
        i18n, crm, identity, settings, deal_names, view, callback_data.page
    )
    if query.message is not None:
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


async def _my_tasks(
    i18n: Translator,
    crm: CRM,
    identity: Identity,
    settings: Settings,
    deal_names: DealNames,
    view: str,
    page: int,
) -> tuple[Html, InlineKeyboardMarkup]:
    """One page of the user's open tasks in a view, with the names of their deals."""
    assert identity.employee_key is not None  # the gate lets only bound staff here
    got = await crm.tasks(employee_key=identity.employee_key, done=False, limit=MY_TASKS_FETCHED)
    tz = settings.tz
    chosen = in_view(got.items, view, clock.now(tz), tz)
    chunk, page, last = paged(chosen, page)
    names = await deal_names.of(crm, [t.deal_id for t in chunk if t.deal_id])
    total = max(got.total or 0, len(got.items)) if view == "all" else len(chosen)
    return task_views.my_tasks(
        i18n,
        chunk,
        names,
        shown=len(chosen),
        total=total,
        page=page,
        last=last,
        tz=tz,
        view=view,
        capabilities=crm.capabilities,
    )


async def deal_tasks(
    query: CallbackQuery,
    callback_data: DealTasks,
    i18n: Translator,
    crm: CRM,
    access: Access,
    identity: Identity,
    settings: Settings,
) -> None:
    tasks = await crm.deal_tasks(callback_data.deal)
    me = identity.employee_key or ""
    await query.answer()
    if isinstance(query.message, Message):
        text, markup = task_views.deal_tasks(
            i18n,
            callback_data.deal,
            tasks,
            access.employee_names(),
            settings.tz,
            me,
            crm.capabilities,
        )
        await query.message.answer(text, reply_markup=markup)


def router() -> Router:
    r = Router(name="tasks.lists")
    r.message.register(my_tasks, Command("tasks"), flags=needs(C.LIST_TASKS))
    r.message.register(my_tasks, command_link("tasks"), flags=needs(C.LIST_TASKS))
    r.callback_query.register(my_tasks_page, MyTasksPage.filter(), flags=needs(C.LIST_TASKS))
    r.callback_query.register(deal_tasks, DealTasks.filter(), flags=needs(C.DEAL_TASKS, **TEAM))
    return r
