"""Envybox tasks: a deal's active task(s), setting one, an employee's task list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.crm.envybox.api import wire_id
from bot.crm.envybox.base import PAGE_MAX, EnvyboxBase, next_offset
from bot.crm.envybox.reference import task_from
from bot.crm.envybox.wire_deals import TaskOne, TaskPage
from bot.crm.errors import UnexpectedPayload
from bot.crm.models import Page, Task

_MAX_PAGES = 40  # 2,000 tasks due in one reminder window


class EnvyboxTasks(EnvyboxBase):
    async def deal_task(self, deal_id: str) -> Task | None:
        got = await self._api.call(
            "deal/getTask", TaskOne, {"deal_id": wire_id(deal_id)}, read=True
        )
        task = got.result.task if got.result else None
        return task_from(task, self._now()) if task else None

    async def deal_tasks(self, deal_id: str) -> Sequence[Task]:
        got = await self._api.call(
            "deal/getTasks", TaskPage, {"deal_id": wire_id(deal_id)}, read=True
        )
        return [task_from(w, self._now()) for w in got.result]

    async def set_task(self, deal_id: str, *, text: str, due: datetime, as_employee: str) -> Task:
        return await self._update_task(deal_id, text, due, as_employee)

    async def _update_task(self, deal_id: str, text: str, due: datetime, employee: str) -> Task:
        """deal/updatetask: the employee's open task of the deal changed, or a new one."""
        aware = due if due.tzinfo is not None else due.replace(tzinfo=self._tz)
        request = {
            "deal_id": wire_id(deal_id),
            "time": int(aware.timestamp()),
            "comment": text,
            "employee_id": wire_id(employee),
        }
        got = await self._api.call("deal/updatetask", TaskOne, request, read=False)
        if got.result is None or got.result.task is None:
            raise UnexpectedPayload("deal/updatetask: no task in the answer")
        return task_from(got.result.task, self._now())

    async def reschedule_task(self, task: Task, due: datetime, *, as_employee: str) -> Task:
        """deal/updatetask changes the open task of the employee it names on the deal: the
        task's own assignee, with its own text. (Envybox's API cannot close a task.)"""
        if task.deal_id is None:
            raise UnexpectedPayload("a task without a deal cannot be moved through deal/updatetask")
        return await self._update_task(
            task.deal_id, task.text, due, task.employee_key or as_employee
        )

    async def tasks(
        self, *, employee_key: str, done: bool = False, offset: int = 0, limit: int = 50
    ) -> Page[Task]:
        request = {
            "employee_id": wire_id(employee_key),
            "success": int(done),
            "offset": offset,
            "limit": min(limit, PAGE_MAX),
        }
        page = await self._api.call("task/list", TaskPage, request, read=True)
        return Page[Task](
            items=tuple(task_from(w, self._now()) for w in page.result),
            total=page.count,
            next_offset=next_offset(offset, page.offset),
        )

    async def due_tasks(self, *, start: datetime, end: datetime) -> Sequence[Task]:
        """task/list without an employee: everyone's open tasks in the window, every page."""
        request: dict[str, Any] = {
            "success": 0,
            "datetime_start": self._wire_time(start),
            "datetime_end": self._wire_time(end),
            "offset": 0,
            "limit": PAGE_MAX,
        }
        tasks: list[Task] = []
        for _ in range(_MAX_PAGES):
            page = await self._api.call("task/list", TaskPage, request, read=True)
            tasks.extend(task_from(w, self._now()) for w in page.result)
            following = next_offset(request["offset"], page.offset)
            if following is None or not page.result:
                break
            request["offset"] = following
        return [t for t in tasks if t.due is not None and start <= t.due <= end and not t.done]

    def _wire_time(self, moment: datetime) -> str:
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=self._tz)
        return aware.astimezone(self._tz).strftime("%Y-%m-%d %H:%M:%S")
