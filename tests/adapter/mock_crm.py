"""A scripted Envybox on `httpx.MockTransport`: answers per endpoint, in order, recorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import httpx

from tests.adapter.payloads import MAIN_DATA

Answer = dict[str, Any] | httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Seen:
    method: str
    endpoint: str
    query: dict[str, str]
    body: dict[str, Any] | None


class MockEnvybox:
    """Answers each endpoint ("lead/get") with its scripted answers in turn; the last repeats."""

    def __init__(self) -> None:
        self.answers: dict[str, list[Answer]] = {"main/data": [MAIN_DATA]}
        self.seen: list[Seen] = []

    def on(self, endpoint: str, *answers: Answer) -> None:
        self.answers[endpoint] = list(answers)

    def calls(self, endpoint: str) -> list[Seen]:
        return [s for s in self.seen if s.endpoint == endpoint]

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        assert path.startswith("/openapi/v1/") and path.endswith("/"), path
        endpoint = path.removeprefix("/openapi/v1/").rstrip("/")
        body = json.loads(request.content) if request.content else None
        self.seen.append(
            Seen(request.method, endpoint, dict(parse_qsl(request.url.query.decode())), body)
        )
        script = self.answers.get(endpoint)
        if not script:
            raise AssertionError(f"unscripted endpoint {endpoint}")
        answer = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        if callable(answer):
            return answer(request)
        return httpx.Response(200, json=answer)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
