"""A Go-CRM Public API v3 emulator on loopback, written from the reference (`gocrm.md`):
the eight routes under `/api/v3`, no authentication, every answer the `ApiResponse`
envelope (`status`, `message`, `validation_errors`, `data`), ids as strings while
`cityId`, `firmId`, `way_id` and `position` are numbers, coordinates as strings.

`POST /leads` checks `name`, `phone`, `center_id` and `birthday` (`YYYY-MM-DD` or
`DD.MM.YYYY`, returned as `YYYY-MM-DD`); a failure answers `message: "Validation error"`,
`validation_errors` {field: "The <field> field is required."} and the sent object as
`data`. What the document leaves out is chosen here and marked as a guess: the failure's
`status` is "error" with HTTP 422, and an unknown `{id}` is HTTP 404 with status "error".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

CITIES = (
    {
        "id": "1",
        "alias": "chelyabinsk",
        "name": "Челябинск",
        "site": "https://chel.example",
        "countryId": 20,
        "mobileAppWayId": 423,
    },
    {
        "id": "2",
        "alias": "perm",
        "name": "Пермь",
        "site": "https://perm.example",
        "countryId": 20,
        "mobileAppWayId": 424,
    },
)
CENTERS = (
    {
        "id": "11",
        "city": "Челябинск",
        "cityAlias": "chelyabinsk",
        "centerAlias": "forest",
        "address": "ул. Лесная, д.3",
        "phone": "+79876543210",
        "email": "forest@gocrm.test",
        "cityId": 1,
        "firmId": 5,
        "timezone": "Asia/Yekaterinburg",
        "description": "",
        "latitude": "55.1",
        "longitude": "61.4",
        "siteStatus": 1,
    },
    {
        "id": "12",
        "city": "Челябинск",
        "cityAlias": "chelyabinsk",
        "centerAlias": "river",
        "address": "пр. Речной, 10",
        "phone": "+79876543211",
        "email": "river@gocrm.test",
        "cityId": 1,
        "firmId": 5,
        "timezone": "Asia/Yekaterinburg",
        "description": "",
        "latitude": "55.2",
        "longitude": "61.3",
        "siteStatus": 1,
    },
    {
        "id": "21",
        "city": "Пермь",
        "cityAlias": "perm",
        "centerAlias": "kama",
        "address": "ул. Камская, 1",
        "phone": "+73422000000",
        "email": "kama@gocrm.test",
        "cityId": 2,
        "firmId": 5,
        "timezone": "Asia/Yekaterinburg",
        "description": "",
        "latitude": "58.0",
        "longitude": "56.2",
        "siteStatus": 1,
    },
)
USERS = (
    {
        "id": "101",
        "login": "anna.s",
        "name": "Анна",
        "displayName": "Анна Смирнова",
        "isDisplay": True,
        "position": 3,
        "centerId": 11,
    },
    {
        "id": "102",
        "login": "ivan.p",
        "name": "Иван",
        "displayName": "Иван Петров",
        "isDisplay": True,
        "position": 4,
        "centerId": 12,
    },
    {
        "id": "103",
        "login": "boss",
        "name": "Олег",
        "displayName": "",
        "isDisplay": False,
        "position": 2,
        "centerId": 21,
    },
)
REQUIRED = ("name", "phone", "center_id", "birthday")
_DOTTED = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Call:
    method: str
    path: str
    body: Any = None
    query: dict[str, str] = field(default_factory=dict)


def _center(ident: str) -> dict[str, Any] | None:
    return next((dict(c) for c in CENTERS if c["id"] == ident), None)


class GoCrmServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.leads: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self._faults: dict[str, tuple[int, str]] = {}

    def fail(self, path: str, status: int, body: str) -> None:
        """The next call of `path` (like "/leads") answers `status` with `body`."""
        self._faults[path] = (status, body)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/v3/{path:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"].strip("/")
        body = None
        if request.method == "POST":
            try:
                body = json.loads(await request.text())
            except ValueError:
                body = None
        self.calls.append(Call(request.method, path, body, dict(request.query)))
        fault = self._faults.pop(path, None)
        if fault is not None:
            return web.Response(status=fault[0], text=fault[1], content_type="application/json")
        parts = path.strip("/").split("/")
        if request.method == "POST" and path == "/leads":
            return self._lead(body if isinstance(body, dict) else {})
        if request.method != "GET":
            return _missing()
        if parts == ["cities"]:
            return _ok(list(CITIES))
        if parts[0] == "cities" and len(parts) == 2:
            city = next((dict(c) for c in CITIES if c["id"] == parts[1]), None)
            return _ok(city) if city else _missing()
        if parts[0] == "cities" and len(parts) == 3 and parts[2] == "centers":
            return _ok([dict(c) for c in CENTERS if str(c["cityId"]) == parts[1]])
        if parts[0] == "centers" and len(parts) == 2:
            center = _center(parts[1])
            return _ok(center) if center else _missing()
        if parts == ["users"]:
            return _ok(self._users(request.query))
        if parts == ["firms"]:
            return _ok([{"id": "5", "nameFirm": 'ООО "Зелёный лес"'}])
        return _missing()

    def _users(self, query: Any) -> list[dict[str, Any]]:
        found = []
        for user in USERS:
            if query.get("centerId") and str(user["centerId"]) != query["centerId"]:
                continue
            if query.get("position") and str(user["position"]) != query["position"]:
                continue
            if query.get("isDisplay") in ("true", "1") and not user["isDisplay"]:
                continue
            found.append({**user, "center": _center(str(user["centerId"]))})
        return found

    def _lead(self, sent: dict[str, Any]) -> web.Response:
        errors = {
            k: f"The {k.replace('_', ' ')} field is required."
            for k in REQUIRED
            if not str(sent.get(k) or "").strip()
        }
        birthday = str(sent.get("birthday") or "")
        dotted = _DOTTED.match(birthday)
        if birthday and not dotted and not _ISO.match(birthday):
            errors["birthday"] = "The birthday does not match the format Y-m-d."
        if sent.get("center_id") and _center(str(sent["center_id"])) is None:
            errors["center_id"] = "The selected center id is invalid."
        if errors:  # the status and the HTTP code are guesses: undocumented
            body = {
                "status": "error",
                "message": "Validation error",
                "validation_errors": errors,
                "data": sent,
            }
            return _json(body, 422)
        stored = {k: v for k, v in sent.items() if k not in ("utm", "bot")}
        stored["birthday"] = f"{dotted[3]}-{dotted[2]}-{dotted[1]}" if dotted else birthday
        stored["id"] = str(12345 + len(self.leads))
        stored["status"] = "bid"
        self.leads.append(stored)
        return _json({"status": "success", "message": "", "validation_errors": {}, "data": stored})


def _ok(data: Any) -> web.Response:
    return _json({"status": "success", "message": "", "data": data})


def _missing() -> web.Response:  # a guess: undocumented
    return _json({"status": "error", "message": "Not found", "data": {}}, 404)


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )
