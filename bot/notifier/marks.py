"""Marking sent messages when the store cannot write.

Telegram accepted a message, but the store could not mark it sent (a lock held past the
busy timeout, an I/O error, a read-only or full disk): the message still reads as pending,
and sending it again would post it twice, every round, for as long as the failure lasts.
So the message is remembered here, in memory, and marked with retries and backoff; while
any such mark waits, or any other write of the sender failed, the sender sends nothing.
A write that works again (the marks, or a probe) resumes it by itself.

Only a process killed while marks wait loses them: those messages are sent again after a
restart (the window the Bot API leaves anyway, widened to the failure's length).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta

from bot.store import OutboxItemNotPending, Store, StoreError

log = logging.getLogger("bot.notifier")

PROBE = "store.probe"  # the cursor a probe writes when no mark waits
FIRST_RETRY = 0.5  # seconds before the first retry; doubled up to MAX_RETRY
MAX_RETRY = 30.0


class Marks:
    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock
        self._waiting: dict[tuple[int, ...], int] = {}  # outbox ids → the message that sent them
        self._next_try: datetime | None = None
        self.failing_since: datetime | None = None
        self.last_error = ""
        self.failures = 0  # failed writes in this failure (0 while the store writes)

    @property
    def paused(self) -> bool:
        """Whether sends wait for the store."""
        return self.failing_since is not None

    @property
    def waiting(self) -> int:
        """Messages Telegram accepted that are not marked sent yet."""
        return sum(len(ids) for ids in self._waiting)

    async def sent(self, item_ids: list[int], message_id: int) -> bool:
        """Mark the items one message carried as sent; False (remembered, sends paused)
        when the store could not write."""
        try:
            await self._mark(tuple(item_ids), message_id)
        except StoreError as exc:
            self._waiting[tuple(item_ids)] = message_id
            self.failed(exc)
            return False
        return True

    def failed(self, exc: StoreError) -> None:
        """A write of the sender failed: sends pause until a write works again."""
        now = self._clock()
        self.failures += 1
        self.last_error = str(exc)
        if self.failing_since is None:
            self.failing_since = now
            log.error(
                "the store cannot write (%s): sends to Telegram are paused until it can;"
                " %d accepted messages wait to be marked sent",
                exc,
                self.waiting,
            )
        delay = min(FIRST_RETRY * 2 ** min(self.failures - 1, 10), MAX_RETRY)
        self._next_try = now + timedelta(seconds=delay)

    async def settle(self) -> bool:
        """True when sends may go: nothing waits to be marked and the store writes. While
        paused, at most one try per backoff step: the waiting marks, or else a probe."""
        if self.failing_since is None:
            return True
        now = self._clock()
        if self._next_try is not None and now < self._next_try:
            return False
        try:
            for ids, message_id in list(self._waiting.items()):
                await self._mark(ids, message_id)
                del self._waiting[ids]
            await self._store.set_cursor(PROBE, now.isoformat())
        except StoreError as exc:
            self.failed(exc)
            return False
        log.warning(
            "the store writes again after %.0f s: sends to Telegram resume",
            (now - self.failing_since).total_seconds(),
        )
        self.failing_since, self._next_try, self.last_error, self.failures = None, None, "", 0
        return True

    async def _mark(self, ids: tuple[int, ...], message_id: int) -> None:
        if len(ids) > 1:
            await self._store.mark_all_sent(list(ids), message_id)
            return
        with suppress(OutboxItemNotPending):  # settled by a try that failed after writing
            await self._store.mark_sent(ids[0], message_id)
