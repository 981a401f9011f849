"""The CRM's employees as the bot last saw them: lookups by key and by phone.

Reads go through `CRM.employees()` (the adapter caches reference data with a TTL). When
the CRM cannot be reached, the last list seen is used, so bound staff keep working; only
a list the CRM really returned can show that an employee is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.crm.errors import CRMError
from bot.crm.models import Employee
from bot.crm.protocol import CRM
from bot.phones import normalize_phone

log = logging.getLogger("bot.staff.directory")


@dataclass(frozen=True, slots=True)
class Snapshot:
    employees: tuple[Employee, ...]
    fresh: bool  # False: the CRM did not answer and this is the last list seen

    def get(self, key: str) -> Employee | None:
        return next((e for e in self.employees if e.key == key), None)

    def by_phone(self, e164: str) -> list[Employee]:
        return [e for e in self.employees if e.phone and normalize_phone(e.phone) == e164]


class Directory:
    def __init__(self, crm: CRM) -> None:
        self._crm = crm
        self._last: tuple[Employee, ...] | None = None

    async def snapshot(self) -> Snapshot:
        """The employee list; raises the CRM's error only if no list was ever seen."""
        try:
            employees: Sequence[Employee] = await self._crm.employees()
        except CRMError as exc:
            if self._last is None:
                raise
            log.warning(
                "employee list from the CRM failed (%s); using the last one", type(exc).__name__
            )
            return Snapshot(self._last, fresh=False)
        self._last = tuple(employees)
        return Snapshot(self._last, fresh=True)
