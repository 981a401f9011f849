"""Time spent waiting on the CRM, per update: a context variable the probe sets per update,
filled by a timing wrapper around httpx's transport (the CRM adapter's only way out)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Tally:
    """The CRM requests made while handling one update, as (start, end) monotonic times."""

    spans: list[tuple[float, float]] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return len(self.spans)

    @property
    def round_trips(self) -> int:
        """Groups of requests open at overlapping times: requests made one after the other
        are a round trip each, requests made at once are one together."""
        trips, reach = 0, float("-inf")
        for a, b in sorted(self.spans):
            if a >= reach:
                trips += 1
            reach = max(reach, b)
        return trips

    def waited(self, start: float, end: float) -> float:
        """Seconds within [start, end] during which at least one CRM request was open."""
        total, reach = 0.0, start
        for a, b in sorted(self.spans):
            a, b = max(a, reach), min(b, end)
            if b > a:
                total += b - a
                reach = b
        return total


current: ContextVar[Tally | None] = ContextVar("bench_crm_tally", default=None)


@contextmanager
def timing_crm_calls() -> Iterator[None]:
    """While active, every httpx request made inside a tallied context is recorded in it.

    The time covers the request until the response headers (the sandbox answers small bodies
    at once), including waiting for a free connection of the client's pool.
    """
    original = httpx.AsyncHTTPTransport.handle_async_request

    async def timed(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> Any:
        tally = current.get()
        if tally is None:
            return await original(self, request)
        started = time.monotonic()
        try:
            return await original(self, request)
        finally:
            tally.spans.append((started, time.monotonic()))

    httpx.AsyncHTTPTransport.handle_async_request = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        httpx.AsyncHTTPTransport.handle_async_request = original  # type: ignore[method-assign]
