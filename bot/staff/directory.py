"""The CRM's employees as the bot last saw them: lookups by key and by phone.

Reads go through `CRM.employees(fresh=True)` (the adapter caches reference data too, but
a failed read is not hidden behind its old list). `cached()` never waits: it gives the last
list seen and, when that list is older than `max_age`, starts one refresh in the
background. `snapshot()` waits for a refresh when the list is old (for pickers, binding and
the roster check, which are about the list itself). When the CRM cannot be reached, the
last list seen is used, so bound staff keep working, the failure is kept in `failing`
until a read works, and it is remembered for `retry_after` seconds instead of being
retried by every update. A CRM
without LIST_EMPLOYEES has no list: admins type an employee's key, and only its form is
checked (`typed_key`).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.crm.capabilities import Capability
from bot.crm.errors import CRMError
from bot.crm.models import Employee
from bot.crm.protocol import CRM
from bot.phones import normalize_phone

log = logging.getLogger("bot.staff.directory")

RETRY_AFTER = 30.0  # seconds a failed refresh is remembered


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One list the CRM returned."""

    employees: tuple[Employee, ...]
    _by_key: dict[str, Employee] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {e.key: e for e in self.employees})

    def get(self, key: str) -> Employee | None:
        return self._by_key.get(key)

    def by_phone(self, e164: str) -> list[Employee]:
        return [
            e
            for e in self.employees
            if any(p and normalize_phone(p) == e164 for p in (e.phone, e.mobile))
        ]


UNLISTED = Snapshot(())  # what a CRM without LIST_EMPLOYEES lists


class Directory:
    def __init__(
        self,
        crm: CRM,
        *,
        max_age: float = 300.0,
        retry_after: float = RETRY_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._crm = crm
        self._max_age = max_age
        self._retry_after = min(retry_after, max_age)
        self._clock = clock
        self._last: Snapshot | None = None
        self._seen_at = float("-inf")
        self._failed_at = float("-inf")
        self._error: CRMError | None = None
        self._refresh: asyncio.Task[None] | None = None

    @property
    def max_age(self) -> float:
        """Seconds a list is kept (CRM_CACHE_SECONDS)."""
        return self._max_age

    @property
    def listed(self) -> bool:
        """Whether the CRM gives the bot its employee list (LIST_EMPLOYEES)."""
        return Capability.LIST_EMPLOYEES in self._crm.capabilities

    def typed_key(self, typed: str) -> str | None:
        """The employee key in what an admin typed, as the CRM's keys look; None if none."""
        return self._crm.employee_key(typed)

    def cached(self) -> Snapshot | None:
        """The last list seen (None before the first, and always on a CRM that gives none),
        at once; refreshed behind when old."""
        if not self.listed:
            return None
        if self._due() and self._refresh is None:
            # its own context: no update's deadline applies to a refresh nobody waits for
            self._refresh = asyncio.get_running_loop().create_task(
                self._load(), context=contextvars.Context()
            )
        return self._last

    async def snapshot(self) -> Snapshot:
        """The list, refreshed first when old; the CRM's error only if no list was ever seen.
        Empty on a CRM that gives no list."""
        if not self.listed:
            return UNLISTED
        if self._due():
            if self._refresh is None:
                self._refresh = asyncio.get_running_loop().create_task(self._load())
            await asyncio.shield(self._refresh)
        if self._last is None:
            assert self._error is not None
            raise self._error
        return self._last

    @property
    def failing(self) -> CRMError | None:
        """The error of the last read, when it failed (None once a read works again)."""
        return self._error

    def _due(self) -> bool:
        now = self._clock()
        old = now - self._seen_at >= self._max_age
        return old and now - self._failed_at >= self._retry_after

    async def _load(self) -> None:
        try:
            employees = await self._crm.employees(fresh=True)
        except CRMError as exc:
            self._failed_at, self._error = self._clock(), exc
            if self._last is not None:  # the roster check tells of it once (bot.staff.sync)
                log.debug(
                    "employee list from the CRM failed (%s); using the last one",
                    type(exc).__name__,
                )
        else:
            self._last, self._seen_at = Snapshot(tuple(employees)), self._clock()
            self._error = None
        finally:
            self._refresh = None
