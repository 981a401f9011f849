"""SalesMan's answers as they come: lenient models (numbers often arrive as strings, keys
may be missing or null)."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator

from bot.crm.wire_read import read_each

log = logging.getLogger("bot.crm.salesman")
M = TypeVar("M", bound=BaseModel)


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class WireUser(Wire):
    """A user, from `user.list` (no phones) or `user` (with them)."""

    iduser: str | None = None
    login: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    mob: str | None = None
    user_post: str | None = None
    active: str | None = None

    @field_validator("email", "phone", "mob", "title", "user_post", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value in ("", 0, "0") else value

    @property
    def is_active(self) -> bool:
        return (self.active or "yes").lower() in ("yes", "1", "true")


def rows(body: Any) -> list[Any]:
    """A list answer's rows: `data` (absent when there are none: `{"count":0}`), or the
    body itself when it is a bare list (`[]` from task `list`)."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        data = body.get("data")
        if isinstance(data, list):
            return data
        if isinstance(data, dict):
            return list(data.values())
    return []


def listed(model: type[M], body: Any, what: str) -> list[M]:
    """A list answer's rows as `model`; a row that cannot be read is logged (its id and the
    fields at fault, never their values) and left out, so it hides none of the others."""
    found = read_each(model, rows(body), lambda wire: wire)
    for bad in found.unreadable:
        log.warning("%s: a row (id %s) could not be read: %s", what, bad.id or "?", bad.reason)
    return found.items


class WireLead(Wire):
    """A lead from `lead info` (its `data`); fields are strings, "0" meaning none."""

    id: str | None = None
    datum: str | None = None
    status: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    iduser: str | None = None
    did: str | None = None
    statusName: str | None = None
    rezultName: str | None = None
    clientpathName: str | None = None

    @field_validator("email", "phone", mode="before")
    @classmethod
    def _first_of_many(cls, value: Any) -> Any:
        """Two phones of one lead may come as a list: the first one given is the lead's."""
        if isinstance(value, list | tuple):
            return next((x for x in value if x not in (None, "", 0, "0")), None)
        return value

    @field_validator("title", "email", "phone", "description", "iduser", "did", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value in ("", 0, "0") else value

    @property
    def exists(self) -> bool:
        """`info` for an unknown id is a record of nothing, not an error (6.11)."""
        return bool(self.datum or self.phone or self.email)


def wire_id(ident: str) -> int | str:
    """An id as the CRM sends it: a number when it is one."""
    return int(ident) if ident.isdigit() else ident
