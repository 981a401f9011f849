"""The CRM domain: models, the protocol every adapter implements, capabilities, errors.

Handlers depend on this module only; an adapter converts its vendor's wire format into
these models and raises these errors from one mapping function.

Error tree::

    CRMError                      any failure talking to the CRM
    ├── BadCredentials            the CRM refused the API key
    ├── NotFound                  the lead / deal / task asked for does not exist
    ├── AlreadyTaken              the lead was taken into work before (maybe by `by`)
    ├── Rejected                  the CRM refused the input; `reason` is its own words
    ├── NotSupported              the configured CRM cannot do this operation
    ├── Unavailable               network error, timeout, 5xx without a readable answer
    │   └── TimedOut              the CRM did not answer in time
    └── UnexpectedPayload         the answer does not have the documented shape
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict

# --------------------------------------------------------------------------- errors


class CRMError(Exception):
    """Base of every CRM failure. The text never carries a secret."""


class BadCredentials(CRMError):
    """The CRM refused the configured API key."""


class NotFound(CRMError):
    """The object asked for does not exist in the CRM."""

    def __init__(self, what: str, ident: str | None = None) -> None:
        self.what = what
        self.ident = ident
        super().__init__(f"{what} {ident} not found" if ident else f"{what} not found")


class AlreadyTaken(CRMError):
    """The lead was already taken into work; `by` names who, when the CRM tells."""

    def __init__(self, lead_id: str, by: str | None = None) -> None:
        self.lead_id = lead_id
        self.by = by
        super().__init__(f"lead {lead_id} already taken" + (f" by {by}" if by else ""))


class Rejected(CRMError):
    """The CRM refused the input; `reason` is the CRM's own sentence."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class NotSupported(CRMError):
    """The configured CRM has no such operation."""

    def __init__(self, capability: Capability) -> None:
        self.capability = capability
        super().__init__(f"the CRM does not support {capability.value}")


class Unavailable(CRMError):
    """The CRM could not be reached or answered with a server error."""


class TimedOut(Unavailable):
    """The CRM did not answer within the timeout."""


class UnexpectedPayload(CRMError):
    """The CRM answered with a shape the adapter does not know."""


# --------------------------------------------------------------------------- capabilities


class Capability(StrEnum):
    """What an adapter can do; menus, card buttons and help are built from this set."""

    FIND_LEADS = "find_leads"
    GET_LEAD = "get_lead"
    TAKE_LEAD = "take_lead"
    ASSIGN_LEAD = "assign_lead"
    COMMENT_LEAD = "comment_lead"
    LEAD_HISTORY = "lead_history"
    CREATE_LEAD = "create_lead"
    LIST_NEW_LEADS = "list_new_leads"
    FIND_DEALS = "find_deals"
    SEARCH_DEALS = "search_deals"
    GET_DEAL = "get_deal"
    CHANGE_DEAL_STAGE = "change_deal_stage"
    REASSIGN_DEAL = "reassign_deal"
    COMMENT_DEAL = "comment_deal"
    DEAL_TASKS = "deal_tasks"
    SET_TASK = "set_task"
    LIST_TASKS = "list_tasks"
    TAG_DEAL = "tag_deal"
    DEAL_HISTORY = "deal_history"
    LIST_EMPLOYEES = "list_employees"
    LIST_PIPELINES = "list_pipelines"


# --------------------------------------------------------------------------- models


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Employee(_Model):
    """A CRM employee; `key` is what the CRM knows them by (an id, or a login)."""

    key: str
    name: str
    phone: str | None = None
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
    employee_key: str | None = None
    created_at: datetime | None = None
    taken: bool = False
    deal_ids: tuple[str, ...] = ()


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


class Task(_Model):
    id: str
    deal_id: str | None = None
    text: str = ""
    due: datetime | None = None
    employee_key: str | None = None
    done: bool = False
    overdue: bool = False


class LogEntry(_Model):
    """One line of a lead's or deal's history (a comment, a call, a system event)."""

    id: str | None = None
    text: str
    author: str | None = None
    employee_key: str | None = None
    created_at: datetime | None = None
    is_comment: bool = False


class TakenLead(_Model):
    lead_id: str
    deal_id: str
    client_id: str | None = None


class NewLead(_Model):
    """A lead typed in by a salesperson; at least a phone or an e-mail."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    comment: str | None = None


class CreatedLead(_Model):
    """The CRM's answer to a new lead: its id when the CRM tells it.

    `merged_into` is set when the CRM merged the lead into an existing one with the same
    contacts; that lead is the one to act on.
    """

    id: str | None = None
    merged_into: str | None = None

    @property
    def effective_id(self) -> str | None:
        return self.merged_into or self.id


T = TypeVar("T")


class Page(_Model, Generic[T]):
    """One page of a longer list; `next_offset` is None at the last page."""

    items: tuple[T, ...]
    total: int | None = None
    next_offset: int | None = None


# --------------------------------------------------------------------------- protocol


@runtime_checkable
class CRM(Protocol):
    """What the bot asks of a CRM. `as_employee` is always the bound employee's key."""

    kind: str
    capabilities: frozenset[Capability]

    async def close(self) -> None: ...

    async def account_name(self) -> str:
        """The CRM account's name; the first call also proves the credentials work."""
        ...

    # reference data (cached by the adapter)
    async def employees(self) -> Sequence[Employee]: ...
    async def pipelines(self) -> Sequence[Pipeline]: ...
    async def inbox_types(self) -> Sequence[InboxType]: ...

    # leads
    async def find_leads(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Lead]: ...
    async def get_lead(self, lead_id: str) -> Lead: ...
    async def take_lead(self, lead_id: str, *, as_employee: str) -> TakenLead: ...
    async def assign_lead(self, lead_id: str, employee_key: str) -> None: ...
    async def comment_lead(self, lead_id: str, text: str, *, as_employee: str) -> LogEntry: ...
    async def lead_history(
        self, lead_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]: ...
    async def create_lead(
        self, lead: NewLead, *, as_employee: str | None = None
    ) -> CreatedLead: ...
    async def new_leads(self, *, since: datetime, limit: int = 50) -> Sequence[Lead]: ...

    # deals
    async def find_deals(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Deal]: ...
    async def search_deals(self, text: str, *, offset: int = 0, limit: int = 10) -> Page[Deal]: ...
    async def get_deal(self, deal_id: str) -> Deal: ...
    async def deal_with_client(self, deal_id: str) -> Deal:
        """The deal with its client's name and contacts, in as few calls as the CRM allows."""
        ...

    async def get_client(self, client_id: str) -> Client: ...
    async def last_deal_comment(self, deal_id: str) -> LogEntry | None:
        """The deal's newest comment (not any log line); None when it has none."""
        ...

    async def change_deal_stage(self, deal_id: str, stage_id: str, *, as_employee: str) -> None: ...
    async def reassign_deal(self, deal_id: str, employee_key: str) -> Deal: ...
    async def comment_deal(self, deal_id: str, text: str, *, as_employee: str) -> LogEntry: ...
    async def deal_history(
        self, deal_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]: ...
    async def tag_deal(self, deal_id: str, tags: Sequence[str]) -> None: ...

    # tasks
    async def deal_task(self, deal_id: str) -> Task | None: ...
    async def deal_tasks(self, deal_id: str) -> Sequence[Task]: ...
    async def set_task(
        self, deal_id: str, *, text: str, due: datetime, as_employee: str
    ) -> Task: ...
    async def tasks(
        self, *, employee_key: str, done: bool = False, offset: int = 0, limit: int = 50
    ) -> Page[Task]: ...
