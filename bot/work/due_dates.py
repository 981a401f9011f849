"""Reading a task's date and time as staff type it, in the bot's time zone.

`parse_when` understands, in Russian and English (case and extra spaces do not matter):

- a date and a time: ``25.11 15:30``, ``25.11.2026 9:00``, ``25.11.26 9:00``;
  a date without a year is the next such date that is not before today (so on 26.11
  ``25.11`` means next year's), and ``29.02`` the next leap year's;
- a day word and a time: ``сегодня 18:00``, ``завтра 10:00``, ``послезавтра 9:30``,
  ``today 6pm``, ``tomorrow 10am``, ``tomorrow at 10:30``, ``завтра в 10:00``;
- a time alone: ``10:00``, ``6pm`` — today if that moment is still ahead, else tomorrow;
- an offset from now: ``через 2 часа``, ``через 30 минут``, ``через час``, ``in 2 hours``,
  ``in 30 minutes``, ``in an hour``, ``in 3 days`` (counted in real elapsed time and cut to
  the minute).

A time needs minutes (``10:00``) or am/pm (``10am``); ``10`` alone is not a time. Anything
else, an impossible date (``31.02``) or time (``25:00``), or a day word without a time
(``завтра``) gives None. A moment that has already passed (``сегодня 9:00`` at noon) is
returned as it is: refusing the past is the caller's rule, so it can say why.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAY_WORDS: dict[str, int] = {
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "послезавтра": 2,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
}

_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("м", "мин", "минута", "минуту", "минуты", "минут"), timedelta(minutes=1)),
    **dict.fromkeys(("ч", "час", "часа", "часов"), timedelta(hours=1)),
    **dict.fromkeys(("д", "день", "дня", "дней", "сутки", "суток"), timedelta(days=1)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    "полчаса": timedelta(minutes=30),
}

_DAY = "|".join(sorted((re.escape(w) for w in _DAY_WORDS), key=len, reverse=True))
_DATE = rf"\d{{1,2}}\.\d{{1,2}}(?:\.\d{{2}}|\.\d{{4}})?|{_DAY}"
_TIME = r"\d{1,2}(?::\d{2})?\s*(?:am|pm)?"
_AT = r"(?:(?:в|at)\s+)?"

_DATE_THEN_TIME = re.compile(rf"(?:(?P<date>{_DATE})\s+{_AT})?(?P<time>{_TIME})")
_TIME_THEN_DATE = re.compile(rf"{_AT}(?P<time>{_TIME})\s+(?P<date>{_DATE})")
_OFFSET = re.compile(r"(?:через|in)\s+(?:(?P<n>\d{1,4})\s*|(?:an?|one)\s+)?(?P<unit>[a-zа-я]+)")
_CLOCK = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<half>am|pm)?")

YEARS_AHEAD = 8  # far enough to reach the next 29 February


def parse_when(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The moment `text` names, aware in `tz`, or None when it names none (see the module)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    words = " ".join(text.casefold().replace("ё", "е").replace("a.m.", "am").split())
    words = words.replace("p.m.", "pm").rstrip(".")
    offset = _OFFSET.fullmatch(words)
    if offset is not None:
        return _after(offset, now, tz)
    match = _DATE_THEN_TIME.fullmatch(words) or _TIME_THEN_DATE.fullmatch(words)
    if match is None:
        return None
    clock = _clock(match["time"])
    if clock is None:
        return None
    today = now.astimezone(tz).date()
    if match["date"] is None:
        moment = _local(today, clock, tz)
        return moment if moment > now else _local(today + timedelta(days=1), clock, tz)
    day = _date(match["date"], today)
    return None if day is None else _local(day, clock, tz)


def quick_times(now: datetime, tz: ZoneInfo) -> dict[str, datetime]:
    """The quick choices of the task dialog: ``in1h``, ``today18`` (only while it is still
    ahead) and ``tomorrow10``, aware in `tz`."""
    today = now.astimezone(tz).date()
    choices = {"in1h": _to_minute(now + timedelta(hours=1), tz)}
    evening = _local(today, time(18, 0), tz)
    if evening > now:
        choices["today18"] = evening
    choices["tomorrow10"] = _local(today + timedelta(days=1), time(10, 0), tz)
    return choices


def _after(match: re.Match[str], now: datetime, tz: ZoneInfo) -> datetime | None:
    unit = _UNITS.get(match["unit"])
    if unit is None:
        return None
    count = int(match["n"]) if match["n"] else 1
    if count == 0:
        return None
    return _to_minute(now + count * unit, tz)


def _to_minute(moment: datetime, tz: ZoneInfo) -> datetime:
    """Real elapsed-time arithmetic (through UTC), then the seconds dropped."""
    local = moment.astimezone(UTC).astimezone(tz)
    return local.replace(second=0, microsecond=0)


def _clock(text: str) -> time | None:
    found = _CLOCK.fullmatch(text)
    if found is None or (found["m"] is None and found["half"] is None):
        return None
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if found["half"] is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found["half"] == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _date(text: str, today: date) -> date | None:
    if text in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[text])
    parts = [int(p) for p in text.split(".")]
    day, month = parts[0], parts[1]
    if len(parts) == 3:
        year = parts[2] + (2000 if parts[2] < 100 else 0)
        return _valid(year, month, day)
    for year in range(today.year, today.year + YEARS_AHEAD + 1):
        found = _valid(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The wall-clock moment in `tz`; a time skipped by a clock change moves forward."""
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
