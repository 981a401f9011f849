"""SalesMan API 2.0 over HTTP: `POST <CRM_URL>/developer/v2/<method>` with a JSON body
holding `action` and the parameters (in JSON mode the query string is not read at all),
and the headers `Content-Type: application/json` (exactly: with a charset the CRM falls
back to form parsing and refuses the login), `login` and `apikey`.

The `login` header names the CRM user the call acts as: the bound employee's login for
staff, `CRM_LOGIN` for the bot's own work. Both headers stay out of every log line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from bot.crm.acting import acting_employee
from bot.crm.salesman.errors import body_or_raise
from bot.crm.transport import answers
from bot.crm.transport.http import HttpTransport

API_PATH = "developer/v2"
logger = logging.getLogger("bot.crm.salesman")


def api_root(base_url: str) -> str:
    """ ".../developer/v2/" for the CRM's address in any of its forms."""
    return answers.api_root(base_url, API_PATH)


class SalesmanApi:
    def __init__(
        self,
        base_url: str,
        login: str,
        api_key: str,
        *,
        timeout: float,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.login = login
        self._key = api_key
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

    async def call(
        self,
        method: str,
        action: str,
        params: Mapping[str, Any] | None = None,
        *,
        read: bool,
        login: str | None = None,
        as_bot: bool = False,
    ) -> Any:
        """The decoded body of `method`'s `action`; `read` allows retries after the
        request may have arrived. It acts as `login`, else as the employee this update is
        handled for (`bot.crm.acting`), else, or with `as_bot`, as CRM_LOGIN."""
        body = {"action": action, **(params or {})}
        acting = login or (None if as_bot else acting_employee()) or self.login
        headers = {"login": acting, "apikey": self._key}
        response = await self._http.request("POST", method, read=read, json=body, headers=headers)
        return body_or_raise(f"{method} {action}", response, write=not read)
