"""The bot's one clock: whatever asks what time it is (the notifier's rounds, the store's
stamps, "today" in a task list, the sandbox CRM's dates) reads `now()` here, not the system.

Tests move it with `set_start(moment)`: the clock then reads `moment` at that instant and runs
on in real time from there, so the whole bot (and the test's CRMs) lives, say, one minute
before midnight on the last day of a year.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo

_offset = timedelta(0)


def now(tz: tzinfo = UTC) -> datetime:
    """The moment, aware (UTC unless a zone is given)."""
    return (datetime.now(UTC) + _offset).astimezone(tz)


def seconds() -> float:
    """The moment as Unix seconds."""
    return time.time() + _offset.total_seconds()


def set_start(moment: datetime | None) -> None:
    """From now on the clock reads `moment` (aware) and runs on; None: the system's time."""
    global _offset
    if moment is None:
        _offset = timedelta(0)
        return
    if moment.tzinfo is None:
        raise ValueError("the clock's start must be an aware datetime")
    _offset = moment - datetime.now(UTC)
