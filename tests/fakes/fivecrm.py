"""A 5CRM public API ("API for integrators", beta) emulator on loopback, written from the
reference (`5crm.md`): eight paths, tokens as ordinary parameters (query string or form
body), the documented validation rules, and `{"ans": "true"}` with no id for every write.

What the document leaves out is chosen here and marked as a guess (the reference's notes
for emulator authors): a wrong or missing `public_token` is HTTP 401 and a wrong
`secret_token` HTTP 403, each `{"ans": "false", "message": ...}`; a broken rule is a
Laravel-style HTTP 422 `{"message": ..., "errors": {field: [text]}}`. `managers/get`
sends phones as numbers, as its example does. `fail(path, status, body)` answers the next
call of `path` with anything (an HTML page, `{"ans": "false"}`...).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

PUBLIC_TOKEN = "5crm-public-token"
SECRET_TOKEN = "5crm-secret-token"

MANAGERS = (
    {"id": 11, "name": "Анна Смирнова", "phone": 79161110001, "email": "anna@5crm.test"},
    {"id": 12, "name": "Иван Петров", "phone": "8 916 111-00-02", "email": "ivan@5crm.test"},
)
FUNNELS = (
    {
        "id": 1,
        "name": "Продажи",
        "is_default": "true",
        "stages": [
            {"id": 101, "name": "Новая", "order": 1},
            {"id": 102, "name": "Переговоры", "order": 2},
            {"id": 103, "name": "Договор", "order": 3},
        ],
    },
    {
        "id": 2,
        "name": "Сервис",
        "is_default": "false",
        "stages": [{"id": 201, "name": "Заявка", "order": 1}],
    },
)
CUSTOM_FIELDS = (
    {"type": "text", "name": "ИНН клиента", "field": "f_1"},
    {"type": "text", "name": "Откуда узнали", "field": "f_2"},
)

_STRING = 255
RULES: dict[str, dict[str, int | str]] = {  # parameter → max length, or "integer"
    "ctm/form/send": {
        **{k: _STRING for k in ("email", "phone", "name", "guid", "gaid")},
        **{f"utm_{k}": _STRING for k in ("source", "campaign", "medium", "term", "content")},
        "sum": "integer",
        "description": 500,
    },
    "public/deal/add": {
        **{k: "integer" for k in ("stage_id", "funnel_id", "author_id", "manager_id")},
        **{k: "integer" for k in ("status_id", "type_id", "source_id", "sum", "sum_original")},
        **{k: _STRING for k in ("name", "website", "comment", "gaid", "email", "phone")},
        "client_name": _STRING,
        "description": 500,
        **{f"f_{n}": _STRING for n in range(1, 51)},
    },
    "public/contact/add": {
        **{k: _STRING for k in ("name", "surname", "middlename", "phone", "phone_second")},
        **{k: _STRING for k in ("email", "email_second", "position", "website", "city")},
        **{k: "integer" for k in ("company_id", "manager_id", "author_id")},
    },
    "public/task/add": {
        **{k: "integer" for k in ("manager_id", "author_id", "type_id", "status_id")},
        **{k: "integer" for k in ("priority_id", "estimate_hour", "estimate_minute")},
        "estimate_day": "integer",
        "name": _STRING,
        "description": 1000,
        "date_expired": 10_000,
    },
    "public/company/add": {
        **{k: _STRING for k in ("name", "phone", "email", "city", "website")},
        **{k: "integer" for k in ("manager_id", "author_id")},
    },
}
WRITES = tuple(RULES)


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)


class FiveCrmServer(LoopbackServer):
    def __init__(self, public_token: str = PUBLIC_TOKEN, secret_token: str = SECRET_TOKEN) -> None:
        super().__init__()
        self.public_token = public_token
        self.secret_token = secret_token
        self.records: dict[str, list[dict[str, str]]] = {path: [] for path in WRITES}
        self.calls: list[Call] = []
        self._faults: dict[str, tuple[int, str, bool]] = {}

    def fail(self, path: str, status: int, body: str, *, stored: bool = False) -> None:
        """The next call of `path` answers `status` with `body` (as the API would);
        `stored`: the write is stored all the same, its answer lost in an error page."""
        self._faults[path] = (status, body, stored)

    def sent(self, path: str) -> list[dict[str, str]]:
        """What the writes of `path` stored, without the tokens."""
        return self.records[path]

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{path:.+}", self._handle)

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["path"].strip("/")
        params = {k: v for k, v in request.query.items()}
        if request.method == "POST":
            if request.content_type == "application/json":
                body = await request.json()
                params.update(
                    {k: str(v) for k, v in body.items()} if isinstance(body, dict) else {}
                )
            else:
                params.update({k: str(v) for k, v in (await request.post()).items()})
        self.calls.append(Call(request.method, path, dict(params)))
        fault = self._faults.pop(path, None)
        if fault is not None:
            status, text, stored = fault
            if stored:
                self.records[path].append({k: v for k, v in params.items() if "token" not in k})
            return web.Response(status=status, text=text, content_type="application/json")
        allowed = {"ctm/form/send": ("GET", "POST")}.get(
            path, ("POST",) if path in WRITES else ("GET",)
        )
        known = path in WRITES or path in READS
        if not known or request.method not in allowed:
            return web.Response(status=404, text="<h1>Not Found</h1>", content_type="text/html")
        if params.pop("public_token", "") != self.public_token:  # a guess: undocumented
            return _json({"ans": "false", "message": "Invalid public token"}, 401)
        if path == "public/managers/get":
            if params.pop("secret_token", "") != self.secret_token:  # a guess: undocumented
                return _json({"ans": "false", "message": "Invalid secret token"}, 403)
            return _json({"ans": "true", "managers": list(MANAGERS)})
        if path == "public/funnels/get":
            return _json({"ans": "true", "funnels": list(FUNNELS)})
        if path == "public/deal/get-custom-fields":
            return _json({"ans": "true", "fields": list(CUSTOM_FIELDS)})
        errors = _broken(RULES[path], params)
        if errors:  # a guess: Laravel's validation failure
            return _json({"message": "The given data was invalid.", "errors": errors}, 422)
        self.records[path].append(params)
        return _json({"ans": "true"})


READS = ("public/managers/get", "public/funnels/get", "public/deal/get-custom-fields")


def _broken(rules: dict[str, int | str], params: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in params.items():
        rule = rules.get(name)
        if rule == "integer" and not value.lstrip("-").isdigit():
            errors[name] = [f"The {name.replace('_', ' ')} must be an integer."]
        elif isinstance(rule, int) and len(value) > rule:
            errors[name] = [
                f"The {name.replace('_', ' ')} may not be greater than {rule} characters."
            ]
    return errors


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )
