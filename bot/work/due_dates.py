"""Reading a task's date and time as staff type it, in the bot's time zone.

`read_when` understands, in Russian and English (case, extra spaces and a final dot do not
matter):

- a date: ``25.11``, ``25.11.2026``, ``25.11.26``; ``10 декабря``, ``10 дек``,
  ``december 10``, ``10 dec 2026``; a day word: ``сегодня``, ``завтра``, ``послезавтра``,
  ``today``, ``tomorrow``, ``day after tomorrow``; a weekday: ``в пятницу``, ``пт``,
  ``во вторник``, ``friday``, ``on fri`` (the next such day: today when the time is still
  ahead);
- a time: ``15:30``, ``9:00``, ``3pm``, ``10:30am``, optionally after ``в`` or ``at``; a time
  needs minutes or am/pm (``10`` alone is not a time);
- a date and a time in either order (``в пятницу 15:00``, ``10 дек 9:30``, ``10am tomorrow``);
  a date alone is at `default_time` (the setting DEFAULT_TASK_TIME); a time alone is today
  if that moment is still ahead, else tomorrow;
- an offset: ``через 2 часа``, ``через 30 минут``, ``через полчаса``, ``in an hour`` (real
  elapsed time, cut to the minute); ``через 3 дня``, ``через неделю``, ``in 2 weeks`` (that
  day, at the same time of day while it is a working hour, else at `default_time`).

A date typed without a year is this year's, even when it has passed: the caller asks before
moving it to next year (`Reading.year_implied`); only 29 February goes to the next leap year.
An impossible date (``31.02``) or time (``25:00``) gives None, and so does anything else. A
moment that has passed is returned as it is: refusing the past is the caller's rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WORKING_HOURS = (time(9, 0), time(19, 0))  # an offset in days keeps the hour within these
YEARS_AHEAD = 8  # far enough to reach the next 29 February

_DAY_WORDS: dict[str, int] = {
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "послезавтра": 2,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
}


def _words(table: dict[int, str]) -> dict[str, int]:
    return {word: value for value, words in table.items() for word in words.split()}


_MONTHS = _words(
    {
        1: "январь января янв january jan",
        2: "февраль февраля фев февр february feb",
        3: "март марта мар march mar",
        4: "апрель апреля апр april apr",
        5: "май мая may",
        6: "июнь июня июн june jun",
        7: "июль июля июл july jul",
        8: "август августа авг august aug",
        9: "сентябрь сентября сен сент september sep sept",
        10: "октябрь октября окт october oct",
        11: "ноябрь ноября ноя нояб november nov",
        12: "декабрь декабря дек december dec",
    }
)
_WEEKDAYS = _words(
    {
        0: "понедельник пн monday mon",
        1: "вторник вт tuesday tue tues",
        2: "среда среду ср wednesday wed",
        3: "четверг чт thursday thu thur thurs",
        4: "пятница пятницу пт friday fri",
        5: "суббота субботу сб saturday sat",
        6: "воскресенье вс sunday sun",
    }
)
_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("м", "мин", "минута", "минуту", "минуты", "минут"), timedelta(minutes=1)),
    **dict.fromkeys(("ч", "час", "часа", "часов"), timedelta(hours=1)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    "полчаса": timedelta(minutes=30),
}
_DAY_UNITS: dict[str, int] = {
    **dict.fromkeys(("д", "день", "дня", "дней", "сутки", "суток", "d", "day", "days"), 1),
    **dict.fromkeys(("неделю", "недели", "недель", "week", "weeks", "w"), 7),
}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_MONTH = _alternatives(_MONTHS)
_DATE = (
    rf"(?P<numeric>\d{{1,2}}\.\d{{1,2}}(?:\.\d{{2}}|\.\d{{4}})?)"
    rf"|(?P<day_word>{_alternatives(_DAY_WORDS)})"
    rf"|(?:(?:во|в|on)\s+)?(?P<weekday>{_alternatives(_WEEKDAYS)})"
    rf"|(?P<dm_day>\d{{1,2}})\s+(?P<dm_month>{_MONTH})(?:\s+(?P<dm_year>\d{{4}}))?"
    rf"|(?P<md_month>{_MONTH})\s+(?P<md_day>\d{{1,2}})(?:\s+(?P<md_year>\d{{4}}))?"
)
_TIME = r"(?P<time>\d{1,2}(?::\d{2})?\s*(?:am|pm)?)"
_AT = r"(?:(?:в|at)\s+)?"
_FORMS = (
    re.compile(rf"(?:{_DATE})(?:\s+{_AT}{_TIME})?"),
    re.compile(rf"{_AT}{_TIME}(?:\s+(?:{_DATE}))?"),
)
_OFFSET = re.compile(r"(?:через|in)\s+(?:(?P<n>\d{1,4})\s*|(?:an?|one)\s+)?(?P<unit>[a-zа-я]+)")
_CLOCK = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<half>am|pm)?")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typed text names: the moment, aware in the zone; `year_implied` when it named
    a day and month without a year (the caller may offer next year's if this one passed)."""

    moment: datetime
    year_implied: bool = False


def read_when(
    text: str, *, now: datetime, tz: ZoneInfo, default_time: time = time(10, 0)
) -> Reading | None:
    """The moment `text` names, or None when it names none (see the module)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    words = " ".join(text.casefold().replace("ё", "е").replace("a.m.", "am").split())
    words = words.replace("p.m.", "pm").rstrip(".")
    today = now.astimezone(tz).date()
    offset = _OFFSET.fullmatch(words)
    if offset is not None:
        return _after(offset, now, tz, default_time)
    match = next((m for form in _FORMS if (m := form.fullmatch(words)) is not None), None)
    if match is None:
        return None
    clock = _clock(match["time"]) if match["time"] else None
    if match["time"] and clock is None:
        return None
    groups = match.groupdict()
    if not any(groups[g] for g in ("numeric", "day_word", "weekday", "dm_day", "md_day")):
        assert clock is not None
        moment = _local(today, clock, tz)
        return Reading(moment if moment > now else _local(today + timedelta(days=1), clock, tz))
    at = clock or default_time
    if groups["weekday"]:
        return _weekday(_WEEKDAYS[groups["weekday"]], at, now, tz)
    found = _date(groups, today)
    if found is None:
        return None
    day, implied = found
    return Reading(_local(day, at, tz), year_implied=implied)


def next_year(reading: Reading, tz: ZoneInfo) -> datetime:
    """The same day and time a year later (for a date whose year was implied and has passed)."""
    local = reading.moment.astimezone(tz)
    for year in range(local.year + 1, local.year + YEARS_AHEAD + 1):
        day = _valid(year, local.month, local.day)
        if day is not None:
            return _local(day, local.time(), tz)
    raise ValueError(f"no {local:%d.%m} in the years after {local.year}")


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


def _after(match: re.Match[str], now: datetime, tz: ZoneInfo, default: time) -> Reading | None:
    count = int(match["n"]) if match["n"] else 1
    if count == 0:
        return None
    unit = match["unit"]
    if unit in _UNITS:
        return Reading(_to_minute(now + count * _UNITS[unit], tz))
    if unit not in _DAY_UNITS:
        return None
    local = now.astimezone(tz)
    at = local.time().replace(second=0, microsecond=0)
    if not WORKING_HOURS[0] <= at < WORKING_HOURS[1]:
        at = default
    return Reading(_local(local.date() + timedelta(days=count * _DAY_UNITS[unit]), at, tz))


def _weekday(weekday: int, at: time, now: datetime, tz: ZoneInfo) -> Reading:
    today = now.astimezone(tz).date()
    ahead = (weekday - today.weekday()) % 7
    moment = _local(today + timedelta(days=ahead), at, tz)
    if moment <= now:
        moment = _local(today + timedelta(days=ahead or 7), at, tz)
    return Reading(moment)


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


def _date(groups: dict[str, str | None], today: date) -> tuple[date, bool] | None:
    """The day the groups name, and whether its year was implied."""
    if groups["day_word"]:
        return today + timedelta(days=_DAY_WORDS[groups["day_word"]]), False
    if groups["numeric"]:
        parts = [int(p) for p in groups["numeric"].split(".")]
        day, month = parts[0], parts[1]
        year = None if len(parts) < 3 else parts[2] + (2000 if parts[2] < 100 else 0)
    elif groups["dm_day"]:
        day, month = int(groups["dm_day"]), _MONTHS[groups["dm_month"] or ""]
        year = int(groups["dm_year"]) if groups["dm_year"] else None
    else:
        day, month = int(groups["md_day"] or 0), _MONTHS[groups["md_month"] or ""]
        year = int(groups["md_year"]) if groups["md_year"] else None
    if year is not None:
        found = _valid(year, month, day)
        return None if found is None else (found, False)
    for candidate in range(today.year, today.year + YEARS_AHEAD + 1):
        found = _valid(candidate, month, day)
        if found is not None:
            return found, True
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
