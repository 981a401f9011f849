"""Start-up's own steps: opening the CRM (or the embedded sandbox) and checking its key,
and the one-line error that stops start-up with an exit code."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from pydantic import SecretStr

from bot.config import CRMKind, Settings
from bot.crm.errors import BadCredentials, CRMError
from bot.crm.factory import UnsupportedCRM, build_crm
from bot.crm.protocol import CRM
from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from bot.store import DatabaseDamaged, LeaseHeld, Store

log = logging.getLogger("bot")

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_CONFIG = 2


class StartupError(Exception):
    """Start-up cannot go on; the text is one line for the admin, with an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_CONFIG) -> None:
        super().__init__(message)
        self.exit_code = exit_code


async def open_store(store: Store) -> None:
    """Open the bot's database; a damaged file stops start-up with one line."""
    try:
        await store.open()
    except DatabaseDamaged as exc:
        raise StartupError(
            f"DATABASE_PATH={store.path} is damaged ({exc}): stop the bot and restore the file"
            " from a backup, or move it aside to start with an empty database (bindings,"
            " team groups and the outbox would be lost)"
        ) from None


def public_url(url: str) -> str:
    """The URL without user info, query or fragment: what may appear in a log line."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


async def start_sandbox(settings: Settings) -> SandboxServer | None:
    """The embedded sandbox CRM when CRM_KIND=sandbox (started), else None."""
    if settings.crm_kind is not CRMKind.SANDBOX:
        return None
    db = settings.database_path.parent / "sandbox.sqlite3"
    sandbox = SandboxServer(db, SANDBOX_API_KEY, timezone=settings.timezone)
    await sandbox.start()
    return sandbox


def open_crm(settings: Settings, sandbox: SandboxServer | None) -> tuple[CRM, str]:
    """The configured CRM's adapter and its URL."""
    if sandbox is not None:
        url, key = sandbox.url, SANDBOX_API_KEY
    else:
        assert settings.crm_url is not None
        url, key = str(settings.crm_url), _key(settings)
    kind = "envybox" if settings.crm_kind is CRMKind.SANDBOX else settings.crm_kind.value
    try:
        crm = build_crm(
            kind,
            url,
            key,
            timezone=settings.tz,
            timeout=settings.crm_timeout,
            cache_seconds=settings.crm_cache_seconds,
            login=settings.crm_login,
            scan_pages=settings.lead_scan_pages,
            secret=_secret(settings.crm_secret_token),
        )
    except UnsupportedCRM:
        raise StartupError(
            f"CRM_KIND={kind} is not supported by this version yet:"
            " expected sandbox, envybox, salesman, fivecrm or gocrm"
        ) from None
    return crm, url


def _key(settings: Settings) -> str:
    """The CRM's main credential: 5CRM's public token, else the API key."""
    if settings.crm_kind is CRMKind.FIVECRM:
        return _secret(settings.crm_public_token) or ""
    return _secret(settings.crm_api_key) or ""


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


async def crm_name(crm: CRM) -> str:
    """Checks the CRM key once; a CRM that is down does not stop the bot."""
    try:
        return await crm.account_name()
    except BadCredentials as refused:
        if refused.settings == "CRM_API_KEY":
            raise StartupError("CRM_API_KEY was refused by the CRM (wrong API key)") from None
        raise StartupError(f"{refused.settings} refused by the CRM ({refused})") from None
    except CRMError as exc:
        log.warning("the CRM is not answering at start (%s); going on", type(exc).__name__)
        return crm.kind


async def take_lease(store: Store, name: str, holder: str, ttl: timedelta) -> None:
    """One bot process per database: a second one stops here with one line."""
    try:
        await store.acquire(name, holder, ttl)
    except LeaseHeld as held:
        if not holder_gone(held.holder):
            raise StartupError(
                f"another bot process ({held.holder}) is using {store.path};"
                " stop it first (if it was killed, its hold lapses"
                f" at {held.until:%H:%M:%S} UTC)",
                EXIT_RUNTIME,
            ) from None
        log.info("the previous bot process (%s) is gone; taking over", held.holder)  # killed
        await store.acquire(name, holder, ttl, take_from=held.holder)


def lease_holder() -> str:
    """Who holds the database's lease: this machine, this process, and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def holder_gone(holder: str) -> bool:
    """Whether the lease's holder was a process on this machine that no longer runs. (A
    holder with our own pid may be a restarted container's previous life or another bot in
    this process: it is left to lapse.)"""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False
