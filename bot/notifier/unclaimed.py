"""Leads nobody takes. After ESCALATE_MINUTES a reminder replies to each of the lead's posts
and the admins are told; once a day, at UNTAKEN_LIST_AT in TIMEZONE, each team group gets
the list of its leads still not taken. Each goes through the outbox under a key of its own
(a post's reminder, a lead's notice, a group's day), so a restart never repeats one.

Before either, the CRM is asked once (its lead list since the oldest of them) which were
taken there by other means: their posts are updated instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import clock
from bot.crm.capabilities import Capability
from bot.crm.models import Lead
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.notifier.poller import MAX_LEADS
from bot.notifier.teams import NEW_LEADS
from bot.store import Store, UnclaimedPost
from bot.store.new_leads import reminder_key

CHECK_EVERY = 30.0  # seconds between two looks for overdue leads, at most
ESCALATE_WINDOW = timedelta(days=1)  # posts older than the delay plus this: the list's job
LISTED = timedelta(days=7)  # how far back the daily list looks
DAY_CURSOR = "untaken.day"  # the last day whose list was queued

Taken = Callable[[Lead], Awaitable[None]]
TellAdmins = Callable[[str, str], Awaitable[None]]  # (what about, once; the text)


class Unclaimed:
    def __init__(
        self,
        crm: CRM,
        store: Store,
        i18n: Translator,
        *,
        escalate: timedelta,
        list_at: time | None,
        tz: ZoneInfo,
        on_taken: Taken,
        tell_admins: TellAdmins,
        clock: Callable[[], datetime] = clock.now,
    ) -> None:
        self._crm = crm
        self._store = store
        self._i18n = i18n
        self._escalate = escalate
        self._every = timedelta(seconds=min(CHECK_EVERY, escalate.total_seconds() / 4))
        self._list_at = list_at
        self._tz = tz
        self._on_taken = on_taken
        self._tell_admins = tell_admins
        self._clock = clock
        self._checked: datetime | None = None
        self._listed_day: str | None = None
        self.ticks = 0  # looks finished since the start

    async def tick(self) -> bool:
        """Queue what is due; True when something was queued."""
        now = self._clock()
        queued = False
        if self._escalate and (self._checked is None or now - self._checked >= self._every):
            self._checked = now
            queued = await self._remind(now)
        if self._list_at is not None:
            queued = await self._daily_list(now) or queued
        self.ticks += 1
        return queued

    async def _remind(self, now: datetime) -> bool:
        due = now - self._escalate
        titles = await self._groups()
        posts = await self._store.unclaimed_posts(due - ESCALATE_WINDOW, due, unreminded=True)
        posts = await self._still_untaken([p for p in posts if p.chat_id in titles])
        if not posts:
            return False
        for lead_id, shown in _by_lead(posts).items():
            first = shown[0]
            minutes = max(1, round((now - first.sent_at).total_seconds() / 60))
            groups = ", ".join(f"«{titles.get(p.chat_id) or p.chat_id}»" for p in shown)
            name = first.name or self._i18n("post.no_name")
            text = self._i18n(
                "notice.escalated", id=lead_id, name=name, minutes=minutes, groups=groups
            )
            await self._tell_admins(f"escalated:{lead_id}", str(text))  # before the replies:
            for post in shown:  # a kill in between leaves the posts to remind next time
                payload = {
                    "kind": "reminder",
                    "lead_id": lead_id,
                    "name": post.name,
                    "minutes": minutes,
                    "reply_to": post.message_id,
                }
                key = reminder_key(lead_id, post.chat_id)
                await self._store.enqueue(post.chat_id, key, payload, lead_id=lead_id)
        return True

    async def _daily_list(self, now: datetime) -> bool:
        assert self._list_at is not None
        local = now.astimezone(self._tz)
        today = local.date().isoformat()
        if local.time() < self._list_at or self._listed_day == today:
            return False
        if self._listed_day is None:
            self._listed_day = await self._store.get_cursor(DAY_CURSOR)
            if self._listed_day == today:
                return False
        groups = await self._groups()
        posts = await self._store.unclaimed_posts(now - LISTED, now)
        posts = await self._still_untaken([p for p in posts if p.chat_id in groups])
        by_chat: dict[int, dict[str, UnclaimedPost]] = {}
        for post in posts:
            by_chat.setdefault(post.chat_id, {}).setdefault(post.lead_id, post)
        for chat_id, leads in by_chat.items():
            items = [
                {"lead_id": p.lead_id, "name": p.name, "sent_at": p.sent_at.isoformat()}
                for p in leads.values()
            ]
            payload = {"kind": "untaken", "leads": items}
            await self._store.enqueue(chat_id, f"untaken:{chat_id}:{today}", payload)
        await self._store.set_cursor(DAY_CURSOR, today)
        self._listed_day = today
        return bool(by_chat)

    async def _groups(self) -> dict[int, str]:
        """The team groups (an unsubscribed group gets neither reminders nor lists)."""
        return {s.chat_id: s.title for s in await self._store.subscriptions(NEW_LEADS)}

    async def _still_untaken(self, posts: Sequence[UnclaimedPost]) -> list[UnclaimedPost]:
        """The posts whose lead the CRM does not show as taken (those that are get their
        posts updated), in one listing since the oldest of them."""
        if not posts or Capability.LIST_NEW_LEADS not in self._crm.capabilities:
            return list(posts)
        oldest = min(p.created_at or p.sent_at for p in posts) - timedelta(minutes=1)
        listed = await self._crm.new_leads(since=oldest, limit=MAX_LEADS)
        wanted = {p.lead_id for p in posts}
        taken = {lead.id: lead for lead in listed.leads if lead.taken and lead.id in wanted}
        for lead in taken.values():
            await self._on_taken(lead)
        return [p for p in posts if p.lead_id not in taken]


def _by_lead(posts: Sequence[UnclaimedPost]) -> dict[str, list[UnclaimedPost]]:
    grouped: dict[str, list[UnclaimedPost]] = {}
    for post in posts:
        grouped.setdefault(post.lead_id, []).append(post)
    return grouped
