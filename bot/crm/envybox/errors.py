"""Envybox answers → payload or domain error, in one mapping function.

Every Envybox answer is an envelope ``{"status_code": N, "message": "..."}``; "success" means
the payload sits beside it. The HTTP status may be 200 with an error inside, or equal to
``status_code``: the message decides first, the HTTP status second.

    «Неправильный ключ api»                         → BadCredentials
    «Лид уже взят в работу»                         → AlreadyTaken(lead_id)
    «... не найден(а)» (lead, deal, client, ...)    → NotFound(what, id from the request)
    any other message                               → Rejected(message)
    no JSON / no envelope: HTTP 5xx                 → Unavailable
    no JSON / no envelope: HTTP 200 to a write      → UnknownOutcome (it may have been done)
    no JSON / no envelope: otherwise                → UnexpectedPayload
    success, but the payload does not validate      → UnexpectedPayload (names the endpoint;
                                                      UnknownOutcome after a write)

Texts name the endpoint, never the URL, the key or the payload's values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import tzinfo
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from bot.crm.errors import (
    AlreadyTaken,
    BadCredentials,
    CRMError,
    NotFound,
    Rejected,
    Unavailable,
    UnexpectedPayload,
    UnknownOutcome,
)
from bot.crm.wire_read import read
from bot.crm.wire_types import wire_context

M = TypeVar("M", bound=BaseModel)

SUCCESS = "success"
WRONG_KEY = "неправильный ключ api"
LEAD_TAKEN = "лид уже взят в работу"
_NOT_FOUND = "не найден"
# The noun that starts a "... не найден" message → (domain name, request key of its id).
_SUBJECTS: dict[str, tuple[str, str]] = {
    "лид": ("lead", "lead_id"),
    "сделка": ("deal", "deal_id"),
    "клиент": ("client", "client_id"),
    "сотрудник": ("employee", "employee_id"),
    "этап": ("stage", "stage_id"),
    "задача": ("task", "task_id"),
}


def envelope(response: httpx.Response) -> dict[str, Any] | None:
    """The answer's JSON object when it carries the Envybox envelope, else None."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return data
    return None


def is_readable_error(response: httpx.Response) -> bool:
    """Whether the answer explains itself (an error envelope): such 5xx are not retried."""
    data = envelope(response)
    return data is not None and data["message"].strip().lower() != SUCCESS


def _ident(request: Mapping[str, Any], key: str) -> str | None:
    value = request.get(key)
    return None if value is None else str(value)


def error_for(
    endpoint: str,
    http_status: int,
    message: str,
    request: Mapping[str, Any],
    *,
    write: bool = True,
) -> CRMError:
    """The domain error for an Envybox error message (or a bare HTTP status)."""
    text = message.strip()
    lowered = text.lower()
    if lowered == WRONG_KEY:
        return BadCredentials("the CRM refused the API key")
    if lowered == LEAD_TAKEN:
        return AlreadyTaken(_ident(request, "lead_id") or "")
    if _NOT_FOUND in lowered:
        first_word = lowered.split(maxsplit=1)[0] if lowered else ""
        what, key = _SUBJECTS.get(first_word, (endpoint.split("/", 1)[0], ""))
        return NotFound(what, _ident(request, key) if key else None)
    if text:
        return Rejected(text)
    if http_status in (401, 403):
        return BadCredentials("the CRM refused the API key")
    if http_status >= 500:
        return Unavailable(f"{endpoint}: the CRM answered HTTP {http_status}", write_sent=write)
    return Rejected(f"HTTP {http_status}")


def payload_or_raise(
    endpoint: str, response: httpx.Response, request: Mapping[str, Any], *, write: bool = False
) -> dict[str, Any]:
    """The success envelope of `response`, or the mapped domain error raised."""
    data = envelope(response)
    status = response.status_code
    if data is None:
        if status >= 500:
            raise Unavailable(
                f"{endpoint}: the CRM answered HTTP {status} without an envelope", write_sent=write
            )
        if write and status == 200:
            raise UnknownOutcome(f"{endpoint}: the answer to a write is not an envelope")
        raise UnexpectedPayload(f"{endpoint}: the answer (HTTP {status}) is not an envelope")
    message: str = data["message"]
    if message.strip().lower() == SUCCESS:
        if status < 400:
            return data
        raise error_for(endpoint, status, "", request, write=write)
    raise error_for(endpoint, status, message, request, write=write)


def parse(endpoint: str, model: type[M], data: Any, tz: tzinfo, *, write: bool = False) -> M:
    """`data` validated as `model`; UnexpectedPayload naming the endpoint and the bad fields
    (UnknownOutcome after a write: the CRM said success, but what it did cannot be read)."""
    try:
        return read(model, data, endpoint, wire_context(tz))
    except UnexpectedPayload as exc:
        if write:
            raise UnknownOutcome(str(exc)) from None
        raise
