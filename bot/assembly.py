"""How the bot object, the notifier and the Dispatcher are put together: the session's
request middlewares; the notifier's settings; the update middlewares in their order, the
inner ones, and the routers.

Called by `bot.app` (the composition root), which owns the objects passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.config import Settings
from bot.crm.capabilities import Capability
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.notifier.messages import Messages
from bot.notifier.service import Notifier
from bot.notifier.teams import TeamGroups
from bot.runtime.isolation import OneAtATime
from bot.staff.access import Access
from bot.store import Store
from bot.store.fsm import SQLiteStorage
from handlers import routers
from handlers.middlewares.dialogs import Dialogs
from handlers.middlewares.gate import Gate
from handlers.middlewares.language import Language
from handlers.middlewares.typing import Typing


def build_bot(settings: Settings, middlewares: Sequence[BaseRequestMiddleware]) -> Bot:
    """The Bot, HTML by default, its session seeing every request through `middlewares`."""
    api_url = settings.telegram_api_url
    if api_url is None:
        session = AiohttpSession()
    else:
        session = AiohttpSession(api=TelegramAPIServer.from_base(str(api_url).rstrip("/")))
    for middleware in middlewares:
        session.middleware(middleware)
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_notifier(
    settings: Settings,
    crm: CRM,
    store: Store,
    bot: Bot,
    i18n: Translator,
    access: Access,
    teams: TeamGroups,
    bot_username: str,
) -> Notifier:
    """The notifier with its settings: posts, digests, reminders and alerts as configured."""
    takes = Capability.TAKE_LEAD in crm.capabilities  # else claims stay in the bot
    return Notifier(
        crm,
        store,
        bot,
        i18n,
        Messages(i18n, settings.tz, bot_username, crm_takes=takes),
        teams,
        poll_interval=settings.poll_interval,
        retention=timedelta(days=settings.retention_days),
        catchup=timedelta(hours=settings.catchup_hours),
        digest_threshold=settings.digest_threshold,
        crm_alert=timedelta(minutes=settings.crm_alert_minutes),
        escalate=timedelta(minutes=settings.escalate_minutes),
        untaken_list_at=settings.untaken_list_at,
        task_remind=timedelta(minutes=settings.task_remind_minutes),
        admins=access.admins_to_notify,
        roster=access.sync,
    )


def build_dispatcher(
    settings: Settings,
    store: Store,
    *,
    around: Sequence[BaseMiddleware],
    after_gate: Sequence[BaseMiddleware],
    services: dict[str, Any],
) -> Dispatcher:
    """The Dispatcher with `services` injected by name into every handler.

    Update middlewares: `around` (in order) go outside aiogram's own (errors, user context,
    the FSM and its one-update-at-a-time lock), the user's language inside them. Message and
    button middlewares: the gate first (nothing runs for someone it refuses), then the
    dialogs' rules, then `after_gate`, then the typing action.
    """
    storage = SQLiteStorage(store)
    dp = Dispatcher(storage=storage, events_isolation=OneAtATime(), **services)
    chain = dp.update.outer_middleware
    aiogram_own = [chain[i] for i in range(len(chain))]
    for middleware in aiogram_own:
        chain.unregister(middleware)
    ordered: list[Any] = [*around, *aiogram_own, Language(settings.language.value)]
    for middleware in ordered:
        chain.register(middleware)
    ttl = timedelta(minutes=settings.dialog_ttl_minutes)
    gate, dialogs, typing = Gate(), Dialogs(ttl, clock=store.now, ages=storage), Typing()
    for observer in (dp.message, dp.callback_query):
        for middleware in (gate, dialogs, *after_gate, typing):
            observer.middleware(middleware)
    dp.include_routers(*routers())
    return dp
