"""The sandbox HTTP server: routing, api_key check, envelopes, call log, latency, fault injection.

Every request under /openapi/v1/ is answered by :meth:`SandboxServer._handle`: it records a
:class:`SandboxCall`, waits ``latency``, plays an injected fault if one is queued for the path,
checks ``api_key`` (query string), parses the body's ``"request"`` object (POST) or the query
(GET), and runs the endpoint in one database transaction. Success answers carry
``"status_code": 200, "message": "success"``; errors are described in :mod:`bot.sandbox.errors`.
Faults: "timeout" holds the request for an hour or until :meth:`SandboxServer.stop`, which
releases it with a 503 (its call keeps ``status`` 0: no answer within any client timeout);
"http_502" answers an nginx-style HTML 502; "bad_json" answers 200 with an HTML body.
The aiohttp access log is off: request lines carry the api_key.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.sandbox import errors
from bot.sandbox.clock import Clock
from bot.sandbox.context import Ctx
from bot.sandbox.db import Database
from bot.sandbox.distortions import Distortions
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.faults import FAULT_KINDS, FaultKind, play
from bot.sandbox.journal import DEFAULT_SIZE, Journal
from bot.sandbox.routes import ROUTES
from bot.sandbox.seeding import is_seeded, seed

log = logging.getLogger(__name__)


@dataclass
class SandboxCall:
    """One API request received: its path under /openapi/v1/ without slashes, its parameters
    (the body's "request" object or the query, never the api_key), the HTTP status answered."""

    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    status: int = 0
    employee_id: str | None = None


def _route_key(path: str) -> str:
    path = path.strip("/")
    prefix = "openapi/v1/"
    return path[len(prefix) :] if path.startswith(prefix) else path


class SandboxServer:
    """An Envybox CRM (OpenAPI v1) on loopback, persisted in SQLite, seeded on first start."""

    def __init__(
        self,
        db_path: str | Path,
        api_key: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timezone: str = "Europe/Moscow",
        latency: float = 0.0,
        journal_size: int = DEFAULT_SIZE,
    ) -> None:
        self.api_key = api_key
        self.host = host
        self.port = port
        self.latency = latency
        self.calls: Journal[SandboxCall] = Journal(journal_size)
        self._db = Database(db_path)
        self._ctx = Ctx(self._db, Clock(timezone), api_key)
        self._faults: dict[str, list[FaultKind]] = {}
        self._removed: dict[str, dict[str, Any]] = {}
        self._distortions = Distortions()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        if self._runner is None:
            raise RuntimeError("the sandbox is not started")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        await self._db.open()
        try:
            async with self._db.transaction():
                if not await is_seeded(self._db):
                    await seed(self._db, self._ctx.clock.now())
            app = web.Application()
            app.router.add_route("*", "/openapi/v1/{tail:.*}", self._handle)
            runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
            await runner.setup()
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except BaseException:
                await runner.cleanup()
                raise
        except BaseException:
            await self._db.close()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self._closing.clear()

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._db.close()

    def fail_next(self, path: str, kind: FaultKind, times: int = 1) -> None:
        """The next ``times`` requests to ``path`` (e.g. "lead/start") fail with ``kind``."""
        if kind not in FAULT_KINDS or times < 1:
            raise ValueError(f"bad fault: {kind!r} x {times}")
        self._faults.setdefault(_route_key(path), []).extend([kind] * times)

    def clear_faults(self) -> None:
        """Forget every fault not yet served: the CRM answers normally again (a distorted
        lead stays so, as a record in a real CRM would)."""
        self._faults.clear()

    def distort_lead(self, lead_id: str, **fields: Any) -> None:
        """From now on lead/list and lead/get show these raw values in the lead's fields
        (e.g. ``phone=["7903…", "7916…"]``, ``created_at="вчера"``)."""
        self._distortions.lead(lead_id, fields)

    async def date_lead(self, lead_id: str, created_at: datetime) -> None:
        """Sets when the lead was created, as a mistyped import would (KeyError if there is
        no such lead)."""
        async with self._db.transaction():
            changed = await self._db.execute(
                "UPDATE leads SET created_at = ? WHERE id = ?",
                (int(created_at.timestamp()), int(lead_id)),
            )
            if not changed:
                raise KeyError(lead_id)

    async def edit_lead(self, lead_id: str, *, phone: str, email: str) -> None:
        """Changes a lead's contacts, as someone would in the CRM's own interface (KeyError if
        there is no such lead). `phone`: digits, e.g. "79031234501"; "" for none."""
        async with self._db.transaction():
            changed = await self._db.execute(
                "UPDATE leads SET phone = ?, email = ? WHERE id = ?", (phone, email, int(lead_id))
            )
            if not changed:
                raise KeyError(lead_id)

    async def remove_employee(self, employee_id: str) -> None:
        """Deletes an employee (KeyError if there is none with this id)."""
        async with self._db.transaction():
            row = await self._db.one("SELECT * FROM employees WHERE id = ?", (int(employee_id),))
            if row is None:
                raise KeyError(employee_id)
            self._removed[employee_id] = dict(row)
            await self._db.execute("DELETE FROM employees WHERE id = ?", (int(employee_id),))

    async def restore_employee(self, employee_id: str) -> None:
        """Brings back an employee `remove_employee` deleted (KeyError if it did not)."""
        row = self._removed.pop(employee_id)
        async with self._db.transaction():
            await self._db.insert("employees", row)

    async def add_employee(self, name: str, surname: str, phone: str) -> str:
        """Adds one employee with this phone (digits, e.g. "79607771234"); its id."""
        async with self._db.transaction():
            ident = int(await self._db.scalar("SELECT COALESCE(MAX(id), 0) FROM employees")) + 1
            await self._db.insert(
                "employees",
                {
                    "id": ident,
                    "name": name,
                    "surname": surname,
                    "email": f"staff{ident}@demo-crm.ru",
                    "phone": phone,
                    "profession": "Менеджер по продажам",
                    "internal_number": str(ident),
                },
            )
        return str(ident)

    async def add_employees(self, count: int) -> list[str]:
        """Adds ``count`` employees after the last one (e.g. staff for a benchmark); their ids.

        Each gets a name, an e-mail and a phone of its own, derived from its id.
        """
        if count < 0:
            raise ValueError(f"bad employee count: {count}")
        async with self._db.transaction():
            last = int(await self._db.scalar("SELECT COALESCE(MAX(id), 0) FROM employees"))
            ids = list(range(last + 1, last + 1 + count))
            for ident in ids:
                await self._db.insert(
                    "employees",
                    {
                        "id": ident,
                        "name": "Сотрудник",
                        "surname": f"№{ident}",
                        "email": f"staff{ident}@demo-crm.ru",
                        "phone": f"7916{ident:07d}",
                        "profession": "Менеджер по продажам",
                        "internal_number": str(ident),
                    },
                )
        return [str(ident) for ident in ids]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = _route_key(request.match_info["tail"])
        params, parse_error = await _read_params(request)
        employee = params.get("employee_id")
        call = SandboxCall(
            request.method, path, params, 0, None if employee is None else str(employee)
        )
        self.calls.append(call)
        if self.latency > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self.latency)
        queue = self._faults.get(path)
        fault = queue.pop(0) if queue else None
        if fault is not None and fault != "refused":
            return await play(fault, call, self._closing)
        try:
            if fault == "refused":
                raise bad_request()
            payload = await self._answer(request, path, params, parse_error)
            status = 200
            payload = self._distortions.apply(path, payload)
            payload = payload | {"status_code": 200, "message": "success"}
        except ApiError as exc:
            status = exc.status
            payload = {"status_code": exc.status, "message": exc.message}
        call.status = status
        text = json.dumps(payload, ensure_ascii=False)
        return web.Response(status=status, text=text, content_type="application/json")

    async def _answer(
        self, request: web.Request, path: str, params: dict[str, Any], parse_error: bool
    ) -> dict[str, Any]:
        key = request.query.get("api_key", "")
        if not hmac.compare_digest(key.encode(), self.api_key.encode()):
            raise ApiError(401, errors.WRONG_KEY)
        route = ROUTES.get(path)
        if route is None:
            raise ApiError(404, errors.UNKNOWN_METHOD)
        method, handler = route
        if request.method != method:
            raise ApiError(405, errors.WRONG_HTTP_METHOD)
        if parse_error:
            raise bad_request()
        try:
            async with self._db.transaction():
                return await handler(self._ctx, params)
        except ApiError:
            raise
        except Exception:
            log.exception("sandbox endpoint %s failed", path)
            raise ApiError(500, "Внутренняя ошибка сервера") from None


async def _read_params(request: web.Request) -> tuple[dict[str, Any], bool]:
    """``(params, malformed)``: the query without api_key for GET, the body's "request" for POST."""
    if request.method == "GET":
        return {k: v for k, v in request.query.items() if k != "api_key"}, False
    raw = await request.read()
    try:
        body = json.loads(raw) if raw.strip() else None
    except ValueError:
        return {}, True
    if not isinstance(body, dict) or not isinstance(body.get("request"), dict):
        return {}, True
    return dict(body["request"]), False
