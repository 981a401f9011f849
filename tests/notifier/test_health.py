"""When admins hear of the CRM's failures: once per outage, never when it is turned off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.crm.errors import BadCredentials, Unavailable, UnexpectedPayload
from bot.notifier.health import CRMWatch

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_the_warning_comes_once_after_the_alert_time_and_the_note_once_after() -> None:
    watch = CRMWatch(timedelta(minutes=5))
    down = Unavailable("502")
    assert watch.failed(down, T0) is None
    assert watch.failed(down, T0 + timedelta(minutes=4)) is None
    warning = watch.failed(down, T0 + timedelta(minutes=5))
    assert warning is not None and (warning.key, warning.minutes) == ("notice.crm_down", 5)
    assert watch.failed(down, T0 + timedelta(minutes=9)) is None
    back = watch.recovered(T0 + timedelta(minutes=12))
    assert back is not None and (back.key, back.minutes, back.since) == ("notice.crm_back", 12, T0)
    assert watch.recovered(T0 + timedelta(minutes=13)) is None


def test_a_recovery_before_the_alert_time_says_nothing() -> None:
    watch = CRMWatch(timedelta(minutes=5))
    assert watch.failed(Unavailable("502"), T0) is None
    assert watch.recovered(T0 + timedelta(minutes=1)) is None
    assert watch.failing_since is None


def test_zero_turns_the_outage_warning_off_but_not_the_refused_key() -> None:
    watch = CRMWatch(timedelta(0))
    assert watch.failed(Unavailable("502"), T0) is None
    assert watch.failed(Unavailable("502"), T0 + timedelta(days=1)) is None
    refused = watch.failed(BadCredentials("key"), T0 + timedelta(days=1))
    assert refused is not None and refused.key == "notice.crm_key"


def test_a_crm_that_answers_what_the_bot_cannot_read_is_not_called_silent() -> None:
    watch = CRMWatch(timedelta(minutes=5))
    odd = UnexpectedPayload("lead/list: unexpected payload (leads: not an object)")
    assert watch.failed(odd, T0) is None
    warning = watch.failed(odd, T0 + timedelta(minutes=5))
    assert warning is not None and warning.key == "notice.crm_unreadable"
