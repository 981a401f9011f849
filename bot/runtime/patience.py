"""Start-up calls to Telegram that ride out a passing failure: a 429 (after the time Telegram
asks for), a network error or a 5xx are retried with backoff and logged; anything else, a
refused token included, is raised at once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError

T = TypeVar("T")
log = logging.getLogger("bot")

ATTEMPTS = 6
MAX_DELAY = 30.0


async def patiently(
    call: Callable[[], Awaitable[T]],
    what: str,
    *,
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """`call()`'s result; its last error once `attempts` tries have failed."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except TelegramRetryAfter as exc:
            delay, reason = float(exc.retry_after), "429 Too Many Requests"
            if attempt == attempts:
                raise
        except (TelegramNetworkError, TelegramServerError) as exc:
            delay, reason = min(2.0 ** (attempt - 1), MAX_DELAY), type(exc).__name__
            if attempt == attempts:
                raise
        log.warning("Telegram did not answer %s (%s); trying again in %.0f s", what, reason, delay)
        await sleep(delay)
    raise AssertionError("unreachable: the loop returns or raises")
