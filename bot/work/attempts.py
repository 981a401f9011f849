"""What became of a write made from chat when the CRM did not say, and of a second press.

`Unconfirmed` is what `Desk` raises for a write whose outcome nobody knows: the CRM's
failure leaves it open (`bot.crm.errors.outcome_unknown`: no answer after the request may
have reached it, or an unreadable one), or the bot itself failed mid-write. The write is
audited 'unknown'; the dialog it ended is closed (`handlers.middlewares.dialogs`), and the
user is told to look in the CRM before repeating it, never to try again.

A Create or Save button carries a token (`new_token`): `Attempts` records its press in the
store before the write, so a second press of the same button (a double tap, a press after
an unknown outcome, after a restart) writes nothing and is told what became of the first:
done, unknown, or still being written (`Repeated`, `Earlier`).
"""

from __future__ import annotations

import logging
import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from bot.crm.errors import CRMError
from bot.store import Attempt, Store

log = logging.getLogger("bot.work")


_written: ContextVar[str | None] = ContextVar("written", default=None)


def mark_written(action: str) -> None:
    """This update's write `action` is done in the CRM."""
    _written.set(action)


def written() -> str | None:
    """The write this update made in the CRM, if one was done (what a later failure of the
    bot's own store must not deny)."""
    return _written.get()


def new_token() -> str:
    """A fresh token for one button's write (8 URL-safe characters)."""
    return secrets.token_urlsafe(6)


class Unconfirmed(CRMError):
    """A write the CRM may or may not have done. `dialog_ended`: the dialog that made it was
    closed (set by the middleware that closed it, so the user is told)."""

    def __init__(self, action: str, target: str, cause: BaseException) -> None:
        self.action = action
        self.target = target
        self.dialog_ended = False
        super().__init__(f"{action} {target}: outcome unknown ({type(cause).__name__}: {cause})")


class Status(StrEnum):
    DONE = "done"
    UNKNOWN = "unknown"  # not confirmed, or cut off by a stop of the bot
    WRITING = "writing"  # under way in this process now


@dataclass(frozen=True, slots=True)
class Earlier:
    """What became of the first press of a button: its status, and the record it made."""

    status: Status
    record: str | None = None


class Repeated(CRMError):
    """A button's write pressed again: nothing was written; `earlier` says what the first
    press did. `dialog_ended` as for `Unconfirmed`."""

    def __init__(self, earlier: Earlier) -> None:
        self.earlier = earlier
        self.dialog_ended = False
        super().__init__(f"pressed again: the first press is {earlier.status.value}")


class Attempts:
    """The store's record of attempts, and which of them this process is writing now: a
    row left unfinished that no write here holds was cut off by a stop (unknown)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._writing: set[tuple[int, str]] = set()

    async def claim(self, user_id: int, token: str, action: str) -> None:
        """Start the attempt; `Repeated` when the token was pressed before."""
        earlier = await self._store.claim_attempt(user_id, token, action)
        if earlier is not None:
            log.info("%s pressed again by %s: nothing written", action, user_id)
            raise Repeated(self._earlier(earlier))
        self._writing.add((user_id, token))

    async def finish(self, user_id: int, token: str, result: str, record: str | None) -> None:
        """The attempt's end: 'ok', 'unknown', or a known failure (forgotten: the CRM did
        not do it, and the button may be pressed again)."""
        try:
            if result in ("ok", "unknown"):
                await self._store.finish_attempt(user_id, token, result, record)
            else:
                await self._store.drop_attempt(user_id, token)
        finally:
            self._writing.discard((user_id, token))

    async def earlier(self, user_id: int, token: str) -> Earlier | None:
        """What became of the press of `token`; None when there was none (or it failed)."""
        found = await self._store.attempt(user_id, token)
        return self._earlier(found) if found is not None else None

    def _earlier(self, attempt: Attempt) -> Earlier:
        if attempt.result == "ok":
            return Earlier(Status.DONE, attempt.record)
        if attempt.result is None and (attempt.tg_user_id, attempt.token) in self._writing:
            return Earlier(Status.WRITING)
        return Earlier(Status.UNKNOWN)
