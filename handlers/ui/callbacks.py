"""Every button's callback data, as aiogram `CallbackData` factories with short prefixes.

Telegram allows 64 bytes; `tests/test_callbacks.py` packs the longest realistic values.
Nothing in callback data is trusted: handlers re-check every id against the store and
the CRM, and the acting employee always comes from the presser's binding.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.ui.form_callbacks import (
    FormBack,
    FormCancel,
    FormChange,
    FormCreate,
    FormEdit,
    FormPage,
    FormPick,
    FormSkip,
)


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


# ------------------------------------------------------------------ leads (handlers/leads/)


class LeadOpen(CallbackData, prefix="lo"):
    lead: str


class LeadTake(CallbackData, prefix="lt"):
    """Take the lead into work; `anyway` after being shown the client's open deals."""

    lead: str
    anyway: bool = False


class LeadShow(CallbackData, prefix="lv"):
    """Redraw the lead's card in place (back from a warning or the employee picker)."""

    lead: str


class LeadComment(CallbackData, prefix="lc"):
    lead: str


class LeadAssign(CallbackData, prefix="la"):
    """Page through employees to make one responsible for the lead."""

    lead: str
    page: int = 0


class LeadAssignTo(CallbackData, prefix="lat"):
    lead: str
    emp: str


# ------------------------------------------------------------------ deals (handlers/deals/)


class DealOpen(CallbackData, prefix="do"):
    """Send the deal's card as a new message."""

    deal: str


class DealsPage(CallbackData, prefix="dp"):
    """Another page of what the last /deal found (the query itself is kept in the FSM data)."""

    page: int


class DealShow(CallbackData, prefix="dv"):
    """Redraw the deal's card in place (back from the stage or employee picker)."""

    deal: str


class DealStages(CallbackData, prefix="ds"):
    deal: str


class DealSetStage(CallbackData, prefix="dss"):
    """Move the deal to `stage`; a closing stage (won or lost) first asks, `sure` after."""

    deal: str
    stage: str
    sure: bool = False


class DealComment(CallbackData, prefix="dc"):
    deal: str


class DealTags(CallbackData, prefix="dg"):
    deal: str


class History(CallbackData, prefix="hi"):
    """Open the history of a lead or a deal (`of`: lead | deal) as a new message, at `offset`."""

    of: str
    id: str
    offset: int = 0


class HistoryPage(CallbackData, prefix="hp"):
    """Turn the page of a history message in place."""

    of: str
    id: str
    offset: int = 0


class DealReassign(CallbackData, prefix="dr"):
    deal: str
    page: int = 0


class DealReassignTo(CallbackData, prefix="dra"):
    deal: str
    emp: str


# ------------------------------------------------------------------ tasks (handlers/tasks/)


class DealTask(CallbackData, prefix="dt"):
    """Start the dialog that sets the deal's task."""

    deal: str


class DealTasks(CallbackData, prefix="dts"):
    """The deal's open tasks."""

    deal: str


class TaskWhen(CallbackData, prefix="tw"):
    """A quick time for the task in the dialog: in1h | today18 | tomorrow10."""

    choice: str


class TaskNextYear(CallbackData, prefix="ty"):
    """Yes, the date typed without a year is meant for next year."""


class TaskReplace(CallbackData, prefix="tr"):
    """Confirm (or not) that the new task replaces the employee's open task of the deal."""

    ok: bool


class MyTasksPage(CallbackData, prefix="tp"):
    """A page of /tasks in one view: all | today | overdue."""

    page: int = 0
    view: str = "all"


class TaskMove(CallbackData, prefix="tm"):
    """Reschedule the task `task` of the deal `deal`."""

    deal: str
    task: str


class TaskDone(CallbackData, prefix="td"):
    """Mark the task `task` of the deal `deal` done."""

    deal: str
    task: str


class TaskOutcomePick(CallbackData, prefix="to"):
    """How the task being closed went: `ok` successful, else not."""

    ok: bool


class DealClose(CallbackData, prefix="dx"):
    """Close the deal `deal` (where closing is its own operation): choose a status."""

    deal: str


class DealCloseAs(CallbackData, prefix="dxa"):
    """Close the deal `deal` with the closing status `reason`."""

    deal: str
    reason: str


class DealCloseSkip(CallbackData, prefix="dxs"):
    """Close dialog: keep the deal's amount (`step` "amount"), or no comment ("comment")."""

    step: str


DIALOG_BUTTONS: tuple[type[CallbackData], ...] = (
    FormSkip,
    FormBack,
    FormPick,
    FormPage,
    FormCreate,
    FormEdit,
    FormChange,
    FormCancel,
    TaskWhen,
    TaskReplace,
    TaskNextYear,
    TaskOutcomePick,
    DealCloseSkip,
)
"""Buttons that belong to a dialog: pressed after it ended, they say so."""


class CentersPage(CallbackData, prefix="cp"):
    page: int = 0


class CentersCity(CallbackData, prefix="cc"):  # /centers: that city's centres
    city: str


class SubFilter(CallbackData, prefix="gf"):
    """An admin opens the choices of one filter (`what`: pipeline | inbox)."""

    what: str


class SubSet(CallbackData, prefix="gs"):
    """An admin sets a filter to `value` ("" = any)."""

    what: str
    value: str = ""


class AlertToggle(CallbackData, prefix="al"):
    """A person turns one kind of their personal alerts on or off."""

    kind: str
    on: bool
