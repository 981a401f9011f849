"""A SalesMan CRM API 2.0 emulator on loopback, written from the reference (6.1–6.7,
6.10, 6.11): `POST /developer/v2/<method>`, JSON body with `action`, credentials in the
`login` and `apikey` headers, HTTP 200 always with the outcome in the body.

As the vendor's running code does: a `Content-Type` other than exactly `application/json`
falls back to form mode, where there are no credentials, and gets 401; a wrong key or an
unknown login gets 401 "Неизвестный пользователь" (never 400); the `user` handler writes its
codes as strings ("402", "404"). Methods: `user` (`user`, `user.list`), `lead` (`leads`),
`client` (`list` by `word`), `deal` (`deals`), `task` (`tasks`). Each call is acted as the
user the `login` header names: a non-boss sees only their own deals and tasks (403 else).

`fail(method, action, answer)` makes the next such call answer `answer` instead (an error
object, or an HTML page as text), so a test can show each documented error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot import clock
from tests.fakes.loopback import LoopbackServer
from tests.fakes.salesman.data import (
    API_KEY,
    CLIENTS,
    DEALS,
    LEADS,
    USERS,
    Client,
    Deal,
    Lead,
    User,
    demo_tasks,
    digits,
)
from tests.fakes.salesman.data import error as _error
from tests.fakes.salesman.deals import DealHandlers
from tests.fakes.salesman.leads import LeadHandlers
from tests.fakes.salesman.tasks import FATAL, TaskHandlers

FATAL_PAGE = (
    "<br />\n<b>Fatal error</b>:  Uncaught TypeError: count(): Argument #1 "
    "in <b>/var/www/inc/class/Tasks.php</b>"
)


@dataclass
class Call:
    method: str
    action: str
    login: str
    params: dict[str, Any] = field(default_factory=dict)


class SalesmanServer(LoopbackServer, LeadHandlers, DealHandlers, TaskHandlers):
    def __init__(
        self,
        api_key: str = API_KEY,
        users: tuple[User, ...] = USERS,
        newer_leads: int = 0,
        *,
        info_nulls: bool = True,
    ) -> None:
        super().__init__()
        """`newer_leads`: that many more leads, all newer than the demo ones (pages);
        `info_nulls`: deal `info` gives nulls for its own fields, as the running code does
        (False: the documented, filled-in form)."""
        self.api_key = api_key
        self.users = {u.login: u for u in users}
        self.leads = {lead.id: Lead(**vars(lead)) for lead in LEADS}
        for n in range(newer_leads):
            minute = newer_leads - n
            stamp = f"2026-12-01 {minute // 60 % 24:02d}:{minute % 60:02d}:00"
            self.leads[1000 + n] = Lead(1000 + n, f"Клиент {n}", f"7905{n:07d}", datum=stamp)
        self.clients = {c.clid: Client(**vars(c)) for c in CLIENTS}
        self.deals = {d.did: Deal(**vars(d)) for d in DEALS}
        self.tasks = {t.tid: t for t in demo_tasks(clock.now())}
        self.info_nulls = info_nulls
        self.calls: list[Call] = []
        self._faults: dict[tuple[str, str], Any] = {}

    def fail(self, method: str, action: str, answer: dict[str, Any] | str) -> None:
        """The next `method` `action` answers `answer` (a body, or a page of text)."""
        self._faults[(method, action)] = answer

    def fatal(self, method: str, action: str) -> None:
        """The next `method` `action` answers PHP's fatal-error page, as HTTP 200 (6.11)."""
        self.fail(method, action, FATAL_PAGE)

    def writes(self, method: str | None = None) -> list[Call]:
        """The calls that change something (every action but the reads)."""
        reads = {"list", "info", "user", "user.list", "steplist", "statusclose", "stat"}
        return [c for c in self.calls if c.action not in reads and method in (None, c.method)]

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/developer/v2/{method}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.headers.get("Content-Type") == "application/json":
            try:
                body = json.loads(await request.text())
            except ValueError:
                body = {}
            login = request.headers.get("login", "")
            key = request.headers.get("apikey", "")
        else:  # form mode: the bot never sends this; the credentials are then missing
            body, login, key = {}, "", ""
        params = body if isinstance(body, dict) else {}
        action = str(params.pop("action", ""))
        self.calls.append(Call(method, action, login, params))
        user = self.users.get(login)
        if key != self.api_key or user is None or not user.active:
            return _json(_error(401, "Неизвестный пользователь"))
        fault = self._faults.pop((method, action), None)
        if isinstance(fault, str):  # PHP's fatal error, still HTTP 200 and "JSON"
            return web.Response(text=fault, content_type="application/json")
        if fault is not None:
            return _json(fault)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return web.Response(status=404, text="<h1>Not Found</h1>", content_type="text/html")
        answer = handler(action, params, user)
        if answer == FATAL:
            return web.Response(text=FATAL_PAGE, content_type="application/json")
        return _json(answer)

    def _by_id(self, iduser: int) -> User | None:
        return next((u for u in self.users.values() if u.iduser == iduser), None)

    def _client(self, action: str, params: dict[str, Any], user: User) -> dict[str, Any]:
        """`list` with `word` (name, phone, e-mail); the rest is not emulated."""
        if action != "list":
            return _error(402, "Неизвестный метод", result=False)
        word = str(params.get("word") or "").lower()
        found = [
            c
            for c in self.clients.values()
            if word in c.title.lower()
            or word in c.mail_url.lower()
            or (digits(word) and digits(word) in digits(c.phone))
        ]
        rows = [
            {"clid": str(c.clid), "title": c.title, "phone": c.phone, "mail_url": c.mail_url}
            for c in found
        ]
        return {"data": rows, "count": len(rows)} if rows else {"count": 0}

    def _user(self, action: str, params: dict[str, Any], user: User) -> dict[str, Any]:
        if action == "user.list":
            return {
                "data": [
                    {
                        "iduser": u.iduser,
                        "uid": "",
                        "oid": "",
                        "title": u.title,
                        "login": u.login,
                        "email": u.email,
                        "active": "yes" if u.active else "no",
                    }
                    for u in self.users.values()
                ]
            }
        if action == "user":
            found = self.users.get(str(params.get("user", "")))
            if found is None:
                return _error("404", "Не найдено")
            return {
                "data": {
                    "iduser": found.iduser,
                    "uid": "",
                    "oid": "",
                    "title": found.title,
                    "login": found.login,
                    "active": "yes" if found.active else "no",
                    "tip": "Менеджер продаж",
                    "user_post": found.post,
                    "email": found.email,
                    "phone": found.phone,
                    "phone_in": "",
                    "mob": found.mob,
                }
            }
        return _error("402", "Неизвестный метод")


def _json(body: Any) -> web.Response:
    # the vendor's code answers 200 with its own JSON, whatever happened
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="application/json")
