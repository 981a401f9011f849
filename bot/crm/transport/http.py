"""The HTTP transport every CRM adapter shares: one client, timeouts, the retry policy.

The retry policy lives in `bot.crm.transport.retry`, the redaction of httpx's log lines in
`bot.crm.transport.redact`, what adapters do alike with answers in
`bot.crm.transport.answers`.

Failures become domain errors (`TimedOut`, `Unavailable`) raised outside any ``except``
block, so no httpx exception, whose text may hold the URL and so the API key, is attached.
Request lines are logged with the path only; query secrets are also redacted from httpx's
own log records.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from bot.crm.deadline import remaining
from bot.crm.errors import CRMError, TimedOut, Unavailable
from bot.crm.transport.redact import install_redaction
from bot.crm.transport.retry import (
    backoff_delay,
    never_left,
    should_retry_error,
    should_retry_response,
)

Sleep = Callable[[float], Awaitable[None]]
ReadableError = Callable[[httpx.Response], bool]


def _domain_error(path: str, error: httpx.HTTPError, *, read: bool) -> CRMError:
    sent = not read and not never_left(error)
    if isinstance(error, httpx.TimeoutException):
        return TimedOut(f"{path}: the CRM did not answer in time", write_sent=sent)
    return Unavailable(f"{path}: cannot reach the CRM ({type(error).__name__})", write_sent=sent)


MAX_IN_FLIGHT = 32  # CRM requests at once; more wait their turn
SHARD = 4  # connections per httpx client (see HttpTransport)


class HttpTransport:
    """Sends requests to one CRM below `root`, adding the secret query parameters."""

    def __init__(
        self,
        root: str,
        *,
        secret_params: Mapping[str, str],
        logger: logging.Logger,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
        sleep: Sleep = asyncio.sleep,
        readable_error: ReadableError = lambda response: False,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        install_redaction()
        self._root = root
        self._secrets = dict(secret_params)
        self._log = logger
        self._seconds = timeout
        self._timeout = httpx.Timeout(timeout)
        self._own_client = client is None
        # httpcore's pool looks at each of its connections (a system call for each idle
        # one) on every request and every response: with one pool of 32 that was half the
        # bot's CPU under load (bench/). So the connections are spread over small pools,
        # SHARD each, and a request goes to the least busy one.
        if client is not None:
            self._clients = [client]
        else:
            limits = httpx.Limits(max_connections=SHARD, max_keepalive_connections=SHARD)
            shards = max(1, -(-max_in_flight // SHARD))
            self._clients = [
                httpx.AsyncClient(timeout=self._timeout, limits=limits) for _ in range(shards)
            ]
        self._busy = [0] * len(self._clients)
        # Requests beyond the pools wait here, not in httpcore's pool, which rescans every
        # waiting request on each change and burns the CPU under load (measured in bench/).
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._attempts = max(1, retries)
        self._sleep = sleep
        self._readable_error = readable_error

    async def close(self) -> None:
        """Closes the HTTP client if this transport created it."""
        if self._own_client:
            for client in self._clients:
                await client.aclose()

    async def _send(self, method: str, url: str, **options: Any) -> httpx.Response:
        """One request on the least busy pool (the caller holds an in-flight slot)."""
        shard = min(range(len(self._busy)), key=self._busy.__getitem__)
        self._busy[shard] += 1
        try:
            return await self._clients[shard].request(method, url, **options)
        finally:
            self._busy[shard] -= 1

    async def request(
        self,
        method: str,
        path: str,
        *,
        read: bool,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """The CRM's answer to `method path`, retried per the policy; body already read.

        Raises `TimedOut` / `Unavailable` when no answer came (`TimedOut` also when the
        action's deadline, `bot.crm.deadline`, leaves no time), with `write_sent` true when
        a write may have reached the CRM (`bot.crm.errors` says what that means); any
        answer, errors included, is returned for the adapter's mapping function. `headers`
        may carry secrets: they are never logged.
        """
        query = {**self._secrets, **(params or {})}
        url = self._root + path
        failure: CRMError | None = None
        for attempt in range(1, self._attempts + 1):
            if attempt > 1:
                delay = backoff_delay(attempt - 1)
                left = remaining()
                if left is not None and delay >= left:
                    break  # no time for another try
                await self._sleep(delay)
            left = remaining()
            if left is not None and left <= 0:
                failure = failure or TimedOut(
                    f"{path}: no time left to ask the CRM", write_sent=False
                )
                break
            timeout = self._timeout if left is None else httpx.Timeout(min(self._seconds, left))
            started = time.monotonic()
            handed_over = False  # to httpx: from then on the request may reach the CRM
            try:
                async with asyncio.timeout(left), self._in_flight:
                    handed_over = True
                    response = await self._send(
                        method,
                        url,
                        params=query,
                        json=json,
                        data=data,
                        headers=headers,
                        timeout=timeout,
                    )
            except TimeoutError:  # the action's deadline passed, in the queue or on the wire
                self._log_line(method, path, "deadline", started, attempt)
                failure = TimedOut(
                    f"{path}: the CRM did not answer within the deadline",
                    write_sent=handed_over and not read,
                )
                break
            except httpx.HTTPError as error:
                self._log_line(method, path, type(error).__name__, started, attempt)
                failure = _domain_error(path, error, read=read)
                if should_retry_error(error, read=read):
                    continue
                break
            self._log_line(method, path, str(response.status_code), started, attempt)
            readable = response.status_code >= 500 and self._readable_error(response)
            if attempt < self._attempts and should_retry_response(
                response, read=read, readable=readable
            ):
                continue
            return response
        assert failure is not None  # the loop only ends here after a transport failure
        raise failure

    def _log_line(self, method: str, path: str, outcome: str, started: float, attempt: int) -> None:
        elapsed_ms = round((time.monotonic() - started) * 1000)
        routine = attempt == 1 and outcome.isdigit() and int(outcome) < 400
        self._log.log(
            logging.DEBUG if routine else logging.INFO,
            "%s %s -> %s in %d ms (attempt %d)",
            method,
            path,
            outcome,
            elapsed_ms,
            attempt,
        )
