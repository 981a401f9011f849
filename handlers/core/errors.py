"""Central error handlers: each CRM error class becomes one sentence for the user and one
log line; nothing a handler raises stops the dispatcher."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Update

from bot.crm.errors import (
    AlreadyTaken,
    BadCredentials,
    CRMError,
    Forbidden,
    NotFound,
    NotSupported,
    Rejected,
    TimedOut,
    Unavailable,
    UnexpectedPayload,
    UnknownOutcome,
)
from bot.i18n import Html, Translator
from bot.staff.errors import (
    AccessError,
    AlreadyDecided,
    ConfigAdmin,
    LastAdmin,
    NotStaff,
    UnknownEmployee,
)
from bot.store import StoreError
from bot.work.attempts import Earlier, Repeated, Status, Unconfirmed, written
from handlers.ui.notify import alert

log = logging.getLogger("bot.errors")


def describe(exc: CRMError, i18n: Translator, crm_name: str = "CRM") -> Html:
    """The one sentence a user sees for a CRM error (`crm_name`: which CRM said no)."""
    match exc:
        case Unconfirmed(dialog_ended=ended):
            return i18n("error.unconfirmed_dialog" if ended else "error.unconfirmed")
        case Repeated(earlier=earlier):
            return describe_earlier(earlier, i18n)
        case TimedOut():
            return i18n("error.crm_timeout")
        case Unavailable():
            return i18n("error.crm_unavailable")
        case NotFound():
            return i18n("error.not_found")
        case AlreadyTaken(by=str(by)):
            return i18n("error.already_taken_by", by=by)
        case AlreadyTaken():
            return i18n("error.already_taken")
        case Rejected(reason=reason):
            return i18n("error.rejected", reason=reason)
        case NotSupported():
            return i18n("error.not_supported")
        case Forbidden():
            return i18n("error.forbidden", crm=crm_name)
        case BadCredentials():
            return i18n("error.bad_credentials")
        case UnknownOutcome():
            return i18n("error.unknown_outcome")
        case UnexpectedPayload():
            return i18n("error.unexpected")
    return i18n("error.crm_unavailable")


def describe_earlier(earlier: Earlier, i18n: Translator) -> Html:
    """What became of a button's first press, told when it is pressed again."""
    match earlier:
        case Earlier(status=Status.DONE, record=str(record)):
            return i18n("attempt.done_id", id=record)
        case Earlier(status=Status.DONE):
            return i18n("attempt.done")
        case Earlier(status=Status.WRITING):
            return i18n("attempt.writing")
    return i18n("attempt.unknown")


def describe_access(exc: AccessError, i18n: Translator) -> Html:
    """The one sentence a user sees when a rule of access refuses an operation."""
    match exc:
        case LastAdmin():
            return i18n("staff.last_admin")
        case ConfigAdmin():
            return i18n("staff.config_admin")
        case NotStaff():
            return i18n("staff.not_bound")
        case UnknownEmployee():
            return i18n("staff.unknown_employee")
        case AlreadyDecided():
            return i18n("request.already_plain")
    return i18n("button.stale")


async def tell(update: Update, text: str) -> None:
    """Answer the user who caused the update; a failing send is logged, never raised."""
    with suppress(TelegramAPIError):
        if update.callback_query is not None:
            await alert(update.callback_query, text)
            return
        if update.message is not None:
            await update.message.answer(text)


async def on_crm_error(event: ErrorEvent, i18n: Translator, crm_name: str = "CRM") -> None:
    exc = event.exception
    assert isinstance(exc, CRMError)
    cause = exc.__cause__ if isinstance(exc, Unconfirmed) else None
    log.warning(
        "CRM error %s on update %s: %s",
        type(exc).__name__,
        event.update.update_id,
        exc,
        exc_info=cause if cause is not None and not isinstance(cause, CRMError) else None,
    )
    await tell(event.update, describe(exc, i18n, crm_name))


async def on_access_error(event: ErrorEvent, i18n: Translator) -> None:
    exc = event.exception
    assert isinstance(exc, AccessError)
    log.info("refused by access rules on update %s: %s", event.update.update_id, type(exc).__name__)
    await tell(event.update, describe_access(exc, i18n))


async def on_store_error(event: ErrorEvent, i18n: Translator) -> None:
    """The bot's own database could not write (a lock held too long, a full or read-only
    disk): what the handler was saving is not saved, and the user is told so."""
    exc = event.exception
    log.error("the store failed on update %s: %s", event.update.update_id, exc)
    await tell(event.update, i18n("error.store_after_write" if written() else "error.store"))


async def on_unexpected(event: ErrorEvent, i18n: Translator) -> None:
    log.error(
        "unhandled %s on update %s",
        type(event.exception).__name__,
        event.update.update_id,
        exc_info=event.exception,
    )
    await tell(event.update, i18n("error.internal"))


def router() -> Router:
    r = Router(name="errors")
    r.errors.register(on_crm_error, ExceptionTypeFilter(CRMError))
    r.errors.register(on_access_error, ExceptionTypeFilter(AccessError))
    r.errors.register(on_store_error, ExceptionTypeFilter(StoreError))
    r.errors.register(on_unexpected)
    return r
