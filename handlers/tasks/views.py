"""Texts and keyboards of tasks: the task dialog, `/tasks`, and a deal's task list."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.crm.capabilities import Capability
from bot.crm.models import Deal, Task
from bot.i18n import Html, Translator, plain
from bot.work.task_lists import VIEWS
from handlers.ui.callbacks import (
    DealOpen,
    MyTasksPage,
    TaskDone,
    TaskMove,
    TaskNextYear,
    TaskReplace,
    TaskWhen,
)
from handlers.ui.keyboards import button, nav_row, single
from handlers.ui.views import clip, deal_label, when

LINE_TEXT = 150  # characters of a task's text in a list
NAME_SHOWN = 200  # characters of a deal's name
BUTTON_TEXT = 40  # characters of a task's text on a button
DEAL_TASKS_SHOWN = 15  # a deal's tasks listed in one message
EXAMPLE_DAYS_AHEAD = 7  # the typed example names a date this far ahead


def ask_text(i18n: Translator, deal: Deal, replaces: Task | None, tz: ZoneInfo) -> Html:
    """What to do? With the open task a new one would replace, if there is one."""
    name = clip(deal_label(deal), NAME_SHOWN)
    text = i18n("task.ask_text", deal=name, id=deal.id)
    if replaces is None:
        return text
    old = clip(replaces.text, LINE_TEXT) or "—"
    return Html(i18n("task.replaces", text=old, when=when(replaces.due, tz)) + "\n\n" + text)


def ask_next_year(
    i18n: Translator, due: datetime, later: datetime, tz: ZoneInfo
) -> tuple[Html, InlineKeyboardMarkup]:
    """The typed date has passed this year: next year's, or another time?"""
    text = i18n("task.next_year", when=when(due, tz), later=when(later, tz))
    label = i18n("task.next_year_yes", later=when(later, tz))
    return text, single(label, TaskNextYear())


def confirm_replace(
    i18n: Translator,
    old_text: str,
    old_due: datetime | None,
    new_text: str,
    due: datetime,
    tz: ZoneInfo,
) -> tuple[Html, InlineKeyboardMarkup]:
    """Replace the open task with the new one? The two side by side, and Replace / Keep."""
    text = i18n(
        "task.confirm_replace",
        old=clip(old_text, LINE_TEXT) or "—",
        old_when=when(old_due, tz),
        new=clip(new_text, LINE_TEXT),
        new_when=when(due, tz),
    )
    rows = [
        [
            button(i18n("task.replace_yes"), TaskReplace(ok=True)),
            button(i18n("task.replace_no"), TaskReplace(ok=False)),
        ]
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def example(i18n: Translator, now: datetime, tz: ZoneInfo) -> Html:
    """What works, with a date that is in the future."""
    ahead = now.astimezone(tz) + timedelta(days=EXAMPLE_DAYS_AHEAD)
    return i18n("task.example", date=ahead.strftime("%d.%m"))


def ask_when(
    i18n: Translator, times: Mapping[str, datetime], now: datetime, tz: ZoneInfo
) -> tuple[Html, InlineKeyboardMarkup]:
    """The question and one quick button per choice in `times` (`due_dates.quick_times`)."""
    rows = [
        [button(i18n(f"task.quick.{choice}", time=at.strftime("%H:%M")), TaskWhen(choice=choice))]
        for choice, at in times.items()
    ]
    text = i18n("task.ask_when", example=example(i18n, now, tz))
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def task_set(
    i18n: Translator, task: Task, deal_name: str, employee: str | None, tz: ZoneInfo
) -> tuple[Html, InlineKeyboardMarkup]:
    """The task as the CRM stored it, with a button back to its deal."""
    deal_id = task.deal_id or ""
    text = i18n(
        "task.set",
        text=clip(task.text, 3000) or "—",
        when=when(task.due, tz),
        employee=clip(employee, NAME_SHOWN) if employee else "—",
        deal=clip(deal_name, NAME_SHOWN),
        id=deal_id,
    )
    return text, single(i18n("task.open_deal"), DealOpen(deal=deal_id))


def _line(i18n: Translator, task: Task, tz: ZoneInfo, key: str, **more: str) -> Html:
    line = i18n(key, when=when(task.due, tz), text=clip(task.text, LINE_TEXT) or "—", **more)
    return i18n("tasks.overdue", line=line) if task.overdue else line


def _actions(
    i18n: Translator, task: Task, capabilities: Collection[Capability]
) -> list[InlineKeyboardButton]:
    """Reschedule and Done, where the CRM can."""
    if task.deal_id is None:
        return []
    buttons = []
    if Capability.RESCHEDULE_TASK in capabilities:
        buttons.append(button(i18n("tasks.move"), TaskMove(deal=task.deal_id, task=task.id)))
    if Capability.COMPLETE_TASK in capabilities:
        buttons.append(button(i18n("tasks.done"), TaskDone(deal=task.deal_id, task=task.id)))
    return buttons


def _views_row(i18n: Translator, view: str) -> list[InlineKeyboardButton]:
    row = []
    for each in VIEWS:
        label = i18n(f"tasks.view_{each}")
        row.append(
            button(
                plain(i18n("tasks.view_current", view=label)) if each == view else label,
                MyTasksPage(view=each),
            )
        )
    return row


def my_tasks(
    i18n: Translator,
    chunk: Sequence[Task],
    names: Mapping[str, str],
    *,
    shown: int,
    total: int,
    page: int,
    last: int,
    tz: ZoneInfo,
    view: str,
    capabilities: Collection[Capability],
) -> tuple[Html, InlineKeyboardMarkup]:
    """One page of the user's open tasks in one view: a line for each (with its deal and
    client), a button to the deal and its actions, and the views."""
    views = _views_row(i18n, view)
    if not chunk:
        return i18n(f"tasks.none_{view}"), InlineKeyboardMarkup(inline_keyboard=[views])
    lines = [i18n(f"tasks.title_{view}", count=total)]
    for t in chunk:
        deal = names.get(t.deal_id or "") or i18n("tasks.deal_no", deal=t.deal_id or "—")
        lines.append(_line(i18n, t, tz, "tasks.line", deal=clip(deal, NAME_SHOWN)))
    if total > shown:
        lines.append(i18n("tasks.more", shown=shown, total=total))
    rows: list[list[InlineKeyboardButton]] = [
        [
            button(_button_label(i18n, t, names), DealOpen(deal=t.deal_id)),
            *_actions(i18n, t, capabilities),
        ]
        for t in chunk
        if t.deal_id is not None
    ]
    nav = nav_row(i18n, page, last, lambda p: MyTasksPage(page=p, view=view))
    if nav:
        rows.append(nav)
    rows.append(views)
    return Html("\n".join(lines)), InlineKeyboardMarkup(inline_keyboard=rows)


def _button_label(i18n: Translator, task: Task, names: Mapping[str, str]) -> str:
    """Button texts are not parsed as HTML: the label is the plain text."""
    deal = names.get(task.deal_id or "") or task.deal_id or ""
    label = i18n("tasks.button", deal=clip(deal, BUTTON_TEXT), text=clip(task.text, BUTTON_TEXT))
    return ("⚠️ " if task.overdue else "") + plain(label)


def deal_tasks(
    i18n: Translator,
    deal_id: str,
    tasks: Sequence[Task],
    names: Mapping[str, str],
    tz: ZoneInfo,
    me: str,
    capabilities: Collection[Capability],
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """A deal's open tasks; the user's own have their actions."""
    if not tasks:
        return i18n("tasks.deal_none", deal=deal_id), None
    lines = [i18n("tasks.deal_title", deal=deal_id, count=len(tasks))]
    rows = []
    for t in tasks[:DEAL_TASKS_SHOWN]:
        employee = clip(names.get(t.employee_key or "", t.employee_key or "—"), NAME_SHOWN)
        lines.append(_line(i18n, t, tz, "tasks.deal_line", employee=employee))
        actions = _actions(i18n, t, capabilities) if t.employee_key == me else []
        if actions:
            label = plain(i18n("tasks.mine", text=clip(t.text, BUTTON_TEXT)))
            rows.append([button(label, DealOpen(deal=deal_id)), *actions])
    if len(tasks) > DEAL_TASKS_SHOWN:
        lines.append(i18n("tasks.more", shown=DEAL_TASKS_SHOWN, total=len(tasks)))
    markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
    return Html("\n".join(lines)), markup
