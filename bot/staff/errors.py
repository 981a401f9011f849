"""The rules of access refuse an operation with one of these.

Error tree::

    AccessError                 a rule refuses the operation
    ├── LastAdmin               it would leave the bot without an admin
    ├── ConfigAdmin             the target is an admin by ADMIN_IDS; only the setting changes that
    ├── UnknownEmployee         the CRM has no such employee (or the key was forged)
    ├── NotStaff                the target Telegram user has no binding
    ├── NoSuchRequest           no access request has that id (the button was forged)
    └── AlreadyDecided          another admin settled the access request first
"""

from __future__ import annotations

from bot.store import AccessRequest


class AccessError(Exception):
    """A rule of access refuses the operation."""


class LastAdmin(AccessError):
    """The bot would be left without an admin."""


class ConfigAdmin(AccessError):
    """The target is an admin by ADMIN_IDS."""


class UnknownEmployee(AccessError):
    """No such employee in the CRM."""


class NotStaff(AccessError):
    """The Telegram user has no binding."""


class NoSuchRequest(AccessError):
    """No access request has that id."""


class AlreadyDecided(AccessError):
    """Another admin settled the request first."""

    def __init__(self, request: AccessRequest) -> None:
        self.request = request
        super().__init__(f"request {request.id} already {request.status.value}")
