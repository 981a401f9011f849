"""The sender: drains the outbox into Telegram, within its limits, a chat's messages in order.

Each chat with something due gets a task that sends its messages one after another (the
store hands out only a chat's oldest pending one), paced by two limiters: about 20 messages
a minute per group and 30 a second overall. A message is marked sent the moment Telegram
confirms it; only a crash in between can send it twice (the one window the Bot API leaves).

- 429 Too Many Requests: the same message is retried after `retry_after`, the chat waits.
- The group became a supergroup: its subscription and waiting messages move to the new id.
- 400 "not enough rights" in a group (the bot restricted, a closed topic): its posts wait,
  tried again with backoff, and the admins are told (`bot.notifier.muted`).
- 403 (the bot was removed) or the chat is gone: the subscription ends, its waiting
  messages are dropped, and the admins are told; other groups go on. A person who
  blocked the bot just gets nothing more of what waited for them.
- A network or server error: retried with backoff; anything else is logged and dropped.
- A message that cannot be rendered is marked failed with its reason; the queue moves on.
- A message Telegram accepted that the store cannot mark sent is never sent again: it is
  kept in memory and marked with backoff, and no message goes out until the store writes
  (`bot.notifier.marks`).
- Above `digest_threshold` waiting leads, a group gets them `DIGEST_SIZE` to a message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import ReplyParameters
from aiolimiter import AsyncLimiter

from bot import clock
from bot.notifier.marks import Marks
from bot.notifier.messages import Messages
from bot.notifier.muted import Changed, Muted, refuses_posts
from bot.notifier.teams import TeamGroups
from bot.store import OutboxItem, Store, StoreError

log = logging.getLogger("bot.notifier")

PER_CHAT = (20, 60.0)  # messages per seconds into one group
OVERALL = (30, 1.0)  # messages per second in all
DIGEST_SIZE = 10  # leads in one digest message
STOP_GRACE = 5.0  # seconds a message on its way may take to be confirmed at shutdown
MAX_ATTEMPTS = 20  # network or server failures before a message is dropped
GROUP_KINDS = frozenset({"lead", "catchup", "reminder", "untaken"})  # for team groups only
PERSONAL_KINDS = frozenset({"notice", "alert"})  # for staff and admins only

Gone = Callable[[int, str | None, str], Awaitable[None]]  # (chat, its title, why)


def _reply(item: OutboxItem) -> ReplyParameters | None:
    """A reminder answers the lead's post (sent anyway if the post was deleted)."""
    reply_to = item.payload.get("reply_to")
    if not isinstance(reply_to, int):
        return None
    return ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(2.0 ** min(attempts, 8), 300.0))


class Sender:
    def __init__(
        self,
        bot: Bot,
        store: Store,
        messages: Messages,
        teams: TeamGroups,
        *,
        digest_threshold: int,
        on_gone: Gone,
        on_muted: Changed,
        wake: Callable[[], None],
        clock: Callable[[], datetime] = clock.now,
        per_chat: tuple[int, float] = PER_CHAT,
        overall: tuple[int, float] = OVERALL,
    ) -> None:
        self._bot = bot
        self._store = store
        self._messages = messages
        self._teams = teams
        self._digest_threshold = digest_threshold
        self._on_gone = on_gone
        self._clock = clock
        self._per_chat = per_chat
        self._overall = AsyncLimiter(*overall)
        self._limiters: dict[int, AsyncLimiter] = {}
        self._draining: dict[int, asyncio.Task[None]] = {}
        self._stopping = False
        self._sending: set[int] = set()  # chats with a send on its way or not yet marked
        self.marks = Marks(store, clock)
        self.muted = Muted(store, clock, on_muted, wake)
        self.sent = 0
        self.failures = 0

    async def send_due(self) -> None:
        """Start draining every chat that has a message due (and is not being drained);
        nothing while the store cannot write (see `bot.notifier.marks`)."""
        if self._stopping or not await self.marks.settle():
            return
        for item in await self._store.due_outbox(self._clock(), limit=200):
            task = self._draining.get(item.chat_id)
            if task is None or task.done():
                self._draining[item.chat_id] = asyncio.create_task(self._drain(item.chat_id))

    async def wait_idle(self) -> None:
        """Wait for every chat being drained."""
        tasks = [t for t in self._draining.values() if not t.done()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop sending; a message on its way gets `grace` seconds to be confirmed and
        marked sent (cancelled mid-request, it would be sent again after a restart)."""
        self._stopping = True
        tasks = [t for t in self._draining.values() if not t.done()]
        sending = [self._draining[c] for c in self._sending if c in self._draining]
        if sending:
            await asyncio.wait(sending, timeout=grace)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._draining.clear()
        if self.marks.waiting:
            log.warning(
                "%d messages Telegram accepted could not be marked sent (the store cannot"
                " write): they will be sent again after a restart",
                self.marks.waiting,
            )

    async def _drain(self, chat_id: int) -> None:
        try:
            while not self._stopping and not self.marks.paused:
                pending = await self._store.pending_in(chat_id, DIGEST_SIZE)
                if not pending or pending[0].next_attempt_at > self._clock():
                    return
                if not await self._send(chat_id, self._batch(chat_id, pending)):
                    return
        except StoreError as exc:
            self.marks.failed(exc)
        except Exception:
            log.exception("sending to chat %s failed; it is tried again later", chat_id)

    def _batch(self, chat_id: int, pending: Sequence[OutboxItem]) -> list[OutboxItem]:
        """The head alone, or (a burst of leads) as many leads as a digest holds."""
        head = pending[0]
        threshold = self._digest_threshold
        if head.payload.get("kind") != "lead" or not threshold or len(pending) < 2:
            return [head]
        leads = []
        for item in pending:
            if item.payload.get("kind") != "lead":
                break
            leads.append(item)
        if len(leads) < min(threshold, DIGEST_SIZE):
            return [head]
        return leads

    async def _send(self, chat_id: int, batch: list[OutboxItem]) -> bool:
        """Send one message; True when the chat may go on to its next one. From the request
        until its outcome is stored, the chat counts as sending: a stop waits for both."""
        try:
            return await self._send_and_mark(chat_id, batch)
        finally:
            self._sending.discard(chat_id)

    async def _send_and_mark(self, chat_id: int, batch: list[OutboxItem]) -> bool:
        head = batch[0]
        if head.payload.get("kind") in GROUP_KINDS and chat_id not in self._teams:
            await self._store.mark_failed(head.id, "the group is no longer subscribed")
            return True
        if head.payload.get("kind") in PERSONAL_KINDS and not await self._may_receive(chat_id):
            await self._store.mark_failed(head.id, "the person's binding is suspended")
            return True
        try:
            if len(batch) == 1:
                text, markup = self._messages.render(head.payload)
            else:
                text, markup = self._messages.digest([i.payload for i in batch], {})
        except Exception as exc:  # a payload the bot cannot show: the queue moves on
            if len(batch) > 1:  # one of the digest's leads: each is tried alone
                return await self._send_and_mark(chat_id, [head])
            reason = f"cannot be shown: {type(exc).__name__}: {exc}"
            log.warning("outbox item %s to chat %s %s", head.id, chat_id, reason)
            await self._store.mark_failed(head.id, reason)
            self.failures += 1
            return True
        try:
            async with self._overall, self._limiter(chat_id):
                if self._stopping:  # waited for its turn while the bot was stopping
                    return False
                self._sending.add(chat_id)  # until marked: see `_send`
                sent = await self._bot.send_message(
                    chat_id, text, reply_markup=markup, reply_parameters=_reply(head)
                )
        except TelegramRetryAfter as exc:
            later = self._clock() + timedelta(seconds=exc.retry_after)
            await self._store.mark_retry(head.id, "429 Too Many Requests", later)
            return False
        except TelegramMigrateToChat as exc:
            log.info("chat %s became %s; its subscription follows", chat_id, exc.migrate_to_chat_id)
            await self._store.move_chat(chat_id, exc.migrate_to_chat_id)
            self._teams.move(chat_id, exc.migrate_to_chat_id)
            return False
        except TelegramForbiddenError as exc:
            await self._gone(chat_id, exc.message)
            return False
        except TelegramBadRequest as exc:
            if "chat not found" in exc.message.lower():
                await self._gone(chat_id, exc.message)
                return False
            if chat_id < 0 and refuses_posts(exc.message):  # a group: its posts wait
                await self.muted.refused(chat_id, head, exc.message)
                return False
            log.warning("a message to chat %s was refused: %s", chat_id, exc.message)
            await self._store.mark_failed(head.id, exc.message)
            self.failures += 1
            return True
        except (TelegramNetworkError, TelegramServerError) as exc:
            self.failures += 1
            if head.attempts + 1 >= MAX_ATTEMPTS:
                await self._store.mark_failed(head.id, type(exc).__name__)
                return True
            later = self._clock() + retry_delay(head.attempts)
            await self._store.mark_retry(head.id, type(exc).__name__, later)
            return False
        self.sent += len(batch)
        if not await self.marks.sent([i.id for i in batch], sent.message_id):
            return False
        await self.muted.posted(chat_id)
        return True

    async def _may_receive(self, person: int) -> bool:
        """Whether a notice or alert still goes to this person: not when their binding was
        suspended after it was queued (they left the CRM); an admin named only in
        ADMIN_IDS, with no binding, receives it."""
        binding = await self._store.get_binding(person)
        return binding is None or binding.is_active

    def _limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._limiters.get(chat_id)
        if limiter is None:
            limiter = self._limiters[chat_id] = AsyncLimiter(*self._per_chat)
        return limiter

    async def _gone(self, chat_id: int, reason: str) -> None:
        """The bot cannot write there: a group's subscription ends (admins are told); a
        person who blocked the bot just gets nothing more of what waited."""
        log.warning(
            "the bot cannot write to chat %s (%s): its messages are dropped", chat_id, reason
        )
        self._teams.discard(chat_id)
        title = await self._store.drop_chat(chat_id, reason)
        if title is not None:
            await self._on_gone(chat_id, title, reason)
