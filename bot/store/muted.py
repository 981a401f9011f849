"""Team groups where Telegram refuses the bot's posts for want of rights (the bot restricted,
a closed topic): their posts wait, retried with backoff, until one goes through."""

from __future__ import annotations

from bot.store.db import Database, execute
from bot.store.models import MutedGroup

_MAX_REASON_CHARS = 500


class MutedGroupsTable(Database):
    async def mute_group(self, chat_id: int, reason: str) -> bool:
        """Record that Telegram refuses the bot's posts there; True when it was not yet
        recorded (this is news for the admins)."""
        sql = (
            "INSERT INTO muted_groups (chat_id, reason, since) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id) DO NOTHING"
        )
        return await self._write(sql, (chat_id, reason[:_MAX_REASON_CHARS], self._now())) > 0

    async def unmute_group(self, chat_id: int) -> bool:
        """A post went through again; True when the group was muted."""
        return await self._write("DELETE FROM muted_groups WHERE chat_id = ?", (chat_id,)) > 0

    async def muted_groups(self) -> list[MutedGroup]:
        """The muted groups, with their titles where subscribed, longest muted first."""
        rows = await self._select(
            "SELECT m.chat_id, m.reason, m.since, (SELECT g.title FROM group_subscriptions g"
            " WHERE g.chat_id = m.chat_id LIMIT 1) AS title FROM muted_groups m ORDER BY m.since"
        )
        return [MutedGroup.model_validate(dict(row)) for row in rows]

    async def post_waiting_now(self, chat_id: int) -> int:
        """The group's waiting messages are due now (the bot may post there again)."""
        async with self.transaction() as db:
            return await execute(
                db,
                "UPDATE outbox SET next_attempt_at = ? WHERE chat_id = ? AND status = 'pending'",
                (self._now(), chat_id),
            )
