"""SalesMan API 2.0 answers → the domain's errors, in one function.

Every answer is HTTP 200 with the outcome in the body (reference 6.1). An error is a
non-empty `error` object, `{"code": ..., "text": ...}`; `result` says nothing reliable
(absent on some 402s, "Error" elsewhere), and a success may carry `"error": ""` (contact
`add`). Codes come as numbers or strings, even within one method, so they are compared as
text (6.10, 6.11):

    400 Не верный API key            → BadCredentials (CRM_API_KEY)
    401 Неизвестный пользователь     → BadCredentials (CRM_API_KEY or CRM_LOGIN): a running
                                       instance answers 401 for a wrong key too; a 401 with
                                       another text (lead `add`'s failure) → Rejected
    402 Неизвестный метод            → UnexpectedPayload (this CRM version lacks the action)
    403 access denied                → Forbidden: SalesMan does not let this user see it
    404 Не найдено                   → NotFound
    302 (the step the deal has)      → Unchanged: no change, not a failure (6.10)
    405, 406, 407 and any other code → Rejected, with the CRM's text (clipped, tags removed)

A body that is not JSON (PHP's "Fatal error" page, sent with HTTP 200) is an unknown
outcome for a write (`UnknownOutcome`: the contact may have been created, 6.11), never a
success; for a read, `UnexpectedPayload`.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from bot.crm.errors import (
    BadCredentials,
    CRMError,
    Forbidden,
    NotFound,
    Rejected,
    Unavailable,
    UnexpectedPayload,
)
from bot.crm.transport.answers import decoded, reason

IDENTICAL = "Данные корректны, но идентичны"  # "valid, but identical to what is there"
_TAG = re.compile(r"<[^>]+>")


class Unchanged(Rejected):
    """The CRM did nothing because nothing would change (`change.step` to the deal's own
    step): callers that asked for that state treat it as done."""


def error_code(error: Any) -> str:
    """The code of an `error` object as text ("" when there is none)."""
    if isinstance(error, dict):
        return str(error.get("code", "")).strip()
    return ""


def error_text(error: Any) -> str:
    """The error object's text without its HTML tags, fit for one sentence."""
    text = error.get("text") if isinstance(error, dict) else error
    return reason(_TAG.sub(" ", str(text or "")))


def domain_error(where: str, error: Any) -> CRMError:
    """The one mapping of a SalesMan error object to the domain."""
    code = error_code(error)
    text = error_text(error)
    if code == "400":
        return BadCredentials("SalesMan refused the API key")
    if code == "401" and text and not text.startswith("Неизвестный пользователь"):
        return Rejected(text)  # lead `add` reuses 401 for "Ошибка добавления заявки"
    if code == "401":
        return BadCredentials(
            "SalesMan answered «Неизвестный пользователь»: a wrong key or a login it does not know",
            settings="CRM_API_KEY or CRM_LOGIN",
        )
    if code == "402":
        return UnexpectedPayload(f"{where}: this SalesMan does not know the action")
    if code == "403":
        return Forbidden(text or "access denied")
    if code == "404":
        return NotFound(where)
    if code == "302" or text.startswith(IDENTICAL):
        return Unchanged(text or "no change")
    return Rejected(text or f"SalesMan refused the request (code {code or '?'})")


def body_or_raise(where: str, response: httpx.Response, *, write: bool = False) -> Any:
    """The decoded body of a successful answer; otherwise the domain error. A `write`
    answered with something that is not JSON is an unknown outcome."""
    if response.status_code >= 500:
        raise Unavailable(
            f"{where}: SalesMan answered HTTP {response.status_code}", write_sent=write
        )
    if response.status_code != 200:
        raise UnexpectedPayload(f"{where}: HTTP {response.status_code}")
    body = decoded(where, response, write=write)
    if isinstance(body, dict) and body.get("error"):
        raise domain_error(where, body["error"])
    return body
