"""The poller: the CRM's new leads → outbox rows, one per matching team group.

Each round asks the CRM for the leads created since its cursor (less an overlap: the CRM's
date filter counts days, and a lead may show up late), keeps those it has not seen, and in
one SQLite transaction marks them seen, queues their posts and moves the cursor. Killed at
any moment, it either did all of that or none of it, so a lead is queued once.

On the first start there is no cursor: the poller starts from now, not from the CRM's
history (the leads of the last overlap are marked seen, unposted). After downtime, leads
older than `catchup` come as one summary per group. A lead seen before and now taken in
the CRM (by other means) has its group messages updated.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.crm.models import Lead
from bot.crm.protocol import CRM
from bot.notifier.messages import lead_payload
from bot.notifier.teams import NEW_LEADS
from bot.store import Store, Subscription
from bot.store.new_leads import Post

log = logging.getLogger("bot.notifier")

CURSOR = "new_leads.since"
OVERLAP = timedelta(hours=1)  # asked again each round: late leads are found, seen ones skipped
MAX_LEADS = 5000  # a round's ceiling; the rest come next round

Taken = Callable[[Lead], Awaitable[None]]


def matches(subscription: Subscription, lead: Lead) -> bool:
    """Whether a group's filters (pipeline, inbox type; absent = any) let the lead in."""
    wanted = subscription.filters
    if wanted.get("pipeline") and wanted["pipeline"] != lead.pipeline_id:
        return False
    return not (wanted.get("inbox") and wanted["inbox"] != lead.inbox_type_id)


class Poller:
    def __init__(
        self,
        crm: CRM,
        store: Store,
        *,
        catchup: timedelta,
        on_taken: Taken | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._crm = crm
        self._store = store
        self._catchup = catchup
        self._on_taken = on_taken
        self._clock = clock
        self.last_success: datetime | None = None

    async def poll_once(self) -> list[str]:
        """One round; the ids of the leads that were new."""
        now = self._clock()
        stamp = await self._store.get_cursor(CURSOR)
        if stamp is None:  # the first start: from now on, not the CRM's whole history
            await self._begin(now)
            return []
        since = datetime.fromisoformat(stamp)
        leads = await self._crm.new_leads(since=since - OVERLAP, limit=MAX_LEADS)
        known = await self._store.seen_leads([lead.id for lead in leads])
        fresh = [lead for lead in leads if lead.id not in known]
        subscriptions = await self._store.subscriptions(NEW_LEADS)
        posts = self._posts(fresh, subscriptions, now)
        newest = max((lead.created_at for lead in leads if lead.created_at), default=since)
        cursor = max(since, newest).isoformat()
        stamped = [(lead.id, lead.created_at) for lead in fresh]
        new = await self._store.record_new_leads(stamped, posts, (CURSOR, cursor))
        self.last_success = now
        if new:
            log.info("%d new leads queued for %d groups", len(new), len(subscriptions))
        await self._update_taken([lead for lead in leads if lead.id in known and lead.taken])
        return new

    async def _begin(self, now: datetime) -> None:
        """The leads the next rounds' overlap would list are marked seen, unposted."""
        leads = await self._crm.new_leads(since=now - OVERLAP, limit=MAX_LEADS)
        stamped = [(lead.id, lead.created_at) for lead in leads]
        await self._store.record_new_leads(stamped, {}, (CURSOR, now.isoformat()))
        self.last_success = now

    def _posts(
        self, leads: Sequence[Lead], subscriptions: Sequence[Subscription], now: datetime
    ) -> dict[str, list[Post]]:
        """Each lead's posts; leads older than `catchup` go into one summary per group."""
        posts: dict[str, list[Post]] = {}
        old: dict[int, list[Lead]] = {}
        for lead in leads:
            stale = lead.created_at is not None and now - lead.created_at > self._catchup
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
