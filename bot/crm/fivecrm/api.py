"""The 5CRM public API over HTTP: `GET` for reads and `POST` (a form-encoded body) for
writes, below the account's address. The tokens are ordinary parameters: `public_token`
on every call, `secret_token` on the employee list; both ride in the query string, which
the transport keeps out of every log line."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from bot.crm.fivecrm.errors import body_or_raise
from bot.crm.transport.http import HttpTransport

logger = logging.getLogger("bot.crm.fivecrm")


class FiveCrmApi:
    def __init__(
        self,
        base_url: str,
        public_token: str,
        secret_token: str | None,
        *,
        timeout: float,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.has_secret = bool(secret_token)
        self._secret = secret_token or ""
        self._http = HttpTransport(
            base_url.strip().rstrip("/") + "/",
            secret_params={"public_token": public_token},
            logger=logger,
            timeout=timeout,
            client=client,
            retries=retries,
            sleep=sleep,
        )

    async def close(self) -> None:
        await self._http.close()

    async def read(self, path: str, *, secret: bool = False) -> dict[str, Any]:
        params = {"secret_token": self._secret} if secret else None
        response = await self._http.request("GET", path, read=True, params=params)
        return body_or_raise(path, response, write=False, names={})

    async def write(
        self, path: str, params: Mapping[str, str], names: Mapping[str, str]
    ) -> dict[str, Any]:
        """POST `params` (only those with a value); `names`: API parameter → form field."""
        sent = {k: v for k, v in params.items() if v}
        response = await self._http.request("POST", path, read=False, data=sent)
        return body_or_raise(path, response, write=True, names=names)
