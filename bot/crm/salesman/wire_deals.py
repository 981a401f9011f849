"""SalesMan deals and tasks as they come (6.4, 6.6, 6.10, 6.11): every field may be a
string, a number, null or missing; `info` gives nulls for what `list` fills in."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import field_validator

from bot.crm.salesman.wire import Wire

_NONE = ("", 0, "0", "0.00", "0000-00-00", False, "false", "no")


class WireClient(Wire):
    """A client, as a deal's `client` object or a `client list` row."""

    clid: str | None = None
    title: str | None = None
    phone: str | None = None
    mail_url: str | None = None


class WireDeal(Wire):
    did: str | None = None
    title: str | None = None
    clid: str | None = None
    client: WireClient | str | None = None  # `list`: the name; `info` with client=yes: the
    clientTitle: str | None = None  # record; the documented `info` names it here
    iduser: str | None = None
    user: str | None = None  # the responsible's login
    datum: str | None = None
    datum_plan: str | None = None
    step: str | None = None  # a percentage
    stepTitle: str | None = None
    kol: str | None = None
    close: str | None = None
    status_close: str | None = None

    @field_validator(
        "did", "title", "clid", "iduser", "user", "datum_plan", "stepTitle", "kol",
        "status_close", "close", mode="before",
    )  # fmt: skip
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value in _NONE or value is None else value

    @field_validator("client", mode="before")
    @classmethod
    def _client(cls, value: Any) -> Any:
        return None if value in ("", None, False, []) else value

    def fill(self, other: WireDeal) -> WireDeal:
        """This record with its empty fields taken from `other` (the same deal)."""
        both = {**other.model_dump(exclude_none=True), **self.model_dump(exclude_none=True)}
        return WireDeal.model_validate(both)

    @property
    def amount(self) -> Decimal | None:
        try:
            return Decimal(str(self.kol).replace(" ", "").replace(",", ".")) if self.kol else None
        except InvalidOperation:
            return None

    @property
    def client_id(self) -> str | None:
        if isinstance(self.client, WireClient) and self.client.clid:
            return self.client.clid
        return self.clid

    @property
    def client_name(self) -> str | None:
        if isinstance(self.client, WireClient):
            return self.client.title or self.clientTitle
        return self.client or self.clientTitle

    @property
    def incomplete(self) -> bool:
        """`info` as the running code answers it: its own fields null (6.10, 6.11)."""
        return self.title is None or self.did is None


class WireStep(Wire):
    idcategory: str | None = None
    title: str  # the percentage, "20"
    content: str | None = None


class WireCloseStatus(Wire):
    sid: str
    title: str


class WireTask(Wire):
    tid: str
    datum: str | None = None  # "2026-12-03", the CRM's time zone
    totime: str | None = None  # "10:00"
    title: str | None = None
    des: str | None = None
    active: str | None = None
    iduser: str | None = None
    did: str | None = None

    @field_validator("did", "iduser", "des", "title", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value in _NONE or value is None else value

    @property
    def is_active(self) -> bool:
        return (self.active or "yes").lower() in ("yes", "1", "true")
