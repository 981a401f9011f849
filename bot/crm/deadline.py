"""One deadline for all the CRM calls of one user action, retries included.

`within(seconds)` sets it for the code it wraps (and the tasks that code starts); the
transport reads `remaining()` before every attempt, cuts each attempt's timeout to what is
left, and gives up with `TimedOut` rather than start what cannot finish in time. Outside
`within` (start-up, background work) only the per-call timeout applies.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("crm_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """CRM calls made inside the block end within `seconds` from now."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline (0 or less: it has passed); None when there is none."""
    moment = _deadline.get()
    return None if moment is None else moment - time.monotonic()
