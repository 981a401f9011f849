"""Personal alerts, into one person's private chat through the outbox: a lead or a deal
assigned to them from the bot, and a task of theirs falling due in TASK_REMIND_MINUTES.

Task reminders come from one `due_tasks` window for everyone (Envybox: one task/list with
no employee, all pages), not a call per person; each is queued under the task's id and due
time, so it comes once, and again only if the task is moved. Each kind can be turned off
with /alerts. Alerts are in the bot's LANGUAGE, like everything else it sends on its own.
Before either is queued the bindings are brought in line with the CRM's employee list
(`roster`, read within CRM_CACHE_SECONDS): a person the CRM no longer lists gets neither.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot import clock
from bot.crm.capabilities import Capability
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.staff.identity import Identity
from bot.store import Store
from bot.work.lead_search import employee_names

ASSIGNED = "assigned"
TASKS = "tasks"
KINDS = (ASSIGNED, TASKS)
CHECK_EVERY = 60.0  # seconds between two looks for tasks falling due, at most

Item = Literal["lead", "deal"]


class Personal:
    def __init__(
        self,
        crm: CRM,
        store: Store,
        i18n: Translator,
        *,
        remind: timedelta,
        tz: ZoneInfo,
        wake: Callable[[], None],
        roster: Callable[[], Awaitable[None]],
        clock: Callable[[], datetime] = clock.now,
    ) -> None:
        self._crm = crm
        self._roster = roster
        self._store = store
        self._i18n = i18n
        self._remind = remind
        self._every = timedelta(seconds=min(CHECK_EVERY, remind.total_seconds() / 3))
        self._tz = tz
        self._wake = wake
        self._clock = clock

    @property
    def every(self) -> float:
        """Seconds between two looks for tasks falling due."""
        return max(self._every.total_seconds(), 1.0)

    @property
    def reminds(self) -> bool:
        return bool(self._remind) and Capability.LIST_TASKS in self._crm.capabilities

    async def assigned(self, item: Item, item_id: str, employee_key: str, *, by: Identity) -> bool:
        """Tell the employee's person that `by` gave them a lead or a deal (not when they
        gave it to themselves); True if an alert was queued."""
        await self._roster()
        binding = await self._store.binding_for_employee(employee_key)
        if binding is None or not binding.is_active or binding.tg_user_id == by.user_id:
            return False
        person = binding.tg_user_id
        if ASSIGNED in await self._store.alerts_off(person):
            return False
        names = await employee_names(self._crm)
        by_name = names.get(by.employee_key or "") or (
            by.binding.display_name if by.binding else ""
        )
        payload = {
            "kind": "alert",
            "text": str(self._i18n(f"alert.assigned_{item}", id=item_id, by=by_name)),
            "button": str(self._i18n(f"alert.open_{item}", id=item_id)),
            "start": f"{item}_{item_id}",
        }
        key = f"assigned:{item}:{item_id}:{person}:{self._clock().isoformat()}"
        queued = await self._store.enqueue(person, key, payload)
        self._wake()
        return queued

    async def tick(self) -> bool:
        """Queue the reminders of tasks falling due; True when one was queued."""
        now = self._clock()
        if not self.reminds:
            return False
        tasks = await self._crm.due_tasks(start=now, end=now + self._remind)
        if not tasks:
            return False
        await self._roster()
        people = {
            b.employee_key: b.tg_user_id for b in await self._store.list_bindings() if b.is_active
        }
        quiet = await self._store.alert_off_for(TASKS, people.values())
        queued = False
        for task in tasks:
            person = people.get(task.employee_key or "")
            if person is None or person in quiet or task.due is None:
                continue
            minutes = max(1, round((task.due - now).total_seconds() / 60))
            text = self._i18n(
                "alert.task_due",
                text=task.text or "—",
                at=task.due.astimezone(self._tz).strftime("%H:%M"),
                minutes=minutes,
            )
            payload = {"kind": "alert", "text": str(text)}
            if task.deal_id:
                payload["button"] = str(self._i18n("alert.open_deal", id=task.deal_id))
                payload["start"] = f"deal_{task.deal_id}"
            key = f"task:{task.id}:{task.due.isoformat()}:{person}"
            queued = await self._store.enqueue(person, key, payload) or queued
        return queued
