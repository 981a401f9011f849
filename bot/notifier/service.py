"""The notifier at work: a poll every POLL_INTERVAL (then a look for leads nobody took),
task reminders (TASK_REMIND_MINUTES), the sender woken after each poll (and every half
second), the bindings checked against the CRM's employee list every CRM_CACHE_SECONDS
(where the CRM lists them; admins warned once when the list is empty or unreadable), and
housekeeping (client data of delivered messages forgotten after RETENTION_DAYS, seen leads
forgotten once they cannot come back).

It runs only with a CRM that can list new leads (LIST_NEW_LEADS). A failing CRM or Telegram
call is logged and counted; the loops go on.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from datetime import datetime, time, timedelta

from aiogram import Bot

from bot import clock
from bot.crm.capabilities import Capability
from bot.crm.errors import CRMError
from bot.crm.models import Lead, Unreadable
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.notifier.health import CRMWatch, Notice
from bot.notifier.messages import Messages
from bot.notifier.personal import Personal
from bot.notifier.poller import Poller, unreadable_key
from bot.notifier.posts import Posts
from bot.notifier.sender import Sender
from bot.notifier.teams import NEW_LEADS, TeamGroups
from bot.notifier.unclaimed import Unclaimed
from bot.staff.sync import RosterSync, Trouble
from bot.store import Store, StoreError
from bot.work.lead_search import employee_names

log = logging.getLogger("bot.notifier")

SEND_EVERY = 0.5  # seconds between looks at the outbox when nothing woke the sender
HOUSEKEEPING_EVERY = 3600.0
SEEN_KEPT = timedelta(days=7)  # beyond the poll's overlap and any catch-up


class Notifier:
    def __init__(
        self,
        crm: CRM,
        store: Store,
        bot: Bot,
        i18n: Translator,
        messages: Messages,
        teams: TeamGroups,
        *,
        poll_interval: float,
        retention: timedelta,
        catchup: timedelta,
        digest_threshold: int,
        crm_alert: timedelta,
        escalate: timedelta,
        untaken_list_at: time | None,
        task_remind: timedelta,
        admins: Callable[[], Awaitable[set[int]]],
        roster: RosterSync,
        clock: Callable[[], datetime] = clock.now,
    ) -> None:
        self._crm = crm
        self._store = store
        self._i18n = i18n
        self._admins = admins
        self._clock = clock
        self._interval = poll_interval
        self._retention = retention
        self.posts = Posts(bot, store, messages)
        self.poller = Poller(
            crm,
            store,
            catchup=catchup,
            on_taken=self._taken,
            on_unreadable=self._unreadable,
            clock=clock,
        )
        self.sender = Sender(
            bot,
            store,
            messages,
            teams,
            digest_threshold=digest_threshold,
            on_gone=self._gone,
            on_muted=self._muted,
            wake=self.wake,
            clock=clock,
        )
        self.health = CRMWatch(crm_alert)
        self.unclaimed = Unclaimed(
            crm,
            store,
            i18n,
            escalate=escalate,
            list_at=untaken_list_at,
            tz=messages.tz,
            on_taken=self._taken,
            tell_admins=self._notify_admins,
            clock=clock,
        )
        self.roster = roster
        roster.on_trouble(self._roster_trouble)
        self.personal = Personal(
            crm,
            store,
            i18n,
            remind=task_remind,
            tz=messages.tz,
            wake=self.wake,
            roster=roster.follow,
            clock=clock,
        )
        self.poll_failures = 0
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def polls(self) -> bool:
        return Capability.LIST_NEW_LEADS in self._crm.capabilities

    def start(self) -> None:
        loops = [self._send_loop(), self._housekeeping_loop()]
        if self.polls:
            loops.append(self._poll_loop())
        else:
            log.info("this CRM cannot list new leads: no lead posts in the groups")
        if self.personal.reminds:
            loops.append(self._task_reminder_loop())
        if self.roster.follows:
            loops.append(self._roster_loop())
        else:
            log.info("this CRM gives no employee list: bindings are not checked against it")
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(c, context=contextvars.Context()) for c in loops]

    def wake(self) -> None:
        """Something was queued: look at the outbox now."""
        self._wake.set()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.sender.stop()

    async def _poll_loop(self) -> None:
        while True:
            try:
                if await self.poller.poll_once():
                    self.wake()
                await self._tell_admins(self.health.recovered(self._clock()))
            except CRMError as exc:
                self.poll_failures += 1
                log.warning("the poll for new leads failed (%s)", type(exc).__name__)
                await self._tell_admins(self.health.failed(exc, self._clock()))
            except StoreError as exc:
                self.poll_failures += 1
                log.warning("the new leads could not be stored (%s): asked for again", exc)
            except Exception:
                self.poll_failures += 1
                log.exception("the poll for new leads failed")
            await self._look_for_unclaimed()
            await asyncio.sleep(self._interval)

    async def _look_for_unclaimed(self) -> None:
        await self._queue_from(self.unclaimed.tick, "the check of unclaimed leads")

    async def _task_reminder_loop(self) -> None:
        while True:
            await self._queue_from(self.personal.tick, "the look for tasks falling due")
            await asyncio.sleep(self.personal.every)

    async def _roster_loop(self) -> None:
        while True:
            try:
                await self.roster.follow()
            except Exception:
                log.exception("the check of bindings against the CRM's employees failed")
            await asyncio.sleep(self.roster.every)

    async def _queue_from(self, tick: Callable[[], Awaitable[bool]], what: str) -> None:
        """Run one look that may queue messages (waking the sender); a failure is logged."""
        try:
            if await tick():
                self.wake()
        except CRMError as exc:
            log.warning("%s failed (%s)", what, type(exc).__name__)
        except Exception:
            log.exception("%s failed", what)

    async def _send_loop(self) -> None:
        while True:
            try:
                await self.sender.send_due()
            except Exception:
                log.exception("the outbox could not be read")
            self._wake.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), SEND_EVERY)

    async def _housekeeping_loop(self) -> None:
        while True:
            try:
                now = self._clock()
                await self._store.scrub_delivered(now - self._retention)
                oldest = await self.poller.oldest_listed() or now
                await self._store.forget_seen(now - SEEN_KEPT, listed_since=oldest)
            except Exception:
                log.exception("housekeeping of the outbox failed")
            await asyncio.sleep(HOUSEKEEPING_EVERY)

    async def _taken(self, lead: Lead) -> None:
        """A posted lead was taken in the CRM by other means: its messages say so."""
        names = await employee_names(self._crm)
        key = lead.employee_key
        await self._store.claim(
            lead.id,
            tg_user_id=None,
            employee_key=key,
            name=names.get(key) if key else None,
            deal_id=lead.deal_ids[0] if lead.deal_ids else None,
        )
        await self.posts.show_claim(lead.id)

    async def _unreadable(self, records: Sequence[Unreadable]) -> None:
        """Leads the CRM listed that the bot cannot read: each admin is told once a lead."""
        for record in records:
            key = "notice.lead_unreadable" if record.id else "notice.record_unreadable"
            text = self._i18n(key, id=record.id or "", reason=record.reason)
            await self._notify_admins(f"unreadable:{unreadable_key(record)}", text)

    async def _gone(self, chat_id: int, title: str | None, reason: str) -> None:
        """The bot was removed from a group: the admins are told."""
        text = self._i18n("notice.group_gone", title=title or str(chat_id), reason=reason)
        await self._notify_admins(f"gone:{chat_id}:{self._clock().isoformat()}", text)

    async def _muted(self, chat_id: int, reason: str | None) -> None:
        """Telegram refuses the bot's posts in a team group (`reason`), or takes them again
        (None): the admins are told, once each time."""
        sub = await self._store.subscription(chat_id, NEW_LEADS)
        title = sub.title if sub is not None else str(chat_id)
        if reason is None:
            text = self._i18n("notice.group_unmuted", title=title)
        else:
            text = self._i18n("notice.group_muted", title=title, reason=reason)
        await self._notify_admins(f"muted:{chat_id}:{self._clock().isoformat()}", text)

    async def _tell_admins(self, notice: Notice | None) -> None:
        if notice is None:
            return
        text = self._i18n(notice.key, minutes=notice.minutes, error=notice.error)
        await self._notify_admins(f"{notice.key}:{notice.since.isoformat()}", text)

    async def _roster_trouble(self, trouble: Trouble) -> None:
        """The CRM's employee list came back empty or unreadable: one warning an episode."""
        text = self._i18n(trouble.key, error=trouble.error)
        await self._notify_admins(f"roster:{trouble.since.isoformat()}", text)

    async def _notify_admins(self, about: str, text: str) -> None:
        """A notice to every admin still told things (`admins`: after the bindings follow
        the CRM's list, a suspended admin gets none), through the outbox (once per `about`
        and admin)."""
        for admin in await self._admins():
            key = f"notice:{about}:{admin}"
            await self._store.enqueue(admin, key, {"kind": "notice", "text": str(text)})
        self.wake()
