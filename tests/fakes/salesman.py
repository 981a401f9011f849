"""A SalesMan CRM API 2.0 emulator on loopback, written from the reference (6.1, 6.7,
6.10, 6.11): `POST /developer/v2/<method>`, JSON body with `action`, credentials in the
`login` and `apikey` headers, HTTP 200 always with the outcome in the body.

As the vendor's running code does: a `Content-Type` other than exactly `application/json`
falls back to form mode, where there are no credentials, and gets 401; a wrong key or an
unknown login gets 401 "Неизвестный пользователь" (never 400); the `user` handler writes its
codes as strings ("402", "404"). Methods so far: `user` (`user`, `user.list`) and `lead`
(`add`, `list`, `stat`, `info`: an unknown id is a record of nothing, not an error).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

API_KEY = "salesman-test-key"
LIST_PAGE = 200
MOSCOW = ZoneInfo("Europe/Moscow")  # the CRM server's time zone
BOT_LOGIN = "bot"


@dataclass
class User:
    iduser: int
    login: str
    title: str
    phone: str = ""
    mob: str = ""
    email: str = ""
    post: str = "Менеджер продаж"
    active: bool = True


USERS = (
    User(1, BOT_LOGIN, "Бот CRM", post="Руководитель с доступом"),
    User(2, "anna", "Анна Смирнова", phone="+7 (916) 111-00-01", email="anna@demo.ru"),
    User(3, "ivan", "Иван Петров", phone="", mob="8 916 111-00-02", email="ivan@demo.ru"),
    User(4, "olga", "Ольга Гусева", phone="79161110009", active=False),
)


@dataclass
class Lead:
    id: int
    title: str
    phone: str = ""
    email: str = ""
    description: str = ""
    datum: str = "2026-11-30 10:15:00"  # the CRM's time zone (Moscow)
    status: int = 0
    rezult: int = 0
    iduser: int = 0
    clientpath: str = ""
    did: int = 0


LEADS = (
    Lead(
        501,
        "Сергей Орлов",
        "79031234501",
        "orlov@example.ru",
        "Хочу узнать цены",
        clientpath="Сайт",
    ),
    Lead(
        502, "Нина Белова", "79031234502", "", "Перезвоните", status=2, rezult=3, iduser=2, did=7001
    ),
)
STATUS_NAMES = {0: "Открыт", 1: "В работе", 2: "Обработан", 3: "Закрыт"}
REZULT_NAMES = {0: "", 1: "Спам", 2: "Дубль", 3: "Другое", 4: "Не целевой"}


@dataclass
class Call:
    method: str
    action: str
    login: str
    params: dict[str, Any] = field(default_factory=dict)


def _error(code: int | str, text: str, *, result: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "text": text}}
    return {"result": "Error", **body} if result else body


class SalesmanServer:
    def __init__(
        self, api_key: str = API_KEY, users: tuple[User, ...] = USERS, newer_leads: int = 0
    ) -> None:
        """`newer_leads`: that many more leads, all newer than the demo ones (pages)."""
        self.api_key = api_key
        self.users = {u.login: u for u in users}
        self.leads = {lead.id: Lead(**vars(lead)) for lead in LEADS}
        for n in range(newer_leads):
            minute = newer_leads - n
            stamp = f"2026-12-01 {minute // 60 % 24:02d}:{minute % 60:02d}:00"
            self.leads[1000 + n] = Lead(1000 + n, f"Клиент {n}", f"7905{n:07d}", datum=stamp)
        self.calls: list[Call] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/developer/v2/{method}", self._handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

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
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return web.Response(status=404, text="<h1>Not Found</h1>", content_type="text/html")
        return _json(handler(action, params))

    def _user(self, action: str, params: dict[str, Any]) -> dict[str, Any]:
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

    def _lead(self, action: str, params: dict[str, Any]) -> dict[str, Any]:
        if action == "add":
            ident = max(self.leads, default=500) + 1
            self.leads[ident] = Lead(
                ident,
                str(params.get("title", "")),
                str(params.get("phone", "")),
                str(params.get("email", "")),
                str(params.get("description", "")),
                datum=datetime.now(MOSCOW).strftime("%Y-%m-%d %H:%M:%S"),
            )
            return {"result": "Success", "id": ident}
        if action == "list":
            return self._lead_list(params)
        if action == "stat":
            return self._lead_stat(params)
        if action == "info":
            ident = int(params.get("id", 0) or 0)
            found = self.leads.get(ident)
            if found is None:  # the running code: not an error, a record of nothing
                return {"data": {"description": "", "title": None, "userName": None}, "id": ident}
            users = {u.iduser: u for u in self.users.values()}
            owner = users.get(found.iduser)
            return {
                "data": {
                    "id": str(found.id),
                    "datum": found.datum,
                    "datum_do": None,
                    "status": str(found.status),
                    "rezult": str(found.rezult),
                    "title": found.title,
                    "email": found.email,
                    "phone": found.phone,
                    "description": found.description,
                    "iduser": str(found.iduser),
                    "clientpath": "1" if found.clientpath else "0",
                    "did": str(found.did),
                    "statusName": STATUS_NAMES[found.status],
                    "rezultName": REZULT_NAMES[found.rezult],
                    "clientpathName": found.clientpath,
                    "userName": owner.title if owner else "Не определен",
                },
                "id": found.id,
            }
        return _error("402", "Не известный метод")

    def add_lead(
        self, title: str, phone: str, *, datum: str | None = None, status: int = 0, iduser: int = 0
    ) -> int:
        """A lead arrives (a site form); `datum` defaults to now, in Moscow time."""
        ident = max(self.leads, default=500) + 1
        moment = datum or datetime.now(MOSCOW).strftime("%Y-%m-%d %H:%M:%S")
        self.leads[ident] = Lead(ident, title, phone, datum=moment, status=status, iduser=iduser)
        return ident

    def _lead_stat(self, params: dict[str, Any]) -> dict[str, Any]:
        """Per active user: open and processed leads in the period (counts as strings)."""
        start = str(params.get("dateStart") or "0000")
        end = str(params.get("dateEnd") or "9999") + " 99"
        inside = [x for x in self.leads.values() if start <= x.datum <= end]
        data = []
        for user in self.users.values():
            if not user.active:
                continue
            mine = [x for x in inside if x.iduser == user.iduser]
            data.append(
                {
                    "login": user.login,
                    "open": str(sum(1 for x in mine if x.status in (0, 1))),
                    "processed": str(sum(1 for x in mine if x.status in (2, 3))),
                }
            )
        return {"data": data}

    def _lead_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """Pages of 200 (`offset` is the page number), newest first unless `first=old`;
        no rows at all, or a page past the last, is error 404 (the running code)."""
        newest = str(params.get("first") or "new") != "old"
        start = str(params.get("dateStart") or "")  # alone: created on or after that day
        leads = [x for x in self.leads.values() if x.datum[:10] >= start]
        ordered = sorted(leads, key=lambda x: (x.datum, x.id), reverse=newest)
        page = int(params.get("offset", 0) or 0)
        chosen = ordered[page * LIST_PAGE : (page + 1) * LIST_PAGE]
        if not chosen:
            return _error(404, "Не найдено")
        return {
            "data": [
                {
                    "id": str(x.id),
                    "datum": x.datum,
                    "title": x.title,
                    "email": x.email,
                    "phone": x.phone,
                    "status": str(x.status),
                    "statusName": STATUS_NAMES[x.status],
                    "user": 0,  # the list never says who (6.10)
                    "userName": "Не определен",
                }
                for x in chosen
            ]
        }


def _json(body: Any) -> web.Response:
    # the vendor's code answers 200 with its own JSON, whatever happened
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="application/json")
