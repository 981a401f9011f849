"""Callback data fits Telegram's 64-byte limit with the longest realistic values."""

from __future__ import annotations

import pytest
from aiogram.filters.callback_data import CallbackData

from bot.notifier.messages import ClaimLead
from bot.work.attempts import new_token
from handlers.ui.callbacks import (
    ApproveAs,
    AskAccess,
    DealComment,
    DealOpen,
    DealReassign,
    DealReassignTo,
    DealSetStage,
    DealShow,
    DealsPage,
    DealStages,
    DealTags,
    DealTask,
    DealTasks,
    History,
    HistoryPage,
    InviteFor,
    InvitePage,
    LeadAssign,
    LeadAssignTo,
    LeadComment,
    LeadOpen,
    LeadTake,
    MyTasksPage,
    PickForRequest,
    RejectRequest,
    StaffAction,
    StaffOpen,
    StaffPage,
    StaffPickPage,
    StaffSetEmployee,
    SubFilter,
    SubSet,
    TaskWhen,
)
from handlers.ui.form_callbacks import FormBack, FormCreate, FormPage, FormPick, FormSkip

LONG_KEY = "ivan.petrov-sales@mycompany-long"  # a SalesMan login: 32 characters
BIG_ID = 9_999_999_999  # Telegram user ids already exceed 32 bits
BIG_REQ = 99_999_999
CRM_ID = "9999999999"  # Envybox ids are numbers; ten digits leaves years of headroom

LONGEST: list[CallbackData] = [
    AskAccess(),
    PickForRequest(req=BIG_REQ, page=999),
    ApproveAs(req=BIG_REQ, emp=LONG_KEY),
    RejectRequest(req=BIG_REQ),
    InvitePage(page=999),
    InviteFor(emp=LONG_KEY),
    StaffPage(page=999),
    StaffOpen(uid=BIG_ID),
    StaffAction(uid=BIG_ID, act="unbind_yes"),
    StaffPickPage(uid=BIG_ID, page=999),
    StaffSetEmployee(uid=BIG_ID, emp=LONG_KEY),
    LeadOpen(lead=CRM_ID),
    LeadTake(lead=CRM_ID),
    LeadComment(lead=CRM_ID),
    LeadAssign(lead=CRM_ID, page=999),
    LeadAssignTo(lead=CRM_ID, emp=LONG_KEY),
    FormSkip(at=49),
    FormBack(at=49),
    FormPage(at=49, page=999),
    FormCreate(attempt=new_token()),
    FormPick(at=49, id=CRM_ID),
    DealOpen(deal=CRM_ID),
    DealShow(deal=CRM_ID),
    DealsPage(page=999),
    DealStages(deal=CRM_ID),
    DealSetStage(deal=CRM_ID, stage=CRM_ID),
    DealComment(deal=CRM_ID),
    DealTags(deal=CRM_ID),
    History(of="lead", id=CRM_ID, offset=99_999),
    HistoryPage(of="deal", id=CRM_ID, offset=99_999),
    DealReassign(deal=CRM_ID, page=999),
    DealReassignTo(deal=CRM_ID, emp=LONG_KEY),
    DealTask(deal=CRM_ID),
    DealTasks(deal=CRM_ID),
    TaskWhen(choice="tomorrow10"),
    MyTasksPage(page=999),
    SubFilter(what="pipeline"),
    SubSet(what="pipeline", value=CRM_ID),
    ClaimLead(lead=CRM_ID),
]


@pytest.mark.parametrize("data", LONGEST, ids=lambda d: type(d).__name__)
def test_fits_64_bytes_and_round_trips(data: CallbackData) -> None:
    packed = data.pack()
    assert len(packed.encode("utf-8")) <= 64, packed
    assert type(data).unpack(packed) == data


def test_prefixes_are_unique() -> None:
    prefixes = [type(d).__prefix__ for d in LONGEST]
    assert len(prefixes) == len(set(prefixes))
