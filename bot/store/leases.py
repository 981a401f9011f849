"""A lease on the database: one bot process at a time.

The running bot holds the lease named "bot" and renews it while it polls; a second process
on the same file finds it held and refuses to start. A lease that was not renewed in time
(its holder was killed) may be taken, and so may one whose holder, a process on this
machine, is known to be gone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store.db import Database, fetch_one, timestamp

_HELD = "SELECT holder, expires_at FROM leases WHERE name = ?"


class LeaseHeld(Exception):
    """Someone else holds the lease until `until`."""

    def __init__(self, holder: str, until: datetime) -> None:
        self.holder = holder
        self.until = until
        super().__init__(f"held by {holder} until {until.isoformat()}")


class LeasesTable(Database):
    """Leases: which process holds which name, until when."""

    async def acquire(
        self, name: str, holder: str, ttl: timedelta, *, take_from: str | None = None
    ) -> None:
        """Take or renew the lease for `ttl`; LeaseHeld if another holder has it still
        (unless it is `take_from`: a holder known to be dead)."""
        now = self.now()
        async with self.transaction() as db:
            row = await fetch_one(
                db, "SELECT holder, expires_at FROM leases WHERE name = ?", (name,)
            )
            other = row is not None and row[0] not in (holder, take_from)
            if row is not None and other and row[1] > timestamp(now):
                raise LeaseHeld(str(row[0]), datetime.fromisoformat(str(row[1])))
            await db.execute(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                " expires_at = excluded.expires_at",
                (name, holder, timestamp(now + ttl)),
            )

    async def release(self, name: str, holder: str) -> None:
        """Give the lease up, if this holder has it."""
        await self._write("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))
