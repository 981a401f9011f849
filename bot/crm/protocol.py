"""The `CRM` protocol: what the bot asks of a CRM, as a base class every adapter extends.

Every operation of the base class raises `NotSupported`. An adapter overrides the ones its
CRM's API allows and lists them in `capabilities`; a call to an operation it did not declare
raises `NotSupported` before the adapter's code runs, so the declared set is the truth
(`bot.crm.capabilities.OPERATIONS` says which capability each method needs). `as_employee`
is always the key of the employee bound to the Telegram user who acted.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from bot.crm.capabilities import OPERATIONS, Capability, Trait
from bot.crm.errors import NotSupported
from bot.crm.forms import LEAD_FORM, Answers, Choice, Creation, Form
from bot.crm.models import (
    Center,
    Client,
    CloseReason,
    Created,
    CreatedLead,
    Deal,
    Employee,
    InboxType,
    Lead,
    LeadStat,
    LogEntry,
    NewLead,
    NewLeads,
    Page,
    Pipeline,
    TakenLead,
    Task,
    TaskOutcome,
)

_C = Capability
_GUARDED = "__crm_guarded__"

Progress = Callable[[int], Awaitable[None]]  # how many records a long search looked through


def _guard(capability: Capability, method: Callable[..., Awaitable[Any]]) -> Any:
    @functools.wraps(method)
    async def checked(self: CRM, *args: Any, **kwargs: Any) -> Any:
        if capability not in self.capabilities:
            raise NotSupported(capability)
        return await method(self, *args, **kwargs)

    setattr(checked, _GUARDED, True)
    return checked


class CRM(ABC):
    """One CRM account. Subclasses set `kind` and `capabilities` and override operations."""

    kind: ClassVar[str] = "crm"
    capabilities: frozenset[Capability] = frozenset()
    traits: frozenset[Trait] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, capability in OPERATIONS.items():
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, _GUARDED, False):
                setattr(cls, name, _guard(capability, method))

    @abstractmethod
    async def close(self) -> None:
        """Release connections; the adapter is not used afterwards."""

    @abstractmethod
    async def account_name(self) -> str:
        """The CRM account's name; the first call also proves the credentials work."""

    # ------------------------------------------------------------------ reference data
    # (cached by the adapter)

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        """The CRM's employees. When a read fails, the list last read (however old) is
        given; with `fresh`, the CRM's error is raised instead (the bot's own directory
        keeps the last list and needs to know the CRM did not answer)."""
        raise NotSupported(_C.LIST_EMPLOYEES)

    def employee_key(self, typed: str) -> str | None:
        """The key of an employee whose id an admin typed, or None when `typed` cannot be
        one (on a CRM without LIST_EMPLOYEES this form is all the bot can check). By
        default one word of up to 64 characters."""
        key = typed.strip().lstrip("#№").strip()
        return key if 0 < len(key) <= 64 and not any(c.isspace() for c in key) else None

    async def pipelines(self) -> Sequence[Pipeline]:
        raise NotSupported(_C.LIST_PIPELINES)

    async def inbox_types(self) -> Sequence[InboxType]:
        raise NotSupported(_C.LIST_INBOX_TYPES)

    # ------------------------------------------------------------------ leads

    async def find_leads(
        self,
        *,
        phone: str | None = None,
        email: str | None = None,
        progress: Progress | None = None,
    ) -> Sequence[Lead]:
        """Leads not yet taken with this phone (E.164) or e-mail (where the CRM's search
        cannot tell taken ones apart, every match, newest first). A CRM with the trait
        LEAD_SEARCH_SCANS calls `progress` with the number of leads looked through."""
        raise NotSupported(_C.FIND_LEADS)

    async def get_lead(self, lead_id: str) -> Lead:
        raise NotSupported(_C.GET_LEAD)

    async def take_lead(self, lead_id: str, *, as_employee: str) -> TakenLead:
        raise NotSupported(_C.TAKE_LEAD)

    async def assign_lead(self, lead_id: str, employee_key: str) -> None:
        raise NotSupported(_C.ASSIGN_LEAD)

    async def comment_lead(self, lead_id: str, text: str, *, as_employee: str) -> LogEntry:
        raise NotSupported(_C.COMMENT_LEAD)

    async def lead_history(
        self, lead_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]:
        raise NotSupported(_C.LEAD_HISTORY)

    async def create_lead(self, lead: NewLead, *, as_employee: str | None = None) -> CreatedLead:
        raise NotSupported(_C.CREATE_LEAD)

    # ------------------------------------------------------------------ forms

    async def form(self, creates: Creation) -> Form:
        """What creating `creates` asks for. A CRM that can create leads has the standard
        lead form unless its adapter describes its own."""
        if creates.capability not in self.capabilities:
            raise NotSupported(creates.capability)
        if creates is Creation.LEAD:
            return LEAD_FORM
        raise NotSupported(creates.capability)

    async def form_choices(self, creates: Creation, key: str, answers: Answers) -> Sequence[Choice]:
        """The choices of the form's field `key`, given the answers so far."""
        raise NotSupported(creates.capability)

    async def create_deal(self, answers: Answers, *, as_employee: str) -> Created:
        raise NotSupported(_C.CREATE_DEAL)

    async def create_task(self, answers: Answers, *, as_employee: str) -> Created:
        raise NotSupported(_C.CREATE_TASK)

    async def create_contact(self, answers: Answers, *, as_employee: str) -> Created:
        raise NotSupported(_C.CREATE_CONTACT)

    async def create_company(self, answers: Answers, *, as_employee: str) -> Created:
        raise NotSupported(_C.CREATE_COMPANY)

    async def cities(self) -> Sequence[Choice]:
        """The cities the CRM's centres are in."""
        raise NotSupported(_C.LIST_CENTERS)

    async def centers(self, city_id: str) -> Sequence[Center]:
        raise NotSupported(_C.LIST_CENTERS)

    async def new_leads(self, *, since: datetime, limit: int = 50) -> NewLeads:
        """Leads created after `since`, oldest first, at most `limit`; the listed leads
        that could not be read come beside them (never instead of them)."""
        raise NotSupported(_C.LIST_NEW_LEADS)

    # ------------------------------------------------------------------ deals

    async def lead_stats(self, *, start: date, end: date) -> Sequence[LeadStat]:
        """Per employee, the leads open and processed from `start` to `end` (CRM days)."""
        raise NotSupported(_C.LEAD_STATS)

    async def find_deals(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Deal]:
        """Deals of the clients with this phone (E.164) or e-mail."""
        raise NotSupported(_C.FIND_DEALS)

    async def search_deals(self, text: str, *, offset: int = 0, limit: int = 10) -> Page[Deal]:
        """Deals whose name, client or contacts contain `text`."""
        raise NotSupported(_C.SEARCH_DEALS)

    async def get_deal(self, deal_id: str) -> Deal:
        raise NotSupported(_C.GET_DEAL)

    async def deal_with_client(self, deal_id: str) -> Deal:
        """The deal with its client's name and contacts, in as few calls as the CRM allows."""
        raise NotSupported(_C.GET_DEAL)

    async def get_client(self, client_id: str) -> Client:
        raise NotSupported(_C.GET_CLIENT)

    async def last_deal_comment(self, deal_id: str) -> LogEntry | None:
        """The deal's newest comment (not any log line); None when it has none."""
        raise NotSupported(_C.DEAL_HISTORY)

    async def change_deal_stage(
        self, deal_id: str, stage_id: str, *, as_employee: str, comment: str | None = None
    ) -> None:
        """Move the deal; moving it to the stage it is at is no change, not an error. A
        `comment` is only given to an adapter with the trait STAGE_COMMENT."""
        raise NotSupported(_C.CHANGE_DEAL_STAGE)

    async def close_reasons(self) -> Sequence[CloseReason]:
        """The statuses a deal can be closed with (reference data, cached)."""
        raise NotSupported(_C.CLOSE_DEAL)

    async def close_deal(
        self,
        deal_id: str,
        *,
        reason_id: str,
        amount: Decimal | None = None,
        comment: str | None = None,
        as_employee: str,
    ) -> None:
        """Close the deal with a status from `close_reasons`, the actual amount (None: the
        deal's own) and a comment."""
        raise NotSupported(_C.CLOSE_DEAL)

    async def reassign_deal(self, deal_id: str, employee_key: str) -> Deal:
        raise NotSupported(_C.REASSIGN_DEAL)

    async def comment_deal(self, deal_id: str, text: str, *, as_employee: str) -> LogEntry:
        raise NotSupported(_C.COMMENT_DEAL)

    async def deal_history(
        self, deal_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]:
        raise NotSupported(_C.DEAL_HISTORY)

    async def tag_deal(self, deal_id: str, tags: Sequence[str]) -> None:
        raise NotSupported(_C.TAG_DEAL)

    # ------------------------------------------------------------------ tasks

    async def deal_task(self, deal_id: str) -> Task | None:
        """The active task of the deal's responsible; None when there is none."""
        raise NotSupported(_C.DEAL_TASKS)

    async def deal_tasks(self, deal_id: str) -> Sequence[Task]:
        """Every active task of the deal."""
        raise NotSupported(_C.DEAL_TASKS)

    async def set_task(self, deal_id: str, *, text: str, due: datetime, as_employee: str) -> Task:
        raise NotSupported(_C.SET_TASK)

    async def reschedule_task(self, task: Task, due: datetime, *, as_employee: str) -> Task:
        """The task moved to `due`, its text and assignee kept."""
        raise NotSupported(_C.RESCHEDULE_TASK)

    async def complete_task(self, task: Task, outcome: TaskOutcome, *, as_employee: str) -> None:
        """Mark the task done, with how it went."""
        raise NotSupported(_C.COMPLETE_TASK)

    async def tasks(
        self, *, employee_key: str, done: bool = False, offset: int = 0, limit: int = 50
    ) -> Page[Task]:
        raise NotSupported(_C.LIST_TASKS)

    async def due_tasks(self, *, start: datetime, end: datetime) -> Sequence[Task]:
        """Everyone's open tasks due from `start` to `end`, in as few calls as the API allows
        (the notifier's reminders)."""
        raise NotSupported(_C.LIST_TASKS)
