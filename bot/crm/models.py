"""The CRM domain's models: what adapters hand out, whatever their vendor's wire format."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Employee(_Model):
    """A CRM employee; `key` is what the CRM knows them by (an id, or a login)."""

    key: str
    name: str
    phone: str | None = None
    mobile: str | None = None  # a second phone, where the CRM keeps one
    email: str | None = None
    position: str | None = None


class StageStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Stage(_Model):
    id: str
    name: str
    pipeline_id: str
    position: int = 0
    status: StageStatus = StageStatus.OPEN


class PipelineKind(StrEnum):
    LEAD = "lead"
    DEAL = "deal"


class Pipeline(_Model):
    id: str
    name: str
    kind: PipelineKind
    stages: tuple[Stage, ...] = ()
    manual_stage_change: bool = True
    primary: bool = False

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)


class Center(_Model):
    """A place a lead is for (Go-CRM's centre), with its contacts and time zone."""

    id: str
    name: str
    city: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    timezone: str | None = None


class InboxType(_Model):
    """Where a lead came from (a form on the site, added by hand, a call...)."""

    id: str
    name: str


class ContactKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    OTHER = "other"


class Contact(_Model):
    kind: ContactKind
    value: str


class Client(_Model):
    id: str
    name: str | None = None
    contacts: tuple[Contact, ...] = ()


class Lead(_Model):
    id: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    comment: str | None = None
    pipeline_id: str | None = None
    stage_id: str | None = None
    stage_name: str | None = None
    source: str | None = None
    inbox_type_id: str | None = None
    employee_key: str | None = None
    created_at: datetime | None = None
    taken: bool = False
    deal_ids: tuple[str, ...] = ()


class Unreadable(_Model):
    """A record the CRM listed that could not be read: its id (when it had one that could be
    read) and why, in words that carry none of its values."""

    id: str | None
    reason: str


class NewLeads(_Model):
    """One look for new leads: those read, oldest first, and those listed but unreadable."""

    leads: tuple[Lead, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()


class Deal(_Model):
    id: str
    name: str | None = None
    pipeline_id: str | None = None
    stage_id: str | None = None
    stage_name: str | None = None
    status: StageStatus = StageStatus.OPEN
    client: Client | None = None
    employee_key: str | None = None
    source: str | None = None
    created_at: datetime | None = None
    tags: tuple[str, ...] = ()  # empty also when the CRM does not say
    amount: Decimal | None = None
    planned_close: date | None = None
    closed_as: str | None = None  # the closing status, where the CRM closes deals apart
    # from their stages (CLOSE_DEAL); None while the deal is open


class CloseReason(_Model):
    """A status a deal can be closed with (won, lost on price...), where closing is its
    own operation (CLOSE_DEAL)."""

    id: str
    name: str


class Task(_Model):
    id: str
    deal_id: str | None = None
    text: str = ""
    due: datetime | None = None
    employee_key: str | None = None
    done: bool = False
    overdue: bool = False


class TaskOutcome(_Model):
    """How a finished task went: successful or not, and what came of it."""

    successful: bool
    result: str = ""


class LogEntry(_Model):
    """One line of a lead's or deal's history (a comment, a call, a system event)."""

    id: str | None = None
    text: str
    author: str | None = None
    employee_key: str | None = None
    created_at: datetime | None = None
    is_comment: bool = False


class LeadStat(_Model):
    """One employee's leads over a period: still open, and processed."""

    employee_key: str
    open: int = 0
    processed: int = 0


class TakenLead(_Model):
    lead_id: str
    deal_id: str
    client_id: str | None = None


class NewLead(_Model):
    """A lead typed in by a salesperson. `more` holds the answers to the other fields of
    the adapter's lead form (a Go-CRM centre, a birthday...), by field key."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    comment: str | None = None
    more: dict[str, str] = {}


class CreatedLead(_Model):
    """The CRM's answer to a new record: its id and status when the CRM tells them.

    `merged_into` is set when the CRM merged a lead into an existing one with the same
    contacts; that lead is the one to act on.
    """

    id: str | None = None
    merged_into: str | None = None
    status: str | None = None

    @property
    def effective_id(self) -> str | None:
        return self.merged_into or self.id


Created = CreatedLead  # what any create operation answers

T = TypeVar("T")


class Page(_Model, Generic[T]):
    """One page of a longer list; `next_offset` is None at the last page."""

    items: tuple[T, ...]
    total: int | None = None
    next_offset: int | None = None
