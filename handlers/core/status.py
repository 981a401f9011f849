"""`/status` for admins: is the notifier seeing new leads, and are its posts going out."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot import clock
from bot.config import Settings
from bot.i18n import Translator
from bot.notifier.service import Notifier
from bot.notifier.teams import NEW_LEADS
from bot.store import Store
from handlers.middlewares.gate import ADMIN
from handlers.ui.links import command_link


def _at(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M:%S")


async def status(
    message: Message, i18n: Translator, settings: Settings, store: Store, notifier: Notifier
) -> None:
    lines = [i18n("status.title")]
    poller = notifier.poller
    if not notifier.polls:
        lines.append(i18n("status.not_polling"))
    elif poller.last_success is None:
        lines.append(i18n("status.never_polled", interval=f"{settings.poll_interval:g}"))
    else:
        at = _at(poller.last_success, settings)
        lines.append(i18n("status.polled", at=at, interval=f"{settings.poll_interval:g}"))
    if notifier.health.failing_since is not None:
        since = _at(notifier.health.failing_since, settings)
        lines.append(i18n("status.crm_failing", since=since, error=notifier.health.last_error))
    marks = notifier.sender.marks
    if marks.failing_since is not None:
        since = _at(marks.failing_since, settings)
        lines.append(i18n("status.store_failing", since=since, error=marks.last_error))
    for muted in await store.muted_groups():
        title = muted.title or str(muted.chat_id)
        since = _at(muted.since, settings)
        lines.append(i18n("status.muted", title=title, since=since, reason=muted.reason))
    unreadable = await store.unreadable_count()
    if unreadable:
        lines.append(i18n("status.unreadable", count=unreadable))
    midnight = clock.now(settings.tz).replace(hour=0, minute=0, second=0, microsecond=0)
    lines.append(i18n("status.seen_today", count=await store.seen_since(midnight.astimezone(UTC))))
    lines.append(i18n("status.groups", count=len(await store.subscriptions(NEW_LEADS))))
    counts = await store.outbox_counts()
    lines.append(
        i18n(
            "status.outbox",
            pending=counts.get("pending", 0),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
        )
    )
    lines.append(
        i18n("status.failures", polls=notifier.poll_failures, sends=notifier.sender.failures)
    )
    await message.answer("\n".join(lines))


def router() -> Router:
    r = Router(name="status")
    r.message.register(status, Command("status"), flags=ADMIN)
    r.message.register(status, command_link("status"), flags=ADMIN)
    return r
