"""A raw-HTTP client of the sandbox for tests (no adapter): ``await api.post("lead/get", ...)``."""

from __future__ import annotations

from typing import Any

import httpx


class Api:
    def __init__(self, http: httpx.AsyncClient, api_key: str) -> None:
        self.http = http
        self.api_key = api_key

    async def post(self, path: str, /, **request: Any) -> tuple[int, dict[str, Any]]:
        r = await self.http.post(
            f"{path}/", params={"api_key": self.api_key}, json={"request": request}
        )
        return r.status_code, r.json()

    async def get(self, path: str, /, **query: Any) -> tuple[int, dict[str, Any]]:
        r = await self.http.get(f"{path}/", params={"api_key": self.api_key, **query})
        return r.status_code, r.json()

    async def ok(self, path: str, /, **request: Any) -> dict[str, Any]:
        """POST that must succeed; returns the body."""
        status, body = await self.post(path, **request)
        assert status == 200 and body["status_code"] == 200, (path, status, body)
        return body
