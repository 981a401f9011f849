"""The update queue behind the fake's ``getUpdates``: offsets, limit, long polling.

Semantics follow the Bot API: update ids increase; a call with ``offset`` confirms (drops for
ever) every update below it, a negative offset keeps only the last ``-offset`` updates;
``timeout`` long-polls up to that many seconds (capped at 50) and returns at once when an
update is queued; ``allowed_updates`` is remembered between calls, an empty list meaning
"all but chat_member, message_reaction, message_reaction_count". A newer getUpdates ends an
older one that is still waiting with 409 Conflict, as Telegram does.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from tests.fakes.telegram_types import CONFLICT_DESCRIPTION, ApiError

MAX_POLL_TIMEOUT = 50
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Notifier:
    """Wakes every waiter when something changed; waits are always bounded."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        event = self._event
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)


class UpdateQueue:
    def __init__(self, first_update_id: int = 700_000_000) -> None:
        self._updates: list[dict[str, Any]] = []
        self._next_id = first_update_id
        self._allowed: frozenset[str] | None = None
        self._delivered_upto = first_update_id - 1
        self._generation = 0
        self._closed = False
        self.parked = 0
        self.changed = Notifier()
        self.delivered_at: dict[int, float] = {}
        """update_id -> ``time.monotonic()`` when a getUpdates answer first carried it."""

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._updates.append(update)
        self.changed.notify()
        return update

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Unconfirmed updates (delivered or not), oldest first."""
        return list(self._updates)

    def all_delivered(self) -> bool:
        return all(u["update_id"] <= self._delivered_upto for u in self._updates)

    def drop_pending(self) -> None:
        """Forget every unconfirmed update (deleteWebhook with drop_pending_updates)."""
        self._updates.clear()
        self.changed.notify()

    def close(self) -> None:
        """Release every waiting getUpdates (it answers ``[]``) and refuse to wait again."""
        self._closed = True
        self.changed.notify()

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _allowed_kind(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed is None:
            return kind not in NOT_BY_DEFAULT
        return kind in self._allowed

    def _select(self, limit: int) -> list[dict[str, Any]]:
        self._updates = [u for u in self._updates if self._allowed_kind(u)]
        return self._updates[:limit]

    async def get(
        self,
        params: dict[str, Any],
        client_gone: Callable[[], bool] = lambda: False,
    ) -> list[dict[str, Any]]:
        """Answer one getUpdates call (``ApiError`` 409 if a newer call replaced it)."""
        offset, limit, timeout = (params.get(k) for k in ("offset", "limit", "timeout"))
        for name, value in (("offset", offset), ("limit", limit), ("timeout", timeout)):
            if value is not None and not isinstance(value, int):
                raise ApiError.bad_request(f"invalid {name} specified")
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None
        self._confirm(offset)
        limit = 100 if limit is None else max(1, min(limit, 100))
        wait = max(0, min(timeout or 0, MAX_POLL_TIMEOUT))
        self._generation += 1
        generation = self._generation
        self.changed.notify()  # wakes an older waiting call so that it ends with 409
        deadline = time.monotonic() + wait
        while True:
            if generation != self._generation:
                raise ApiError(409, CONFLICT_DESCRIPTION)
            batch = self._select(limit)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self._closed:
                if client_gone():
                    return []
                if batch:
                    self._delivered_upto = max(self._delivered_upto, batch[-1]["update_id"])
                    now = time.monotonic()
                    for update in batch:
                        self.delivered_at.setdefault(update["update_id"], now)
                return batch
            self.parked += 1
            try:
                await self.changed.wait(remaining)
            finally:
                self.parked -= 1
