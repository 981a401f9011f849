"""The retry policy of every CRM call, in one place.

* reads retry on transport errors, timeouts and 5xx answers the vendor cannot explain
  (no readable error envelope), with capped, jittered exponential backoff;
* writes retry only when the request never left this machine (connect error, connect or
  pool timeout), never after a read timeout or a 5xx: the CRM may have done the write;
* 4xx never.
"""

from __future__ import annotations

import random

import httpx

_NEVER_LEFT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def backoff_delay(attempt: int, *, base: float = 0.25, cap: float = 4.0) -> float:
    """Seconds to wait before retry number `attempt` (1-based): capped, jittered, exponential."""
    ceiling = min(cap, base * 2.0 ** (attempt - 1))
    return ceiling * (0.5 + random.random() / 2)  # jitter, not cryptography


def never_left(error: httpx.HTTPError) -> bool:
    """Whether httpx failed before the request left this machine (nothing reached the CRM)."""
    return isinstance(error, _NEVER_LEFT)


def should_retry_error(error: httpx.HTTPError, *, read: bool) -> bool:
    """Whether a transport failure may be retried: any for reads, never-sent only for writes."""
    return read or never_left(error)


def should_retry_response(response: httpx.Response, *, read: bool, readable: bool) -> bool:
    """Whether an answer may be retried: a 5xx the vendor did not explain, on a read."""
    return read and response.status_code >= 500 and not readable
