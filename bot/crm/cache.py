"""A CRM's reference data (employees, pipelines...) kept for a TTL and refreshed once for
all callers; any adapter may use it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from bot.crm.errors import CRMError

T = TypeVar("T")

RETRY_AFTER = 30.0  # seconds a failed refresh is remembered


class SnapshotCache(Generic[T]):
    """Keeps the last snapshot for `ttl` seconds; one refresh at a time (single flight).

    When a refresh fails, the last snapshot (however old) is used, and the failure is
    remembered for `retry_after` seconds: callers meanwhile get the old snapshot, or the
    same error at once when there is none, instead of each waiting on a CRM that is down.
    A caller that must know the CRM answered (`get(stale=False)`) gets the error instead.
    """

    def __init__(
        self,
        load: Callable[[], Awaitable[T]],
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
        retry_after: float = RETRY_AFTER,
    ) -> None:
        self._load = load
        self._ttl = ttl
        self._retry_after = min(retry_after, ttl)
        self._clock = clock
        self._value: T | None = None
        self._loaded_at = 0.0
        self._failed_at = float("-inf")
        self._error: CRMError | None = None
        self._lock = asyncio.Lock()

    def _fresh(self, stale: bool) -> T | None:
        if self._value is not None and self._clock() - self._loaded_at < self._ttl:
            return self._value
        if self._clock() - self._failed_at < self._retry_after:
            if self._value is not None and stale:
                return self._value
            assert self._error is not None
            raise self._error
        return None

    @property
    def current(self) -> T | None:
        """The last snapshot, however old; None before the first load. Costs no call."""
        return self._value

    async def get(self, *, stale: bool = True) -> T:
        """A snapshot no older than the TTL (or the last one, while the CRM fails; with
        `stale=False`, the CRM's error instead); callers arriving during a refresh share it."""
        if (value := self._fresh(stale)) is not None:
            return value
        async with self._lock:
            if (value := self._fresh(stale)) is not None:
                return value
            try:
                value = await self._load()
            except CRMError as exc:
                self._failed_at, self._error = self._clock(), exc
                if self._value is None or not stale:
                    raise
                return self._value
            self._value, self._loaded_at = value, self._clock()
            self._failed_at, self._error = float("-inf"), None
            return value
