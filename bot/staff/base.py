"""What every part of staff access shares: the store, the employee directory and the
bindings following it (`sync`), the admins named in ADMIN_IDS, identities, and the audit
of every change."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from bot.crm.models import Employee
from bot.staff.directory import Directory, Snapshot
from bot.staff.errors import LastAdmin, UnknownEmployee
from bot.staff.identity import Identity
from bot.staff.sync import RosterSync
from bot.store import Binding, Role, Store, StoreError, WouldLeaveNoAdmin

log = logging.getLogger("bot.staff")
TOUCH_EVERY = timedelta(minutes=1)  # "last active" is kept to the minute, not per update


class StaffBase:
    def __init__(self, store: Store, directory: Directory, admin_ids: frozenset[int]) -> None:
        self.store = store
        self.directory = directory
        self.config_admins = admin_ids
        self.sync = RosterSync(store, directory, admin_ids)

    # ------------------------------------------------------------------ identity

    async def identity(self, user_id: int) -> Identity:
        return self.identity_with(user_id, await self.store.get_binding(user_id))

    def identity_with(self, user_id: int, binding: Binding | None) -> Identity:
        return Identity(user_id, binding, self._is_admin(user_id, binding))

    def _is_admin(self, user_id: int, binding: Binding | None) -> bool:
        if user_id in self.config_admins:
            return True
        return binding is not None and binding.is_active and binding.role is Role.ADMIN

    async def admins(self) -> set[int]:
        """Who has admin rights: the active admins and everyone in ADMIN_IDS."""
        bound = {
            b.tg_user_id
            for b in await self.store.list_bindings()
            if b.is_active and b.role is Role.ADMIN
        }
        return bound | set(self.config_admins)

    async def admins_to_notify(self) -> set[int]:
        """Who gets what the bot sends admins on its own (access requests, notices), once
        the bindings follow a CRM list read within CRM_CACHE_SECONDS: the active admins,
        and those in ADMIN_IDS but for one whose own binding is suspended (the CRM no
        longer lists their employee: ADMIN_IDS still gives them the rights when they
        write, but nothing is pushed to them). A suspended admin receives nothing."""
        await self.sync.follow()
        bindings = await self.store.list_bindings()
        suspended = {b.tg_user_id for b in bindings if not b.is_active}
        bound = {b.tg_user_id for b in bindings if b.is_active and b.role is Role.ADMIN}
        return bound | (set(self.config_admins) - suspended)

    async def confirm_employee(self, binding: Binding) -> Binding:
        """Check the binding against the employee list last seen, without waiting on the
        CRM: suspend it when the list lacks its employee, resume it when the employee is
        back (a list the CRM never returned, or an empty one, decides nothing); touch it."""
        binding = await self.sync.confirm(binding)
        if not binding.is_active:
            return binding
        seen = binding.last_active_at
        if seen is None or self.store.now() - seen > TOUCH_EVERY:
            try:
                await self.store.touch(binding.tg_user_id)
            except StoreError as exc:  # bookkeeping: the user's action goes on without it
                log.warning(
                    "the last activity of user %s was not stored: %s", binding.tg_user_id, exc
                )
        return binding

    async def employee(self, key: str) -> Employee:
        """The employee with this key: from the list, or, on a CRM that gives none, known
        by the key alone (named "№<key>")."""
        if self.directory.listed:
            found = (await self.directory.snapshot()).get(key)
        else:
            found = self._unlisted(key)
        if found is None:
            raise UnknownEmployee(key)
        return found

    async def name_of(self, key: str) -> str:
        """The employee's name for a card: as the CRM lists it ("№<key>" on a CRM that
        gives no list), or the key itself when the list no longer has it."""
        try:
            return (await self.employee(key)).name
        except UnknownEmployee:
            return key

    def _unlisted(self, key: str) -> Employee | None:
        """On a CRM that gives no list, an employee is known by a well-formed key alone."""
        return Employee(key=key, name=f"№{key}") if self.directory.typed_key(key) == key else None

    async def typed_employee(self, typed: str) -> Employee:
        """The employee whose CRM id an admin typed; UnknownEmployee when it cannot be a
        key or is not in the list."""
        key = self.directory.typed_key(typed)
        if key is None:
            raise UnknownEmployee(typed.strip()[:64])
        return await self.employee(key)

    async def employees(self) -> Snapshot:
        return await self.directory.snapshot()

    def known_employee(self, key: str) -> Employee | None:
        """The employee as last seen, without asking the CRM (None if never seen)."""
        if not self.directory.listed:
            return self._unlisted(key)
        snapshot = self.directory.cached()
        return snapshot.get(key) if snapshot is not None else None

    def employee_names(self) -> dict[str, str]:
        """Employee key → name, as last seen, without asking the CRM."""
        snapshot = self.directory.cached()
        return {e.key: e.name for e in snapshot.employees} if snapshot is not None else {}

    async def bound_keys(self) -> set[str]:
        """The employees already bound to someone in the bot."""
        return {b.employee_key for b in await self.store.list_bindings()}

    # ------------------------------------------------------------------ audit

    async def _key_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        binding = await self.store.get_binding(user_id)
        return binding.employee_key if binding is not None else None

    async def _audit(
        self, action: str, actor: int | None, binding: Binding, detail: Mapping[str, object]
    ) -> None:
        await self.store.audit(
            action,
            actor_tg_id=actor,
            actor_employee_key=await self._key_of(actor),
            target=f"{binding.tg_user_id}:{binding.employee_key}",
            detail=detail,
        )

    async def _bind(
        self, user_id: int, full_name: str, employee_key: str
    ) -> tuple[Binding, int | None]:
        """Bind (taking the employee from whoever held it), keeping the user's role; LastAdmin
        if the one who held it is the last admin."""
        role = await self._role_of(user_id)
        try:
            return await self.store.take_over(
                user_id, employee_key, full_name, role, config_admins=self.config_admins
            )
        except WouldLeaveNoAdmin as exc:
            raise LastAdmin(str(exc.tg_user_id)) from None

    async def _check_bind(self, user_id: int, employee_key: str) -> None:
        """LastAdmin if `_bind` would take the employee from the last admin; changes nothing."""
        role = await self._role_of(user_id)
        try:
            await self.store.check_take_over(user_id, employee_key, role, self.config_admins)
        except WouldLeaveNoAdmin as exc:
            raise LastAdmin(str(exc.tg_user_id)) from None

    async def _role_of(self, user_id: int) -> Role:
        old = await self.store.get_binding(user_id)
        return old.role if old is not None else Role.STAFF
