"""What became of a write made from chat when the CRM did not say.

`Unconfirmed` is what `Desk` raises for a write whose outcome nobody knows: the CRM's
failure leaves it open (`bot.crm.errors.outcome_unknown`: no answer after the request may
have reached it, or an unreadable one), or the bot itself failed mid-write. The write is
audited 'unknown'; the dialog it ended is closed (`handlers.middlewares.dialogs`), and the
user is told to look in the CRM before repeating it, never to try again.
"""

from __future__ import annotations

from bot.crm.errors import CRMError


class Unconfirmed(CRMError):
    """A write the CRM may or may not have done. `dialog_ended`: the dialog that made it was
    closed (set by the middleware that closed it, so the user is told)."""

    def __init__(self, action: str, target: str, cause: BaseException) -> None:
        self.action = action
        self.target = target
        self.dialog_ended = False
        super().__init__(f"{action} {target}: outcome unknown ({type(cause).__name__}: {cause})")
