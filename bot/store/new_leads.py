"""The leads the notifier has seen (so a lead is posted once, whatever the CRM's list
repeats), and who claimed each posted lead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.store.db import Database, execute, fetch_one, row_model, timestamp
from bot.store.models import LeadClaim, UnclaimedPost
from bot.store.outbox import enqueue_in

_CLAIM = "SELECT lead_id, tg_user_id, employee_key, name, deal_id, claimed_at FROM lead_claims"

Post = tuple[int, str, Mapping[str, Any]]  # (chat, dedup key, payload)


class NewLeadsTable(Database):
    """seen_leads and lead_claims."""

    async def record_new_leads(
        self,
        leads: Sequence[tuple[str, datetime | None]],
        posts: Mapping[str, Sequence[Post]],
        cursors: Mapping[str, str],
    ) -> list[str]:
        """In one transaction: each lead not seen before is marked seen (and no longer
        counted unreadable) and its posts queued; the `cursors` (name → value) move.
        Returns the ids that were new."""
        now = self._now()
        new: list[str] = []
        async with self.transaction() as db:
            for lead_id, created in leads:
                stamp = timestamp(created) if created is not None else None
                inserted = await execute(
                    db,
                    "INSERT INTO seen_leads (lead_id, created_at, seen_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (lead_id) DO NOTHING",
                    (lead_id, stamp, now),
                )
                if not inserted:
                    continue
                new.append(lead_id)
                await execute(db, "DELETE FROM unreadable_leads WHERE lead_id = ?", (lead_id,))
                for chat_id, key, payload in posts.get(lead_id, ()):
                    shows = lead_id if payload.get("kind") == "lead" else None
                    await enqueue_in(db, now, chat_id, key, payload, shows)
            for name, value in cursors.items():
                await execute(
                    db,
                    "INSERT INTO notifier_cursors (name, value, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value,"
                    " updated_at = excluded.updated_at",
                    (name, value, now),
                )
        return new

    async def record_unreadable(self, records: Sequence[tuple[str, str | None, str]]) -> list[str]:
        """Leads the CRM listed but the bot could not read, as `(key, lead id, reason)`;
        returns the keys not recorded before (each is reported once)."""
        now = self._now()
        new: list[str] = []
        async with self.transaction() as db:
            for key, lead_id, reason in records:
                if await execute(
                    db,
                    "INSERT INTO unreadable_leads (record_key, lead_id, reason, first_seen_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (record_key) DO NOTHING",
                    (key, lead_id, reason, now),
                ):
                    new.append(key)
        return new

    async def unreadable_count(self) -> int:
        """How many listed leads the bot could not read (and has not read since)."""
        rows = await self._select("SELECT COUNT(*) FROM unreadable_leads")
        return int(rows[0][0])

    async def seen_leads(self, lead_ids: Sequence[str]) -> set[str]:
        if not lead_ids:
            return set()
        marks = ",".join("?" * len(lead_ids))
        rows = await self._select(
            f"SELECT lead_id FROM seen_leads WHERE lead_id IN ({marks})", tuple(lead_ids)
        )
        return {str(r[0]) for r in rows}

    async def seen_since(self, moment: datetime) -> int:
        """How many leads the notifier first saw at or after `moment`."""
        rows = await self._select(
            "SELECT COUNT(*) FROM seen_leads WHERE seen_at >= ?", (timestamp(moment),)
        )
        return int(rows[0][0])

    async def forget_seen(self, older_than: datetime, listed_since: datetime) -> int:
        """Forget the leads seen before `older_than` that can no longer come back from the
        CRM's list: created before `listed_since` (the oldest moment the poller still asks
        for). A lead dated ahead, or in a window the poller still reads after a quiet
        week, is kept, so it is never posted twice. Unreadable leads are forgotten after
        `older_than` too (reported again if they come back)."""
        seen = "DELETE FROM seen_leads WHERE seen_at < ? AND (created_at IS NULL OR created_at < ?)"
        async with self.transaction() as db:
            forgotten = await execute(db, seen, (timestamp(older_than), timestamp(listed_since)))
            await execute(
                db,
                "DELETE FROM unreadable_leads WHERE first_seen_at < ?",
                (timestamp(older_than),),
            )
        return forgotten

    async def claim(
        self,
        lead_id: str,
        *,
        tg_user_id: int | None,
        employee_key: str | None,
        name: str | None,
        deal_id: str | None,
    ) -> LeadClaim:
        """Record who took the lead; the first claim stays (returned either way)."""
        async with self.transaction() as db:
            await execute(
                db,
                "INSERT INTO lead_claims (lead_id, tg_user_id, employee_key, name, deal_id,"
                " claimed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lead_id) DO NOTHING",
                (lead_id, tg_user_id, employee_key, name, deal_id, self._now()),
            )
            row = await fetch_one(db, f"{_CLAIM} WHERE lead_id = ?", (lead_id,))
        assert row is not None
        return row_model(LeadClaim, row)

    async def claim_of(self, lead_id: str) -> LeadClaim | None:
        rows = await self._select(f"{_CLAIM} WHERE lead_id = ?", (lead_id,))
        return row_model(LeadClaim, rows[0]) if rows else None

    async def unclaimed_posts(
        self, sent_after: datetime, sent_before: datetime, *, unreminded: bool = False
    ) -> list[UnclaimedPost]:
        """Lead posts sent in the span that nobody claimed yet, oldest first; `unreminded`:
        only those without a reminder queued (`reminder_key`)."""
        sql = (
            "SELECT o.lead_id, o.chat_id, o.message_id,"
            " json_extract(o.payload, '$.name') AS name, s.created_at AS created_at,"
            " o.sent_at AS sent_at FROM outbox o LEFT JOIN seen_leads s USING (lead_id)"
            " WHERE o.lead_id IS NOT NULL AND o.status = 'sent'"
            " AND json_extract(o.payload, '$.kind') = 'lead'"
            " AND o.sent_at >= ? AND o.sent_at < ?"
            " AND o.lead_id NOT IN (SELECT lead_id FROM lead_claims)"
        )
        if unreminded:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM outbox r"
                " WHERE r.dedup_key = 'remind:' || o.lead_id || ':' || o.chat_id)"
            )
        rows = await self._select(
            sql + " ORDER BY o.id", (timestamp(sent_after), timestamp(sent_before))
        )
        return [row_model(UnclaimedPost, row) for row in rows]


def reminder_key(lead_id: str, chat_id: int) -> str:
    """The outbox key of the reminder about a lead's post in a group (one per post)."""
    return f"remind:{lead_id}:{chat_id}"
