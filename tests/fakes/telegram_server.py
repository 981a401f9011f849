"""The HTTP side of the fake Telegram Bot API: serving, routing, recording, injected errors.

``FakeTelegram`` (telegram.py) builds the test-facing helpers on top of this server.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

from tests.fakes.telegram_methods import BotApi
from tests.fakes.telegram_request import decode_params
from tests.fakes.telegram_state import TelegramState
from tests.fakes.telegram_types import ApiCall, ApiError
from tests.fakes.telegram_updates import Notifier, UpdateQueue

HOLD_LIMIT = 30.0  # seconds a held call waits for the test at most


@dataclass
class Hold:
    """A call the server keeps waiting before it is carried out, until `release()`."""

    method: str
    chat_id: int | None
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def wants(self, method: str, params: dict[str, Any]) -> bool:
        if method.lower() != self.method.lower():
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)

    def release(self) -> None:
        self.released.set()

    async def wait_arrived(self, timeout: float = 10.0) -> None:
        try:
            await asyncio.wait_for(self.arrived.wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"no {self.method} call arrived in {timeout} s") from None


class TelegramServer:
    def __init__(
        self, token: str = "123:abc", bot_username: str = "crm_test_bot", bot_name: str = "CRM Bot"
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        bot_user = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.state = TelegramState(bot_user=bot_user)
        self.updates = UpdateQueue()
        self.api = BotApi(self.state, self.updates)
        self.calls: list[ApiCall] = []
        self.url = ""
        self._consumed: set[int] = set()
        self._failures: dict[str, deque[ApiError]] = {}
        self._latency: dict[str, float] = {}
        self._holds: list[Hold] = []
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._changed = Notifier()
        self._runner: web.AppRunner | None = None

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Stop serving; a getUpdates that is still waiting answers ``[]`` at once."""
        self.updates.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- the HTTP side ---------------------------------------------------------------------

    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    def _canonical(self, method: str) -> str:
        if method.lower() == "getupdates":
            return "getUpdates"
        found = self.api.lookup(method)
        return method if found is None else found[0]

    async def _handle(self, request: web.Request) -> web.Response:
        self._touch(+1)
        received = time.monotonic()
        method = self._canonical(request.match_info["method"])
        params: dict[str, Any] = {}
        try:
            params = await decode_params(request)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            result = await self._dispatch(method, params, request)
        except ApiError as error:
            self._record(
                ApiCall(method, params, False, error.code, error.description, received=received)
            )
            return web.json_response(error.body(), status=error.code)
        finally:
            self._touch(-1)
        self._record(ApiCall(method, params, True, result=result, received=received))
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, method: str, params: dict[str, Any], request: web.Request) -> Any:
        found = self.api.lookup(method)
        if found is None and method != "getUpdates":
            raise ApiError(404, "Not Found")
        hold = next((h for h in self._holds if h.wants(method, params)), None)
        if hold is not None:
            self._holds.remove(hold)
            hold.arrived.set()
            await asyncio.wait_for(hold.released.wait(), HOLD_LIMIT)
        failures = self._failures.get(method.lower())
        if failures:
            raise failures.popleft()
        if delay := self._latency.get(method.lower()):
            await asyncio.sleep(delay)
        if found is not None:
            return await found[1](params)

        def client_gone() -> bool:
            return request.transport is None or request.transport.is_closing()

        return await self.updates.get(params, client_gone)

    def _touch(self, in_flight: int = 0) -> None:
        self._in_flight += in_flight
        self._last_activity = time.monotonic()
        self._changed.notify()

    def _record(self, call: ApiCall) -> None:
        self.calls.append(call)
        self._changed.notify()

    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def stop_failing(self, method: str) -> None:
        """Forget the failures still queued for ``method``."""
        self._failures.pop(method.lower(), None)

    def hold_next(self, method: str, chat_id: int | None = None) -> Hold:
        """The next call of ``method`` (into ``chat_id``, if given) waits, before it is
        carried out, until the test calls ``release()`` on what this returns."""
        hold = Hold(method, chat_id)
        self._holds.append(hold)
        return hold

    def slow_down(self, method: str, seconds: float) -> None:
        """Every later call of ``method`` takes ``seconds`` before it is carried out."""
        self._latency[method.lower()] = seconds

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` fail with this error (429: retry_after)."""
        queue = self._failures.setdefault(method.lower(), deque())
        for _ in range(times):
            queue.append(ApiError.injected(error_code, description, retry_after))
