"""Every button's callback data, as aiogram `CallbackData` factories with short prefixes.

Telegram allows 64 bytes; `tests/test_callbacks.py` packs the longest realistic values.
Nothing in callback data is trusted: handlers re-check every id against the store and
the CRM, and the acting employee always comes from the presser's binding.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class AskAccess(CallbackData, prefix="ra"):
    """An unbound user asks the admins for access."""


class PickForRequest(CallbackData, prefix="rp"):
    """An admin pages through employees to approve request `req` as one of them."""

    req: int
    page: int = 0


class ApproveAs(CallbackData, prefix="re"):
    req: int
    emp: str


class RejectRequest(CallbackData, prefix="rr"):
    req: int


class InvitePage(CallbackData, prefix="ip"):
    page: int = 0


class InviteFor(CallbackData, prefix="ie"):
    emp: str


class StaffPage(CallbackData, prefix="sp"):
    page: int = 0


class StaffOpen(CallbackData, prefix="so"):
    uid: int


class StaffAction(CallbackData, prefix="sa"):
    """`act`: admin | staff | unbind | unbind_yes | pick (change the employee)."""

    uid: int
    act: str


class StaffPickPage(CallbackData, prefix="sq"):
    uid: int
    page: int = 0


class StaffSetEmployee(CallbackData, prefix="se"):
    uid: int
    emp: str
