"""The Go-CRM Public API v3 over HTTP, below `<CRM_URL>/api/v3/`: GET reads, and one
write, `POST /leads` with a JSON body. Its methods are public: the document shows no
authentication at all, so the bot sends none."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from bot.crm.gocrm.errors import envelope_or_raise
from bot.crm.transport import answers
from bot.crm.transport.http import HttpTransport

API_PATH = "api/v3"
logger = logging.getLogger("bot.crm.gocrm")


def api_root(base_url: str) -> str:
    """ ".../api/v3/" for the CRM's address in any of its forms."""
    return answers.api_root(base_url, API_PATH)


class GoCrmApi:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = HttpTransport(
            api_root(base_url),
            secret_params={},
            logger=logger,
            timeout=timeout,
            client=client,
            retries=retries,
            sleep=sleep,
        )

    async def close(self) -> None:
        await self._http.close()

    async def read(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        """The `data` of a GET."""
        response = await self._http.request("GET", path, read=True, params=params)
        return envelope_or_raise(path, response, write=False, names={}).get("data")

    async def write(self, path: str, body: Mapping[str, Any], names: Mapping[str, str]) -> Any:
        """The `data` of a POST of `body` as JSON; `names`: API field → form field."""
        response = await self._http.request("POST", path, read=False, json=dict(body))
        return envelope_or_raise(path, response, write=True, names=names).get("data")
