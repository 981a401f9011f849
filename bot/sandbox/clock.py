"""Time in the sandbox: stored as Unix seconds, shown as "YYYY-MM-DD HH:MM:SS" in one time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import clock
from bot.sandbox.errors import bad_request

WIRE_FORMAT = "%Y-%m-%d %H:%M:%S"


class Clock:
    """Renders and parses the wire's date-times in ``timezone`` (an IANA name)."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)

    def now(self) -> int:
        return int(clock.seconds())

    def fmt(self, ts: int | None) -> str | None:
        if ts is None:
            return None
        return datetime.fromtimestamp(ts, self.zone).strftime(WIRE_FORMAT)

    def parse(self, text: str, *, end_of_day: bool = False) -> int:
        """``"YYYY-MM-DD"`` (its start, or end with ``end_of_day``) or a date-time → Unix time."""
        text = text.strip()
        try:
            if len(text) == 10:
                day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=self.zone)
                if end_of_day:
                    day += timedelta(days=1, seconds=-1)
                return int(day.timestamp())
            return int(datetime.strptime(text, WIRE_FORMAT).replace(tzinfo=self.zone).timestamp())
        except ValueError:
            raise bad_request() from None
