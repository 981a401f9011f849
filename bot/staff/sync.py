"""The bindings follow the CRM's employee list: a binding whose employee the list no longer
has is suspended, one whose employee is back is resumed, each change audited.

`follow()` makes sure the bindings follow a list read within CRM_CACHE_SECONDS (the
directory's one read, shared by every caller): the notifier calls it every
CRM_CACHE_SECONDS, and it runs before anything personal is queued (access requests and
notices to admins, task reminders, assignment alerts), so a person the CRM no longer lists
gets nothing even if they never write again. `confirm()` checks one binding against the
list last seen, without waiting on the CRM, when its user writes (the gate).

A list that comes back empty, or cannot be read, decides nothing: nobody is suspended or
resumed by it. Such an episode is a `Trouble`, reported once to the listeners (the notifier
warns the admins) and logged in one line; its start is kept in the store, so a restart
during it does not warn again. Only a CRM that lists its employees (LIST_EMPLOYEES) is
followed; on any other, bindings are never checked against the CRM.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.crm.errors import CRMError
from bot.staff.directory import Directory, Snapshot
from bot.store import Binding, BindingStatus, Store

log = logging.getLogger("bot.staff.sync")

EMPTY = "notice.roster_empty"  # the i18n keys of the warnings
UNREADABLE = "notice.roster_unreadable"
TROUBLE_CURSOR = "roster.trouble"  # when the current episode began ("" when none)
IDLE_EVERY = 60.0  # seconds between two checks when CRM_CACHE_SECONDS is 0
LEAST_EVERY = 1.0


def check_every(cache_seconds: float) -> float:
    """Seconds between two periodic checks: CRM_CACHE_SECONDS, at least a second; with no
    cache (0), once a minute (each personal message reads the list anew anyway)."""
    return max(cache_seconds, LEAST_EVERY) if cache_seconds > 0 else IDLE_EVERY


@dataclass(frozen=True, slots=True)
class Trouble:
    """The CRM's employee list cannot be followed: it came back empty, or unreadable."""

    key: str  # EMPTY or UNREADABLE: the i18n key of the warning
    since: datetime  # when the episode began: the warning is queued once for it
    error: str  # the error's class name ("" for an empty list)


Listener = Callable[[Trouble], Awaitable[None]]


class RosterSync:
    def __init__(
        self, store: Store, directory: Directory, config_admins: frozenset[int] = frozenset()
    ) -> None:
        self._store = store
        self._directory = directory
        self._config_admins = config_admins
        self._applied: Snapshot | None = None  # the last list every binding was checked on
        self._lock = asyncio.Lock()  # one check at a time: a list applied once, one episode
        self._changing = asyncio.Lock()  # held only while a binding's status is changed
        self._since: datetime | None = None  # the current episode of trouble
        self._since_read = False  # whether `_since` was read from the store yet
        self._told = False  # whether the listeners heard of the current episode
        self._listeners: list[Listener] = []

    @property
    def every(self) -> float:
        """Seconds between two periodic checks (see `check_every`)."""
        return check_every(self._directory.max_age)

    @property
    def follows(self) -> bool:
        """Whether this CRM's employee list is followed (LIST_EMPLOYEES)."""
        return self._directory.listed

    def on_trouble(self, listener: Listener) -> None:
        """Call `listener` once for each episode of an empty or unreadable list."""
        self._listeners.append(listener)

    async def follow(self) -> None:
        """Suspend and resume bindings as a list read within CRM_CACHE_SECONDS says (the CRM
        is asked only when the directory's list is older); an empty or unreadable list
        changes nothing and is told of once per episode."""
        if not self.follows:
            return
        async with self._lock:
            trouble = await self._check()
        if trouble is None or self._told:
            return
        self._told = True  # before any await: a listener may call `follow` again
        what = f"could not be read ({trouble.error})" if trouble.error else "came back empty"
        log.warning(
            "the CRM's employee list %s: nobody is suspended or resumed until it is read"
            " again; the admins are told",
            what,
        )
        for listener in self._listeners:
            await listener(trouble)

    async def confirm(self, binding: Binding) -> Binding:
        """The binding as the list last seen says, without waiting on the CRM (a list never
        seen, or an empty one, decides nothing)."""
        snapshot = self._directory.cached()
        if snapshot is None or not snapshot.employees:
            return binding
        return await self._follow_one(binding, snapshot)

    async def _check(self) -> Trouble | None:
        try:
            snapshot = await self._directory.snapshot()
        except CRMError as exc:  # no list was ever read
            return await self._troubled(UNREADABLE, type(exc).__name__)
        failing = self._directory.failing
        if failing is not None:
            return await self._troubled(UNREADABLE, type(failing).__name__)
        if not snapshot.employees:
            return await self._troubled(EMPTY, "")
        await self._recovered()
        if snapshot is not self._applied:  # each list read is applied once
            for binding in await self._store.list_bindings():
                await self._follow_one(binding, snapshot)
            self._applied = snapshot
        return None

    async def _follow_one(self, seen: Binding, snapshot: Snapshot) -> Binding:
        async with self._changing:  # the gate and a check may look at one binding at once
            binding = await self._store.get_binding(seen.tg_user_id)
            if binding is None:  # unbound meanwhile
                return seen
            present = snapshot.get(binding.employee_key) is not None
            if present == binding.is_active:
                return binding
            status = BindingStatus.ACTIVE if present else BindingStatus.SUSPENDED
            binding = await self._store.set_status(binding.tg_user_id, status)
        reason = "employee back in the CRM" if present else "employee removed from the CRM"
        await self._store.audit(
            "binding.resumed" if present else "binding.suspended",
            actor_tg_id=None,
            actor_employee_key=None,
            target=f"{binding.tg_user_id}:{binding.employee_key}",
            detail={"reason": reason},
        )
        what = "resumed" if present else "suspended"
        log.info("binding of user %s %s: %s", binding.tg_user_id, what, reason)
        if not present and binding.tg_user_id in self._config_admins:
            log.warning(
                "user %s is in ADMIN_IDS but their CRM employee is gone: they get no admin"
                " notices until it is back or they are bound again",
                binding.tg_user_id,
            )
        return binding

    async def _episode(self) -> datetime | None:
        if not self._since_read:
            stored = await self._store.get_cursor(TROUBLE_CURSOR)
            self._since = datetime.fromisoformat(stored) if stored else None
            self._since_read = True
        return self._since

    async def _troubled(self, key: str, error: str) -> Trouble:
        since = await self._episode()
        if since is None:
            since = self._since = self._store.now()
            self._told = False
            await self._store.set_cursor(TROUBLE_CURSOR, since.isoformat())
        return Trouble(key, since, error)

    async def _recovered(self) -> None:
        if await self._episode() is None:
            return
        self._since, self._told = None, False
        await self._store.set_cursor(TROUBLE_CURSOR, "")
        log.info("the CRM's employee list is read again: bindings follow it")
