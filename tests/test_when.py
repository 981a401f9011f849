"""Typed task times: every accepted form, the zone they are read in, and what is refused."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.work.due_dates import Reading, next_year, quick_times, read_when

MSK = ZoneInfo("Europe/Moscow")  # UTC+3, no daylight saving
YEK = ZoneInfo("Asia/Yekaterinburg")  # UTC+5, no daylight saving
BERLIN = ZoneInfo("Europe/Berlin")  # has daylight saving

# Wednesday 20 May 2026, 14:20:35 in Moscow
NOW = datetime(2026, 5, 20, 11, 20, 35, tzinfo=UTC)


def msk(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


def parse_when(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The moment alone, as most checks want it."""
    reading = read_when(text, now=now, tz=tz)
    return reading.moment if reading is not None else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.11 15:30", msk(2026, 11, 25, 15, 30)),
        ("25.11.2026 9:00", msk(2026, 11, 25, 9, 0)),
        ("25.11.26 9:00", msk(2026, 11, 25, 9, 0)),
        ("1.6 7:05", msk(2026, 6, 1, 7, 5)),
        ("20.05 18:00", msk(2026, 5, 20, 18, 0)),  # today's date, later today
        ("19.05 18:00", msk(2026, 5, 19, 18, 0)),  # yesterday's: this year's, the caller asks
        ("29.02 12:00", msk(2028, 2, 29, 12, 0)),  # the next 29 February
        ("завтра 10:00", msk(2026, 5, 21, 10, 0)),
        ("Завтра в 10:00", msk(2026, 5, 21, 10, 0)),
        ("сегодня 18:00", msk(2026, 5, 20, 18, 0)),
        ("послезавтра 9:30", msk(2026, 5, 22, 9, 30)),
        ("tomorrow 10am", msk(2026, 5, 21, 10, 0)),
        ("today 6pm", msk(2026, 5, 20, 18, 0)),
        ("today 6 PM", msk(2026, 5, 20, 18, 0)),
        ("tomorrow 10:30", msk(2026, 5, 21, 10, 30)),
        ("tomorrow at 12am", msk(2026, 5, 21, 0, 0)),
        ("tomorrow 12pm", msk(2026, 5, 21, 12, 0)),
        ("10am tomorrow", msk(2026, 5, 21, 10, 0)),
        ("day after tomorrow 9:00", msk(2026, 5, 22, 9, 0)),
        ("  завтра   10:00  ", msk(2026, 5, 21, 10, 0)),
        ("15:00", msk(2026, 5, 20, 15, 0)),  # still ahead today
        ("10:00", msk(2026, 5, 21, 10, 0)),  # passed today: tomorrow
        ("через 2 часа", msk(2026, 5, 20, 16, 20)),
        ("через час", msk(2026, 5, 20, 15, 20)),
        ("через 30 минут", msk(2026, 5, 20, 14, 50)),
        ("через полчаса", msk(2026, 5, 20, 14, 50)),
        ("через 2 дня", msk(2026, 5, 22, 14, 20)),
        ("in 2 hours", msk(2026, 5, 20, 16, 20)),
        ("in 30 minutes", msk(2026, 5, 20, 14, 50)),
        ("in an hour", msk(2026, 5, 20, 15, 20)),
        ("in 3h", msk(2026, 5, 20, 17, 20)),
        # weekdays: the next such day, today while the time is ahead (NOW is a Wednesday)
        ("в пятницу 15:00", msk(2026, 5, 22, 15, 0)),
        ("пт 10:00", msk(2026, 5, 22, 10, 0)),
        ("friday 3pm", msk(2026, 5, 22, 15, 0)),
        ("on fri", msk(2026, 5, 22, 10, 0)),
        ("во вторник", msk(2026, 5, 26, 10, 0)),
        ("в среду 16:00", msk(2026, 5, 20, 16, 0)),
        ("в среду 10:00", msk(2026, 5, 27, 10, 0)),  # passed today: next week's
        ("15:00 в пятницу", msk(2026, 5, 22, 15, 0)),
        # month names, Russian and English, either order
        ("10 декабря", msk(2026, 12, 10, 10, 0)),
        ("10 дек 9:30", msk(2026, 12, 10, 9, 30)),
        ("10 декабря 2027 в 11:00", msk(2027, 12, 10, 11, 0)),
        ("december 10", msk(2026, 12, 10, 10, 0)),
        ("dec 10 9:30am", msk(2026, 12, 10, 9, 30)),
        # a day without a time is at the default time (10:00)
        ("завтра", msk(2026, 5, 21, 10, 0)),
        ("tomorrow", msk(2026, 5, 21, 10, 0)),
        ("25.11", msk(2026, 11, 25, 10, 0)),
        # days and weeks ahead keep the hour (a working one)
        ("через неделю", msk(2026, 5, 27, 14, 20)),
        ("через 2 недели", msk(2026, 6, 3, 14, 20)),
        ("in 2 weeks", msk(2026, 6, 3, 14, 20)),
    ],
)
def test_reads_each_form_in_moscow(text: str, expected: datetime) -> None:
    got = parse_when(text, now=NOW, tz=MSK)
    assert got == expected
    assert got is not None and got.tzinfo is MSK and got.second == 0


def test_the_zone_decides_the_moment() -> None:
    moscow = parse_when("25.11 15:30", now=NOW, tz=MSK)
    yekaterinburg = parse_when("25.11 15:30", now=NOW, tz=YEK)
    assert moscow is not None and yekaterinburg is not None
    assert int(moscow.timestamp()) == int(datetime(2026, 11, 25, 12, 30, tzinfo=UTC).timestamp())
    assert int(yekaterinburg.timestamp()) == int(
        datetime(2026, 11, 25, 10, 30, tzinfo=UTC).timestamp()
    )
    assert yekaterinburg.strftime("%d.%m %H:%M") == "25.11 15:30"


def test_today_and_tomorrow_follow_the_zones_calendar() -> None:
    # 21:30 UTC on 20 May is already 21 May 00:30 in Moscow and 02:30 in Yekaterinburg.
    late = datetime(2026, 5, 20, 21, 30, tzinfo=UTC)
    assert parse_when("завтра 10:00", now=late, tz=MSK) == msk(2026, 5, 22, 10, 0)
    assert parse_when("tomorrow 10:00", now=late, tz=ZoneInfo("UTC")) == datetime(
        2026, 5, 21, 10, 0, tzinfo=ZoneInfo("UTC")
    )
    assert parse_when("сегодня 2:00", now=late, tz=YEK) == datetime(2026, 5, 21, 2, 0, tzinfo=YEK)


def test_offsets_count_real_time_across_a_clock_change() -> None:
    # 29 March 2026, 01:30 in Berlin; at 02:00 the clocks jump to 03:00.
    before = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    got = parse_when("in 1 hour", now=before, tz=BERLIN)
    assert got is not None and got.strftime("%H:%M") == "03:30"
    assert got - before == timedelta(hours=1)
    skipped = parse_when("сегодня 2:30", now=before, tz=BERLIN)
    assert skipped is not None and skipped.strftime("%H:%M") == "03:30"


def test_a_passed_moment_is_returned_for_the_caller_to_refuse() -> None:
    got = parse_when("сегодня 9:00", now=NOW, tz=MSK)
    assert got == msk(2026, 5, 20, 9, 0) and got < NOW
    assert parse_when("25.11.2020 9:00", now=NOW, tz=MSK) == msk(2020, 11, 25, 9, 0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "31.02 10:00",
        "31.04.2026 10:00",
        "25:00",
        "10:60",
        "13pm",
        "0am",
        "10",
        "завтра 10",
        "через",
        "через 0 минут",
        "in 2 fortnights",
        "10 декабрёнка",
        "32 декабря",
        "в пятницу 10",
        "garbage",
        "позвонить клиенту",
        "32.01 10:00",
        "25.13 10:00",
        "25.11.123 10:00",
        "вчера 10:00",
    ],
)
def test_unreadable_gives_none(text: str) -> None:
    assert parse_when(text, now=NOW, tz=MSK) is None


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_when("10:00", now=datetime(2026, 5, 20, 12, 0), tz=MSK)


def test_quick_times_in_the_afternoon() -> None:
    times = quick_times(NOW, MSK)
    assert list(times) == ["in1h", "today18", "tomorrow10"]
    assert times["in1h"] == msk(2026, 5, 20, 15, 20)
    assert times["today18"] == msk(2026, 5, 20, 18, 0)
    assert times["tomorrow10"] == msk(2026, 5, 21, 10, 0)
    assert all(t.tzinfo is MSK and t > NOW for t in times.values())


def test_quick_times_leave_out_a_passed_evening_and_use_the_zone() -> None:
    evening = datetime(2026, 5, 20, 15, 5, tzinfo=UTC)  # 18:05 in Moscow, 20:05 in Yekaterinburg
    assert list(quick_times(evening, MSK)) == ["in1h", "tomorrow10"]
    assert list(quick_times(evening, YEK)) == ["in1h", "tomorrow10"]
    morning = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)  # 13:00 in Moscow, 15:00 in Yekaterinburg
    assert quick_times(morning, YEK)["today18"] == datetime(2026, 5, 20, 18, 0, tzinfo=YEK)
    assert quick_times(morning, YEK)["today18"] != quick_times(morning, MSK)["today18"]
    # after midnight UTC but past midnight in the zone: "tomorrow" is the zone's tomorrow
    night = datetime(2026, 5, 20, 20, 30, tzinfo=UTC)  # 01:30 on 21 May in Yekaterinburg
    assert quick_times(night, YEK)["tomorrow10"] == datetime(2026, 5, 22, 10, 0, tzinfo=YEK)
    assert quick_times(night, MSK)["tomorrow10"] == msk(2026, 5, 21, 10, 0)


def test_days_ahead_at_night_come_at_the_default_hour() -> None:
    night = datetime(2026, 5, 19, 22, 40, tzinfo=UTC)  # 01:40 in Moscow
    assert parse_when("через 3 дня", now=night, tz=MSK) == msk(2026, 5, 23, 10, 0)
    late = read_when("через 3 дня", now=night, tz=MSK, default_time=time(9, 30))
    assert late is not None and late.moment == msk(2026, 5, 23, 9, 30)


def test_a_date_without_a_year_is_this_years_and_says_so() -> None:
    passed = read_when("19.05 18:00", now=NOW, tz=MSK)
    assert passed == Reading(msk(2026, 5, 19, 18, 0), year_implied=True)
    assert next_year(passed, MSK) == msk(2027, 5, 19, 18, 0)
    given = read_when("19.05.2026 18:00", now=NOW, tz=MSK)
    assert given == Reading(msk(2026, 5, 19, 18, 0), year_implied=False)
    leap = read_when("29.02", now=NOW, tz=MSK)
    assert leap is not None and leap.moment == msk(2028, 2, 29, 10, 0)
    assert next_year(leap, MSK) == msk(2032, 2, 29, 10, 0)
