"""Go-CRM answers → the domain's errors, in one function.

Every answer is the `ApiResponse` envelope: `status` ("success" the only value the
document shows), `message`, `validation_errors` (field → one text; the document once
prints it as a JSON string inside quotes, so a string holding an object is read too) and
`data`. Only HTTP 200 is documented:

    status "success"                    → the envelope
    validation_errors not empty         → FormRejected, by the form's field keys
    any other status                    → Rejected, with `message` (clipped)
    HTTP 404                            → NotFound (an unknown id)
    HTTP 5xx                            → Unavailable
    a body that is not JSON             → UnknownOutcome after a write, else UnexpectedPayload
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from bot.crm.errors import (
    FormRejected,
    NotFound,
    Rejected,
    Unavailable,
    UnexpectedPayload,
)
from bot.crm.transport.answers import decoded, field_errors, reason


def _fields(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


def envelope_or_raise(
    where: str, response: httpx.Response, *, write: bool, names: Mapping[str, str]
) -> dict[str, Any]:
    """The envelope of a successful answer; otherwise the domain error. `names` turns the
    API's field names into the form's keys."""
    status = response.status_code
    if status >= 500:
        raise Unavailable(f"{where}: Go-CRM answered HTTP {status}", write_sent=write)
    body = decoded(where, response, write=write)
    if not isinstance(body, dict):
        raise UnexpectedPayload(f"{where}: an answer that is not the envelope")
    failed = _fields(body.get("validation_errors"))
    if failed:
        fields = field_errors(failed, names)
        raise FormRejected(fields, reason(body.get("message")) or "validation error")
    if status == 404:
        raise NotFound(where)
    if body.get("status") != "success":
        raise Rejected(reason(body.get("message")) or f"Go-CRM answered «{body.get('status')}»")
    if status != 200:
        raise UnexpectedPayload(f"{where}: HTTP {status}")
    return body
