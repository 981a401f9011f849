"""The composition root: settings → store → CRM adapter → bot and dispatcher → polling."""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError
from aiogram.types import User

from bot.assembly import build_bot, build_dispatcher, build_notifier
from bot.config import Settings
from bot.crm.protocol import CRM
from bot.i18n import Translator
from bot.notifier.claims import Claims
from bot.notifier.service import Notifier
from bot.notifier.teams import TeamGroups
from bot.runtime.health import beat, heartbeat_path
from bot.runtime.inflight import InFlight
from bot.runtime.patience import patiently
from bot.runtime.periodic import Periodic
from bot.runtime.polling import PollWatch
from bot.runtime.response_types import ResponseTypes
from bot.sandbox import SandboxServer
from bot.staff.access import Access
from bot.staff.directory import Directory
from bot.startup import (
    EXIT_OK,
    EXIT_RUNTIME,
    StartupError,
    crm_name,
    lease_holder,
    open_crm,
    open_store,
    public_url,
    start_sandbox,
    take_lease,
)
from bot.store import LeaseHeld, Store
from bot.work.desk import Desk
from bot.work.lead_contacts import LeadContacts
from bot.work.task_lists import DealNames
from handlers.access.waiting import Arrivals, announce_expired
from handlers.core.menu import set_menus
from handlers.middlewares.deadline import Deadline
from handlers.middlewares.presses import EARLY, PressAnswers, Presses

log = logging.getLogger("bot")

DRAIN_SECONDS = 20.0
CANCEL_SECONDS = 5.0
POLLING_TIMEOUT = 25
LEASE = "bot"
LEASE_TTL = timedelta(seconds=60)
LEASE_RENEW_SECONDS = 15.0


class App:
    """One running bot. `start()` opens everything, `serve()` polls, `close()` undoes it."""

    def __init__(self, settings: Settings, *, started_at: float | None = None) -> None:
        self.settings = settings
        self.started_at = time.monotonic() if started_at is None else started_at
        self.i18n = Translator(settings.language.value)
        self.store = Store(settings.database_path)
        self.sandbox: SandboxServer | None = None
        self.crm: CRM | None = None
        self.crm_url = ""
        self.crm_name = ""
        self.bot: Bot | None = None
        self.me: User | None = None
        self.inflight = InFlight()
        self.press_answers = PressAnswers()
        self.press_early = EARLY  # seconds a handler has to answer a press itself
        self.drain_seconds = DRAIN_SECONDS
        self.conflict = PollWatch(heartbeat_path(settings.database_path))
        self.dispatcher: Dispatcher | None = None
        self.access: Access | None = None
        self.teams = TeamGroups()
        self.notifier: Notifier | None = None
        self.periodic = Periodic()
        self.lease_holder = lease_holder()
        self._leased = False
        self._stopping = asyncio.Event()

    # ------------------------------------------------------------------ start-up

    async def start(self) -> None:
        await open_store(self.store)
        await self._take_lease()
        self.sandbox = await start_sandbox(self.settings)
        crm, self.crm_url = open_crm(self.settings, self.sandbox)
        self.crm = crm
        self.crm_name = await crm_name(crm)
        around = (self.conflict, ResponseTypes(), self.press_answers)
        self.bot = bot = build_bot(self.settings, around)
        try:
            self.me = await patiently(bot.get_me, "getMe")
            beat(heartbeat_path(self.settings.database_path))
            await patiently(lambda: bot.delete_webhook(drop_pending_updates=False), "deleteWebhook")
        except TelegramUnauthorizedError:
            raise StartupError("BOT_TOKEN was refused by Telegram (401 Unauthorized)") from None
        except TelegramAPIError as exc:
            raise StartupError(f"Telegram did not answer at start: {exc}", EXIT_RUNTIME) from None
        directory = Directory(crm, max_age=self.settings.crm_cache_seconds)
        self.access = access = Access(self.store, directory, self.settings.admin_ids)
        admins = await access.admins()
        if not admins:
            log.warning(
                "the bot has no admin: put your Telegram id in ADMIN_IDS and restart"
                " (send /whoami to the bot to see your id)"
            )
        try:
            await patiently(
                lambda: set_menus(bot, self.i18n, crm.capabilities, admins), "setMyCommands"
            )
        except TelegramAPIError as exc:  # the commands still work; only the menu is missing
            log.warning("the command menu was not set (%s); going on", type(exc).__name__)
        self.teams = teams = TeamGroups()
        await teams.load(self.store)
        self.notifier = build_notifier(
            self.settings, crm, self.store, bot, self.i18n, access, teams, self.me.username or ""
        )
        self.dispatcher = await self._dispatcher(crm, access, self.me.username or "")
        log.info(
            "started: crm=%s url=%s bot=@%s in %.2f s",
            self.settings.crm_kind.value,
            public_url(self.crm_url),
            self.me.username,
            time.monotonic() - self.started_at,
        )

    async def _take_lease(self) -> None:
        await take_lease(self.store, LEASE, self.lease_holder, LEASE_TTL)
        self._leased = True

    async def _renew_lease(self) -> None:
        try:
            await self.store.acquire(LEASE, self.lease_holder, LEASE_TTL)
        except LeaseHeld as held:
            log.error("another bot process (%s) took over the database; stopping", held.holder)
            self._leased = False
            self.stop()

    async def _dispatcher(self, crm: CRM, access: Access, bot_username: str) -> Dispatcher:
        assert self.notifier is not None
        arrivals = Arrivals(waiting=bool(await access.unreached_requests()))
        desk = Desk(crm, self.store, access.directory)
        services: dict[str, Any] = {
            "settings": self.settings,
            "store": self.store,
            "crm": crm,
            "access": access,
            "desk": desk,
            "claims": Claims(desk, self.store, self.notifier.posts),
            "i18n": self.i18n,
            "crm_name": self.crm_name,
            "bot_username": bot_username,
            "arrivals": arrivals,
            "deal_names": DealNames(ttl=self.settings.crm_cache_seconds),
            "lead_contacts": LeadContacts(),
            "teams": self.teams,
            "notifier": self.notifier,
        }
        # InFlight outermost, so shutdown also waits for the error replies; Presses outside
        # the per-user lock, so a press waiting its turn is still answered at once; the
        # deadline around everything that may ask the CRM.
        presses = Presses(self.press_answers, early=self.press_early)
        around = (self.inflight, presses, Deadline(self.settings.crm_deadline))
        return build_dispatcher(
            self.settings, self.store, around=around, after_gate=(arrivals,), services=services
        )

    # ------------------------------------------------------------------ running

    async def serve(self, *, handle_signals: bool = True) -> int:
        """Poll until stopped (signal, `stop()`, or a second bot on the same token)."""
        assert self.bot is not None and self.dispatcher is not None
        self.periodic.every(LEASE_RENEW_SECONDS, self._renew_lease, "lease")
        ttl = timedelta(hours=self.settings.request_ttl_hours)
        self.periodic.every(min(600.0, ttl.total_seconds() / 2), self._expire_requests, "expiry")
        if self.notifier is not None:
            self.notifier.start()
        polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=handle_signals,
                close_bot_session=False,
                polling_timeout=POLLING_TIMEOUT,
            )
        )
        conflict = asyncio.create_task(self.conflict.detected.wait())
        stop = asyncio.create_task(self._stopping.wait())
        await asyncio.wait({polling, conflict, stop}, return_when=asyncio.FIRST_COMPLETED)
        if not polling.done():
            with suppress(RuntimeError):
                await self.dispatcher.stop_polling()
        await polling
        for task in (conflict, stop):
            task.cancel()
        if self.conflict.detected.is_set():
            log.error(
                "another process is polling Telegram with this BOT_TOKEN "
                "(409 Conflict); stopping so the two do not fight for updates"
            )
            return EXIT_RUNTIME
        return EXIT_OK if self._leased else EXIT_RUNTIME

    async def _expire_requests(self) -> None:
        assert self.access is not None
        ttl = timedelta(hours=self.settings.request_ttl_hours)
        expired = await self.access.expire_requests(ttl)
        if expired:
            log.info("%d access requests expired", len(expired))
            await announce_expired(self.bot, self.i18n, self.access, expired)

    def stop(self) -> None:
        self._stopping.set()

    async def close(self) -> None:
        """Let in-flight handlers finish, confirm the last update, close everything."""
        await self.periodic.stop()
        if self.notifier is not None:
            await self.notifier.stop()
        if not await self.inflight.drain(self.drain_seconds):
            log.warning("%d updates still in flight at shutdown; cancelling", self.inflight.busy)
            if not await self.inflight.cancel(CANCEL_SECONDS):
                log.error("%d updates did not stop when cancelled", self.inflight.busy)
        if self.bot is not None:
            await self._confirm_last_update(self.bot)
            await self.bot.session.close()
        if self.crm is not None:
            await self.crm.close()
        if self.sandbox is not None:
            await self.sandbox.stop()
        if self._leased:
            with suppress(Exception):
                await self.store.release(LEASE, self.lease_holder)
        await self.store.close()

    async def _confirm_last_update(self, bot: Bot) -> None:
        last = self.inflight.last_update_id
        if last is None or self.conflict.detected.is_set():
            return
        with suppress(TelegramAPIError, OSError, asyncio.TimeoutError):
            await bot.get_updates(offset=last + 1, limit=1, timeout=0)


async def run(settings: Settings, *, started_at: float | None = None, **serve: Any) -> int:
    """Start, serve, close; returns the process exit code."""
    app = App(settings, started_at=started_at)
    try:
        await app.start()
        return await app.serve(**serve)
    except StartupError as exc:
        log.error("%s", exc)
        return exc.exit_code
    finally:
        await app.close()
