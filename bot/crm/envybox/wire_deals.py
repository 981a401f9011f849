"""Envybox wire models of deals, clients and tasks (see `bot.crm.envybox.wire`)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from bot.crm.envybox.wire import WireValues, service_value, unwrap
from bot.crm.wire_types import (
    Flag,
    Id,
    KeyedList,
    LocalDateTime,
    MaybeObject,
    NextOffset,
    NullList,
    OptId,
    OptInt,
    Text,
    WireModel,
)

# --------------------------------------------------------------------------- deals


class WireDeal(WireModel):
    id: OptId = None
    pipeline_id: OptId = None
    client_id: OptId = None
    stage_id: OptId = None
    stage_name: Text = None
    stage: Text = None
    status_id: OptInt = None
    employee_id: OptId = None
    inbox_type_id: OptId = None
    created_at: LocalDateTime = None
    name: Text = None
    client_name: Text = None
    values: MaybeObject[WireValues] = None
    deleted_at: Text = None

    def title(self) -> str | None:
        return self.name or service_value(self.values, "name")


class DealGet(WireModel):
    result: WireDeal


class WireClient(WireModel):
    id: Id
    name: Text = None
    deals_for_event: KeyedList[WireDeal] = Field(default_factory=list)


class DealSearch(WireModel):
    clients: KeyedList[WireClient] = Field(default_factory=list)


class DealList(WireModel):
    """deal/list; a "deals" wrapper like lead/list's "leads" may have been lost in the docs."""

    @model_validator(mode="before")
    @classmethod
    def _maybe_wrapped(cls, data: Any) -> Any:
        return unwrap(data, "deals", "result")

    result: NullList[WireDeal] = Field(default_factory=list)
    offset: NextOffset = None
    count: OptInt = None


class WireDealHolder(WireModel):
    deal: MaybeObject[WireDeal] = None


class DealUpdateEmployee(WireModel):
    result: MaybeObject[WireDealHolder] = None


# --------------------------------------------------------------------------- clients


class WireContact(WireModel):
    type_id: OptInt = None
    value: Text = None
    primary: Flag = False
    deleted_at: Text = None


class WireClientCard(WireModel):
    """client/get's ``result``: the name in ``values.service.name``, contacts, the deals."""

    id: Id
    name: Text = None
    values: MaybeObject[WireValues] = None
    contacts: KeyedList[WireContact] = Field(default_factory=list)
    deals: KeyedList[WireDeal] = Field(default_factory=list)

    def title(self) -> str | None:
        return self.name or service_value(self.values, "name")


class ClientGet(WireModel):
    result: WireClientCard


# --------------------------------------------------------------------------- tasks


class WireTask(WireModel):
    id: Id
    element_id: OptId = None
    comment: Text = None
    time: LocalDateTime = None
    to_employee_id: OptId = None
    success: Flag = False
    is_overdue: Flag = False


class WireTaskHolder(WireModel):
    task: MaybeObject[WireTask] = None


class TaskOne(WireModel):
    result: MaybeObject[WireTaskHolder] = None


class TaskPage(WireModel):
    result: KeyedList[WireTask] = Field(default_factory=list)
    count: OptInt = None
    offset: NextOffset = None
