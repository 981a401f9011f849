"""Whom the CRM calls of the update being handled are made for: its sender's (or presser's)
employee, set by the gate once it knows them. A CRM whose API acts as a named user
(SalesMan's `login` header) sends it, so the CRM's history and visibility rules apply to
the person; with none set (start-up, the notifier, the reference data) an adapter acts as
the bot's own account.

A context variable, like the deadline: each update runs in its own task, so one person's
calls never carry another's name.
"""

from __future__ import annotations

from contextvars import ContextVar

_acting: ContextVar[str | None] = ContextVar("crm_acting_employee", default=None)


def act_as(employee_key: str | None) -> None:
    """The employee the rest of this update's CRM calls are made for (None: the bot)."""
    _acting.set(employee_key)


def acting_employee() -> str | None:
    return _acting.get()
