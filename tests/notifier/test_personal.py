"""Personal alerts go only to people the CRM still lists: the bindings are checked against
its employee list before an alert is queued."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.notifier.personal import Personal
from bot.staff.access import Access
from bot.staff.directory import Directory
from bot.store import BindingStatus, Store
from tests.staff.kit import ANNA, IVAN, ListingCRM


async def test_a_departed_employee_gets_no_assignment_alert(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        anna = await store.bind(1, ANNA.key, "Anna")
        await store.bind(2, IVAN.key, "Ivan")
        crm = ListingCRM(ANNA, IVAN)
        access = Access(store, Directory(crm, max_age=0), frozenset())
        personal = Personal(
            crm,
            store,
            Translator("ru"),
            remind=timedelta(minutes=15),
            tz=ZoneInfo("Europe/Moscow"),
            wake=lambda: None,
            roster=access.sync.follow,
        )
        by = access.identity_with(1, anna)
        assert await personal.assigned("lead", "1001", IVAN.key, by=by)
        crm.listed = [ANNA]  # Ivan leaves the company
        assert not await personal.assigned("deal", "40052", IVAN.key, by=by)
        ivan = await store.get_binding(2)
        assert ivan is not None and ivan.status is BindingStatus.SUSPENDED
        assert (await store.outbox_counts()).get("pending") == 1  # the first alert alone
