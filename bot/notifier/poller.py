"""The poller: the CRM's new leads → outbox rows, one per matching team group.

Each round asks the CRM for the leads created since its cursor (less an overlap: the CRM's
date filter counts days, and a lead may show up late), keeps those it has not seen, and in
one SQLite transaction marks them seen, queues their posts and moves the cursor. Killed at
any moment, it either did all of that or none of it, so a lead is queued once.

On the first start there is no cursor: the poller starts from now, not from the CRM's
history (the leads of the last overlap are marked seen, unposted). After downtime (no poll
succeeded for `catchup`), leads older than `catchup` come as one summary per group. A lead
seen before and now taken in the CRM (by other means) has its group messages updated.

A lead the CRM lists but the bot cannot read is set aside (logged and reported once) and
holds nothing back; a lead dated in the future is posted once and moves the cursor no
further than the poll's own time plus `SKEW`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot import clock
from bot.crm.models import Lead, Unreadable
from bot.crm.protocol import CRM
from bot.notifier.messages import lead_payload
from bot.notifier.teams import NEW_LEADS
from bot.store import Store, Subscription
from bot.store.new_leads import Post

log = logging.getLogger("bot.notifier")

CURSOR = "new_leads.since"  # the newest lead's time (the CRM's clock), at most now + SKEW
POLLED = "new_leads.polled_at"  # the last successful poll (the bot's clock)
SKEW = timedelta(minutes=5)  # how far the CRM's clock may run ahead of the bot's
OVERLAP = timedelta(hours=1)  # asked again each round: late leads are found, seen ones skipped
MAX_LEADS = 5000  # a round's ceiling; the rest come next round

Taken = Callable[[Lead], Awaitable[None]]
Untold = Callable[[Sequence[Unreadable]], Awaitable[None]]  # leads the admins are told of


def matches(subscription: Subscription, lead: Lead) -> bool:
    """Whether a group's filters (pipeline, inbox type; absent = any) let the lead in."""
    wanted = subscription.filters
    if wanted.get("pipeline") and wanted["pipeline"] != lead.pipeline_id:
        return False
    return not (wanted.get("inbox") and wanted["inbox"] != lead.inbox_type_id)


def unreadable_key(record: Unreadable) -> str:
    """What an unreadable lead is known by: its id, or (none readable) its reason's digest."""
    if record.id:
        return record.id
    return "?" + hashlib.sha256(record.reason.encode()).hexdigest()[:16]


class Poller:
    def __init__(
        self,
        crm: CRM,
        store: Store,
        *,
        catchup: timedelta,
        on_taken: Taken | None = None,
        on_unreadable: Untold | None = None,
        clock: Callable[[], datetime] = clock.now,
    ) -> None:
        self._crm = crm
        self._store = store
        self._catchup = catchup
        self._on_taken = on_taken
        self._on_unreadable = on_unreadable
        self._clock = clock
        self.last_success: datetime | None = None
        self.rounds = 0  # polls that succeeded since the start

    async def poll_once(self) -> list[str]:
        """One round; the ids of the leads that were new."""
        now = self._clock()
        stamp = await self._store.get_cursor(CURSOR)
        if stamp is None:  # the first start: from now on, not the CRM's whole history
            await self._begin(now)
            return []
        # never ahead of now + SKEW: a cursor carried off by a lead dated in the future
        # (before this rule) comes back, and the leads since then are found again
        since = min(datetime.fromisoformat(stamp), now + SKEW)
        found = await self._crm.new_leads(since=since - OVERLAP, limit=MAX_LEADS)
        await self._set_aside(found.unreadable)
        leads = found.leads
        known = await self._store.seen_leads([lead.id for lead in leads])
        fresh = [lead for lead in leads if lead.id not in known]
        subscriptions = await self._store.subscriptions(NEW_LEADS)
        posts = self._posts(fresh, subscriptions, now, await self._was_down(now, since))
        newest = max((lead.created_at for lead in leads if lead.created_at), default=since)
        cursors = {CURSOR: max(since, min(newest, now + SKEW)).isoformat(), POLLED: now.isoformat()}
        stamped = [(lead.id, lead.created_at) for lead in fresh]
        new = await self._store.record_new_leads(stamped, posts, cursors)
        self.last_success = now
        self.rounds += 1
        if new:
            log.info("%d new leads queued for %d groups", len(new), len(subscriptions))
        await self._update_taken([lead for lead in leads if lead.id in known and lead.taken])
        return new

    async def _begin(self, now: datetime) -> None:
        """The leads the next rounds' overlap would list are marked seen, unposted."""
        found = await self._crm.new_leads(since=now - OVERLAP, limit=MAX_LEADS)
        stamped = [(lead.id, lead.created_at) for lead in found.leads]
        cursors = {CURSOR: now.isoformat(), POLLED: now.isoformat()}
        await self._store.record_new_leads(stamped, {}, cursors)
        self.last_success = now

    async def oldest_listed(self) -> datetime | None:
        """The oldest creation time the next poll asks the CRM for (None before the first):
        seen leads older than that can never be listed again."""
        stamp = await self._store.get_cursor(CURSOR)
        if stamp is None:
            return None
        return min(datetime.fromisoformat(stamp), self._clock() + SKEW) - OVERLAP

    async def _was_down(self, now: datetime, since: datetime) -> bool:
        """Whether no poll succeeded for longer than `catchup` (the bot was down, or could
        not reach the CRM): only then do old leads come as a summary. A quiet week with
        no lead is not downtime."""
        polled = await self._store.get_cursor(POLLED)
        last = datetime.fromisoformat(polled) if polled else since
        return now - last > self._catchup

    async def _set_aside(self, unreadable: Sequence[Unreadable]) -> None:
        """Leads the CRM listed but the bot cannot read: each is logged and reported once
        (recorded in the store); none of them holds the others or the cursor back."""
        if not unreadable:
            return
        keyed = {unreadable_key(record): record for record in unreadable}
        records = [(key, r.id, r.reason) for key, r in keyed.items()]
        first = [keyed[key] for key in await self._store.record_unreadable(records)]
        for record in first:
            log.warning(
                "lead %s could not be read from the CRM and is not posted: %s",
                record.id or "(no id)",
                record.reason,
            )
        if first and self._on_unreadable is not None:
            await self._on_unreadable(first)

    def _posts(
        self,
        leads: Sequence[Lead],
        subscriptions: Sequence[Subscription],
        now: datetime,
        was_down: bool,
    ) -> dict[str, list[Post]]:
        """Each lead's posts; after downtime, leads older than `catchup` go into one summary
        per group."""
        posts: dict[str, list[Post]] = {}
        old: dict[int, list[Lead]] = {}
        for lead in leads:
            created = lead.created_at
            stale = was_down and created is not None and now - created > self._catchup
            for sub in subscriptions:
                if not matches(sub, lead):
                    continue
                if stale:
                    old.setdefault(sub.chat_id, []).append(lead)
                else:
                    key = f"lead:{lead.id}:{sub.chat_id}"
                    posts.setdefault(lead.id, []).append((sub.chat_id, key, lead_payload(lead)))
        for chat_id, stale_leads in old.items():
            first = stale_leads[0].id  # the summary rides on its first lead's record
            summary: dict[str, Any] = {
                "kind": "catchup",
                "count": len(stale_leads),
                "hours": round(self._catchup.total_seconds() / 3600),
                "leads": [{"lead_id": x.id, "name": x.name} for x in stale_leads],
            }
            key = f"catchup:{chat_id}:{first}:{stale_leads[-1].id}"
            posts.setdefault(first, []).append((chat_id, key, summary))
        return posts

    async def _update_taken(self, leads: Sequence[Lead]) -> None:
        if self._on_taken is None:
            return
        for lead in leads:
            if await self._store.claim_of(lead.id) is None and await self._store.lead_posts(
                lead.id
            ):
                await self._on_taken(lead)
