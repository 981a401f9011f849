"""SalesMan tasks («напоминания»): listed (`task list`), set on a deal (`task add`), moved
(`task update`) and done with an outcome (`task doit`).

`task list` shows only today's without dates and nothing at all without `active` (6.10);
PHP 7.4 ignores `active` (6.11): every list sends `active` and a date window, and the rows
are filtered here again. Times are `datum` + `totime` in the CRM's time zone, to the minute.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from bot import clock
from bot.crm.models import Page, Task, TaskOutcome
from bot.crm.salesman.base import SalesmanBase
from bot.crm.salesman.wire import listed, wire_id
from bot.crm.salesman.wire_deals import WireTask

SINCE_EVER = date(2000, 1, 1)  # `dateStart` alone means "after": every open task
TITLE_MAX = 250  # characters of a task's title; a longer text goes whole into `des`


class SalesmanTasks(SalesmanBase):
    async def deal_tasks(self, deal_id: str) -> Sequence[Task]:
        listed = await self._list({"did": wire_id(deal_id)}, active=True)
        return [t for t in listed if t.deal_id == deal_id]

    async def deal_task(self, deal_id: str) -> Task | None:
        """The deal's soonest open task (the card's line)."""
        return next(iter(await self.deal_tasks(deal_id)), None)

    async def tasks(
        self, *, employee_key: str, done: bool = False, offset: int = 0, limit: int = 50
    ) -> Page[Task]:
        listed = await self._list({"user": employee_key}, active=not done)
        mine = [t for t in listed if t.employee_key == employee_key]
        chunk = mine[offset : offset + limit]
        more = offset + len(chunk) < len(mine)
        return Page(
            items=tuple(chunk), total=len(mine), next_offset=offset + limit if more else None
        )

    async def due_tasks(self, *, start: datetime, end: datetime) -> Sequence[Task]:
        """Everyone's open tasks due in the window: one `task list` as CRM_LOGIN over the
        window's days (a day either side: the CRM's bounds are dates), cut here."""
        days = {
            "dateStart": (start.astimezone(self._tz).date() - timedelta(days=1)).isoformat(),
            "dateEnd": (end.astimezone(self._tz).date() + timedelta(days=1)).isoformat(),
        }
        listed = await self._list(days, active=True, as_bot=True)
        return [t for t in listed if t.due is not None and start <= t.due <= end]

    async def _list(
        self, params: dict[str, Any], *, active: bool, as_bot: bool = False
    ) -> list[Task]:
        sent = {"dateStart": SINCE_EVER.isoformat(), **params, "active": "yes" if active else "no"}
        body = await self._api.call("task", "list", sent, read=True, as_bot=as_bot)
        staff = await self._staff.get()
        now = clock.now(self._tz)
        found = []
        for wire in listed(WireTask, body, "task list"):  # a bare [] when there are none
            if wire.is_active != active:
                continue
            due = self._time(f"{wire.datum} {wire.totime or '00:00'}") if wire.datum else None
            found.append(
                Task(
                    id=wire.tid,
                    deal_id=wire.did,
                    text=_text(wire.title, wire.des),
                    due=due,
                    employee_key=staff.login_of.get(wire.iduser) if wire.iduser else None,
                    done=not wire.is_active,
                    overdue=active and due is not None and due < now,
                )
            )
        return sorted(found, key=lambda t: (t.due is None, t.due or now, t.id))

    async def set_task(self, deal_id: str, *, text: str, due: datetime, as_employee: str) -> Task:
        """`task add` assigned to the employee (`user`, whose login also acts)."""
        at = _minute(due.astimezone(self._tz))
        title = text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"
        params: dict[str, Any] = {
            "user": as_employee,
            "did": wire_id(deal_id),
            "datum": at.date().isoformat(),
            "totime": at.strftime("%H:%M"),
            "title": title,
        }
        if title != text:
            params["des"] = text
        body = await self._api.call("task", "add", params, read=False, login=as_employee)
        ident = body.get("data") if isinstance(body, dict) else None
        return Task(
            id=str(ident or ""), deal_id=deal_id, text=text, due=at, employee_key=as_employee
        )

    async def reschedule_task(self, task: Task, due: datetime, *, as_employee: str) -> Task:
        """`task update` with the task's own `user`: without it the task would go to the
        caller (6.10)."""
        at = _minute(due.astimezone(self._tz))
        params = {
            "id": wire_id(task.id),
            "user": task.employee_key or as_employee,
            "datum": at.date().isoformat(),
            "totime": at.strftime("%H:%M"),
        }
        await self._api.call("task", "update", params, read=False, login=as_employee)
        return task.model_copy(update={"due": at, "overdue": False})

    async def complete_task(self, task: Task, outcome: TaskOutcome, *, as_employee: str) -> None:
        """`task doit`: status 1 successful, 2 not, the result as `description`. The CRM
        does it again on a second call; the bot reads the task as open first."""
        params = {
            "id": wire_id(task.id),
            "status": 1 if outcome.successful else 2,
            "description": outcome.result,
        }
        await self._api.call("task", "doit", params, read=False, login=as_employee)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _text(title: str | None, des: str | None) -> str:
    """The task's text: its title, with the agenda when that says more."""
    if not des:
        return title or ""
    if not title or des.startswith(title.removesuffix("…")):
        return des
    return f"{title}. {des}"
