"""Access requests, the admins' messages about them, shared contacts and invite links."""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime, timedelta
from typing import Any

from bot.store.db import Database, timestamp
from bot.store.models import AccessRequest, Invite, InviteOutcome, RequestStatus

INVITE_TTL = timedelta(hours=24)

_REQUEST = (
    "SELECT id, tg_user_id, full_name, username, phone, status, decided_by, decided_by_name,"
    " employee_key, created_at, decided_at FROM access_requests"
)
_INVITE = (
    "SELECT code, employee_key, created_by, created_at, expires_at, used_by, used_at FROM invites"
)


def _one(rows: list[sqlite3.Row]) -> dict[str, Any] | None:
    return dict(rows[0]) if rows else None


class AccessTable(Database):
    """The access tables; every check-and-change is one transaction."""

    # ------------------------------------------------------------------ requests

    async def open_request(
        self, tg_user_id: int, full_name: str, username: str | None, phone: str | None
    ) -> tuple[AccessRequest, bool]:
        """The user's pending request, made now if there is none; True if it is new."""
        async with self.transaction() as db:
            rows = await db.execute_fetchall(
                f"{_REQUEST} WHERE tg_user_id = ? AND status = 'pending'", (tg_user_id,)
            )
            existing = _one(list(rows))
            if existing is not None:
                return AccessRequest.model_validate(existing), False
            cursor = await db.execute(
                "INSERT INTO access_requests (tg_user_id, full_name, username, phone, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (tg_user_id, full_name, username, phone, self._now()),
            )
            new_id = cursor.lastrowid
            rows = await db.execute_fetchall(f"{_REQUEST} WHERE id = ?", (new_id,))
        row = _one(list(rows))
        assert row is not None
        return AccessRequest.model_validate(row), True

    async def get_request(self, request_id: int) -> AccessRequest | None:
        async with self.transaction() as db:
            rows = await db.execute_fetchall(f"{_REQUEST} WHERE id = ?", (request_id,))
        row = _one(list(rows))
        return None if row is None else AccessRequest.model_validate(row)

    async def decide(
        self,
        request_id: int,
        status: RequestStatus,
        *,
        by: int,
        by_name: str,
        employee_key: str | None = None,
    ) -> bool:
        """Settle a pending request; False if it was already settled (the first one wins)."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "UPDATE access_requests SET status = ?, decided_by = ?, decided_by_name = ?,"
                " employee_key = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
                (status.value, by, by_name, employee_key, self._now(), request_id),
            )
            return cursor.rowcount == 1

    async def pending_requests(self) -> list[AccessRequest]:
        """Every request still waiting for an admin, oldest first."""
        async with self.transaction() as db:
            rows = await db.execute_fetchall(
                f"{_REQUEST} WHERE status = 'pending' ORDER BY created_at, id"
            )
        return [AccessRequest.model_validate(dict(r)) for r in rows]

    async def unreached_requests(self) -> list[AccessRequest]:
        """Pending requests that no admin has been shown yet, oldest first."""
        async with self.transaction() as db:
            rows = await db.execute_fetchall(
                f"{_REQUEST} WHERE status = 'pending' AND id NOT IN"
                " (SELECT request_id FROM access_request_messages) ORDER BY created_at, id"
            )
        return [AccessRequest.model_validate(dict(r)) for r in rows]

    async def expire_requests(self, older_than: datetime) -> list[AccessRequest]:
        """Mark pending requests made before `older_than` as expired; return them."""
        stamp = timestamp(older_than)
        async with self.transaction() as db:
            rows = await db.execute_fetchall(
                f"{_REQUEST} WHERE status = 'pending' AND created_at < ?", (stamp,)
            )
            await db.execute(
                "UPDATE access_requests SET status = 'expired', decided_at = ?"
                " WHERE status = 'pending' AND created_at < ?",
                (self._now(), stamp),
            )
        expired = [AccessRequest.model_validate(dict(r)) for r in rows]
        return [r.model_copy(update={"status": RequestStatus.EXPIRED}) for r in expired]

    async def add_request_message(self, request_id: int, chat_id: int, message_id: int) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT OR REPLACE INTO access_request_messages (request_id, chat_id, message_id)"
                " VALUES (?, ?, ?)",
                (request_id, chat_id, message_id),
            )

    async def request_messages(self, request_id: int) -> list[tuple[int, int]]:
        async with self.transaction() as db:
            rows = await db.execute_fetchall(
                "SELECT chat_id, message_id FROM access_request_messages WHERE request_id = ?",
                (request_id,),
            )
        return [(int(r[0]), int(r[1])) for r in rows]

    # ------------------------------------------------------------------ shared contacts

    async def remember_phone(self, tg_user_id: int, phone: str) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO contacts_shared (tg_user_id, phone, shared_at) VALUES (?, ?, ?)"
                " ON CONFLICT (tg_user_id) DO UPDATE SET phone = excluded.phone,"
                " shared_at = excluded.shared_at",
                (tg_user_id, phone, self._now()),
            )

    async def shared_phone(self, tg_user_id: int) -> str | None:
        async with self.transaction() as db:
            rows = list(
                await db.execute_fetchall(
                    "SELECT phone FROM contacts_shared WHERE tg_user_id = ?", (tg_user_id,)
                )
            )
        return str(rows[0][0]) if rows else None

    # ------------------------------------------------------------------ invites

    async def create_invite(self, employee_key: str, created_by: int) -> Invite:
        now = self.now()
        code = secrets.token_urlsafe(16)
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO invites (code, employee_key, created_by, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (code, employee_key, created_by, timestamp(now), timestamp(now + INVITE_TTL)),
            )
            rows = await db.execute_fetchall(f"{_INVITE} WHERE code = ?", (code,))
        row = _one(list(rows))
        assert row is not None
        return Invite.model_validate(row)

    async def get_invite(self, code: str) -> Invite | None:
        async with self.transaction() as db:
            rows = await db.execute_fetchall(f"{_INVITE} WHERE code = ?", (code,))
        row = _one(list(rows))
        return None if row is None else Invite.model_validate(row)

    async def use_invite(self, code: str, tg_user_id: int) -> tuple[InviteOutcome, Invite | None]:
        """Spend an invite for the user: once, and only before it expires."""
        now = self._now()
        async with self.transaction() as db:
            rows = await db.execute_fetchall(f"{_INVITE} WHERE code = ?", (code,))
            row = _one(list(rows))
            if row is None:
                return InviteOutcome.UNKNOWN, None
            invite = Invite.model_validate(row)
            if invite.used_by is not None:
                return InviteOutcome.USED, invite
            if row["expires_at"] <= now:
                return InviteOutcome.EXPIRED, invite
            await db.execute(
                "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL",
                (tg_user_id, now, code),
            )
        return InviteOutcome.OK, invite
