"""The CRM's health as the polls see it: admins are warned once when the CRM has failed
for `alert_after` (at once when it refuses the API key), and told once when it recovers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.crm.errors import BadCredentials, CRMError, UnexpectedPayload


@dataclass(frozen=True)
class Notice:
    key: str  # the i18n key of the text
    since: datetime  # when the failing began (part of the outbox key: once per outage)
    minutes: int
    error: str


class CRMWatch:
    def __init__(self, alert_after: timedelta) -> None:
        self._alert_after = alert_after
        self.failing_since: datetime | None = None
        self.last_error = ""
        self._warned = False

    def failed(self, exc: CRMError, now: datetime) -> Notice | None:
        """A poll failed; the warning to send, if this is when to send it."""
        if self.failing_since is None:
            self.failing_since = now
        self.last_error = type(exc).__name__
        if self._warned:
            return None
        since = self.failing_since
        if isinstance(exc, BadCredentials):
            self._warned = True
            return Notice("notice.crm_key", since, 0, self.last_error)
        if self._alert_after and now - since >= self._alert_after:
            self._warned = True
            # a CRM that answers in a shape the bot cannot read is not "not answering"
            key = (
                "notice.crm_unreadable" if isinstance(exc, UnexpectedPayload) else "notice.crm_down"
            )
            return Notice(key, since, _minutes(now - since), self.last_error)
        return None

    def recovered(self, now: datetime) -> Notice | None:
        """A poll worked; the note that the CRM is back, if admins were warned."""
        since, warned = self.failing_since, self._warned
        self.failing_since, self.last_error, self._warned = None, "", False
        if since is None or not warned:
            return None
        return Notice("notice.crm_back", since, _minutes(now - since), "")


def _minutes(span: timedelta) -> int:
    return max(1, round(span.total_seconds() / 60))
