"""Envybox CRM OpenAPI v1 wire models: what the CRM really sends, nothing more.

Only the fields the adapter uses are declared; everything else is ignored. Ids come as
strings in the older endpoints and as numbers in the newer ones; "0" means none; stages come
as an object keyed by id; `offset` -1 means no next page (see `bot.crm.wire_types`).
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, model_validator

from bot.crm.wire_types import (
    FirstText,
    Flag,
    Id,
    KeyedList,
    LocalDateTime,
    MaybeObject,
    NextOffset,
    NullList,
    OneOrMany,
    OptId,
    OptInt,
    Text,
    WireModel,
)

DEAL_WON = 2003
DEAL_LOST = 2004
LEAD_COMMENT_TYPE = 10
DEAL_COMMENT_TYPE = 2010
CONTACT_PHONE = 1
CONTACT_EMAIL = 4

# --------------------------------------------------------------------------- main/data


class WireInboxType(WireModel):
    id: Id
    name: Text = None


class WireEmployee(WireModel):
    id: Id
    name: Text = None
    surname: Text = None
    email: Text = None
    profession: Text = None
    crm_phone_number: Text = None


class WireStage(WireModel):
    id: Id
    pipeline_id: OptId = None
    status_id: OptInt = None
    name: Text = None
    position: OptInt = None


class WirePipeline(WireModel):
    id: Id
    name: Text = None
    allow_manual_change_stage: Flag = True
    primary: Flag = False
    stages: KeyedList[WireStage] = Field(default_factory=list)


class WirePipelines(WireModel):
    pipelines: KeyedList[WirePipeline] = Field(default_factory=list)


def unwrap(data: Any, key: str, marker: str) -> Any:
    """`data[key]` when the payload is wrapped in it (`marker` missing at the top level)."""
    if isinstance(data, dict) and marker not in data and isinstance(data.get(key), dict):
        return data[key]
    return data


class MainData(WireModel):
    """main/data; the reference cannot rule out a "result" wrapper, so both are read."""

    @model_validator(mode="before")
    @classmethod
    def _maybe_wrapped(cls, data: Any) -> Any:
        return unwrap(data, "result", "inbox_types")

    id: OptId = None
    user_id: OptId = None
    name: Text = None
    inbox_types: KeyedList[WireInboxType] = Field(default_factory=list)
    employees: KeyedList[WireEmployee] = Field(default_factory=list)
    lead: MaybeObject[WirePipelines] = None
    deal: MaybeObject[WirePipelines] = None


# --------------------------------------------------------------------------- leads


class WireFieldValue(WireModel):
    value: Text = None


class WireValues(WireModel):
    service: MaybeObject[dict[str, MaybeObject[WireFieldValue]]] = None


def service_value(values: WireValues | None, name_id: str) -> str | None:
    """A service field's value from `values.service` (name, phone, email, comment)."""
    fields = values.service if values and values.service else {}
    item = fields.get(name_id)
    return item.value if item else None


class WireLead(WireModel):
    id: Id = Field(validation_alias=AliasChoices("id", "lead_id"))
    parent_id: OptId = None
    pipeline_id: OptId = None
    stage_id: OptId = None
    stage: Text = None
    employee_id: OptId = None
    inbox_type_id: OptId = None
    created_at: LocalDateTime = None
    name: Text = None
    phone: FirstText = None
    email: FirstText = None
    comment: Text = None
    values: MaybeObject[WireValues] = None
    deals: OneOrMany[Id] = Field(default_factory=list)

    def service_value(self, name_id: str) -> str | None:
        return service_value(self.values, name_id)


class LeadSearch(WireModel):
    leads: OneOrMany[WireLead] = Field(default_factory=list)


class WireLeadPage(WireModel):
    """A lead/list page; its leads are read one by one (`bot.crm.wire_read.read_each`), so
    one lead the adapter cannot read does not hide the others."""

    result: NullList[Any] = Field(default_factory=list)
    offset: NextOffset = None
    count: OptInt = None


class LeadList(WireModel):
    leads: MaybeObject[WireLeadPage] = None


class LeadGet(WireModel):
    result: WireLead


class LeadSet(WireModel):
    id: OptId = None
    parent_id: OptId = None


class WireStarted(WireModel):
    lead_id: OptId = None
    client_id: OptId = None
    deal_id: Id


class LeadStart(WireModel):
    result: WireStarted


# --------------------------------------------------------------------------- logs


class WireLogUser(WireModel):
    name: Text = None


class WireLogData(WireModel):
    text: Text = None
    comment: Text = None
    user: MaybeObject[WireLogUser] = None


class WireLog(WireModel):
    id: OptId = None
    type_id: OptInt = None
    data: MaybeObject[WireLogData] = None
    employee_id: OptId = None
    created_at: LocalDateTime = None


class LogPage(WireModel):
    result: NullList[WireLog] = Field(default_factory=list)
    count: OptInt = None
    offset: NextOffset = None


class WireLogHolder(WireModel):
    log: MaybeObject[WireLog] = None


class LogCreate(WireModel):
    result: MaybeObject[WireLogHolder] = None
    log: MaybeObject[WireLog] = None


class Ack(WireModel):
    """A bare success envelope (createComment, addDealTags, updateDealStage...)."""
