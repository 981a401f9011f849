"""Task lists as staff read them: views (all, today, overdue), soonest first, and the deal
and client each task belongs to.

A CRM's task list names a task's deal by id only (Envybox's task/list). `DealNames` reads
the deals of the tasks shown, all at once, and keeps their names for `ttl` seconds, so a
list costs those reads once, not on every page.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.crm.capabilities import Capability
from bot.crm.errors import CRMError
from bot.crm.models import Deal, Task
from bot.crm.protocol import CRM
from bot.work.deal_cards import together

VIEWS = ("all", "today", "overdue")


def in_view(tasks: Iterable[Task], view: str, now: datetime, tz: ZoneInfo) -> list[Task]:
    """The tasks of one view, soonest first (no due time last)."""
    today = now.astimezone(tz).date()
    if view == "today":
        chosen = [t for t in tasks if t.due is not None and t.due.astimezone(tz).date() == today]
    elif view == "overdue":
        chosen = [t for t in tasks if t.overdue]
    else:
        chosen = list(tasks)
    return sorted(chosen, key=lambda t: (t.due is None, t.due or datetime.min.replace(tzinfo=tz)))


def deal_name(deal: Deal) -> str:
    """ "Поставка оборудования · Андрей Козлов": the deal's name and its client's, as known."""
    client = deal.client.name if deal.client is not None else None
    parts = [p for p in (deal.name, client) if p]
    return " · ".join(parts) if parts else deal.id


class DealNames:
    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._names: dict[str, tuple[float, str]] = {}

    def remember(self, deal: Deal) -> None:
        self._names[deal.id] = (self._clock(), deal_name(deal))

    async def of(self, crm: CRM, deal_ids: Sequence[str]) -> dict[str, str]:
        """A name for each deal the CRM could tell (read together when not known)."""
        now = self._clock()
        fresh = {d: n for d, (at, n) in self._names.items() if now - at < self._ttl}
        missing = sorted({d for d in deal_ids if d not in fresh})
        if missing and Capability.GET_DEAL in crm.capabilities:
            for deal in await together(*(self._read(crm, d) for d in missing)):
                if deal is not None:
                    self.remember(deal)
                    fresh[deal.id] = deal_name(deal)
        return {d: fresh[d] for d in deal_ids if d in fresh}

    @staticmethod
    async def _read(crm: CRM, deal_id: str) -> Deal | None:
        try:
            return await crm.deal_with_client(deal_id)
        except CRMError:  # a name the list can do without
            return None
