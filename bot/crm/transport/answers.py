"""What every adapter does alike with a CRM's address and its answers: the API's root URL
from the address as people write it, the decoded body, the CRM's own texts made fit for one
sentence, and the fields a form was refused on.

The vendors' error mappings (`bot.crm.<vendor>.errors`) build on these; which status or
field means what stays with each vendor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from bot.crm.errors import UnexpectedPayload, UnknownOutcome

REASON_SHOWN = 200  # characters of the CRM's own text (one SalesMan instance echoes SQL)


def api_root(base_url: str, path: str) -> str:
    """The API root under `base_url`, always ending in "/<path>/": the account's address,
    with or without a trailing slash or the path itself, gives the same root."""
    root = base_url.strip().rstrip("/")
    if not root.endswith("/" + path):
        root = f"{root}/{path}"
    return root + "/"


def reason(text: Any) -> str:
    """The CRM's text on one line, clipped to REASON_SHOWN characters ("" for none)."""
    clean = " ".join(str(text or "").split())
    return clean if len(clean) <= REASON_SHOWN else clean[: REASON_SHOWN - 1] + "…"


def decoded(where: str, response: httpx.Response, *, write: bool) -> Any:
    """The answer's JSON. A body that is not JSON is an unknown outcome after a write the
    CRM answered with HTTP 200 (it may have been stored), and a bad payload otherwise."""
    try:
        return response.json()
    except ValueError:
        if write and response.status_code == 200:
            raise UnknownOutcome(f"{where}: the answer to a write is not JSON") from None
        raise UnexpectedPayload(f"{where}: HTTP {response.status_code}, not JSON") from None


def field_errors(failed: Mapping[Any, Any], names: Mapping[str, str]) -> dict[str, str]:
    """The CRM's {field: text or [texts]} as {form field key: its first text}; `names`
    turns the API's field names into the form's keys."""
    return {
        names.get(str(k), str(k)): reason(v[0] if isinstance(v, list) and v else v)
        for k, v in failed.items()
    }
