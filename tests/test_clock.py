"""The bot's one clock: set to a moment, it reads that moment and runs on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import clock
from bot.store.db import utc_now

NEW_YEAR_EVE = datetime(2026, 12, 31, 23, 59, tzinfo=ZoneInfo("Europe/Moscow"))


def test_a_clock_set_to_a_moment_reads_it_and_runs_on() -> None:
    clock.set_start(NEW_YEAR_EVE)
    try:
        read = clock.now()
        assert timedelta(0) <= read - NEW_YEAR_EVE < timedelta(seconds=5)
        assert read.tzinfo is UTC
        assert clock.now(ZoneInfo("Europe/Moscow")).date().isoformat() == "2026-12-31"
        assert abs(clock.seconds() - NEW_YEAR_EVE.timestamp()) < 5
        assert abs(utc_now() - NEW_YEAR_EVE) < timedelta(seconds=5)  # the store reads it too
    finally:
        clock.set_start(None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        clock.set_start(datetime(2026, 12, 31, 23, 59))
