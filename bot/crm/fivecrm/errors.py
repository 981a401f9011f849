"""5CRM answers → the domain's errors, in one function.

The document describes success only: HTTP 200 and `{"ans": "true"}` (a string), reads with
one more key. Everything else is an error here:

    HTTP 401 / 403            → BadCredentials (CRM_PUBLIC_TOKEN, or CRM_SECRET_TOKEN for
                                the employee list)
    HTTP 422 with `errors`    → FormRejected: the fields it names, each with its first text
                                (Laravel's validation failure, which the rules' notation
                                suggests)
    HTTP 404                  → UnexpectedPayload (this 5CRM has no such path)
    HTTP 5xx                  → Unavailable
    a body that is not JSON   → UnknownOutcome after a write (it may have been stored),
                                UnexpectedPayload after a read
    JSON without ans "true"   → Rejected, with the CRM's message (clipped) when it gives one
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from bot.crm.errors import (
    BadCredentials,
    FormRejected,
    Rejected,
    Unavailable,
    UnexpectedPayload,
)
from bot.crm.transport.answers import decoded, field_errors, reason


def body_or_raise(
    where: str, response: httpx.Response, *, write: bool, names: Mapping[str, str]
) -> dict[str, Any]:
    """The decoded body of a successful answer; otherwise the domain error. `names` turns
    the API's parameter names into the form's field keys (for FormRejected)."""
    status = response.status_code
    if status >= 500:
        raise Unavailable(f"{where}: 5CRM answered HTTP {status}", write_sent=write)
    if status in (401, 403):
        secret = "managers" in where
        raise BadCredentials(
            f"5CRM refused the {'secret' if secret else 'public'} token (HTTP {status})",
            settings="CRM_SECRET_TOKEN" if secret else "CRM_PUBLIC_TOKEN",
        )
    body = decoded(where, response, write=write)
    if status == 422 and isinstance(body, dict) and isinstance(body.get("errors"), dict):
        fields = field_errors(body["errors"], names)
        raise FormRejected(fields, reason(body.get("message")) or "validation error")
    if status != 200:
        raise UnexpectedPayload(f"{where}: HTTP {status}")
    if not isinstance(body, dict) or body.get("ans") not in ("true", True):
        message = body.get("message") if isinstance(body, dict) else None
        raise Rejected(reason(message) or '5CRM did not confirm the request (no "ans": "true")')
    return body
