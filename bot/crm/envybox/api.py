"""Envybox OpenAPI v1 over HTTP: the API root, request encoding, one call → one wire model.

A POST carries its parameters as ``{"request": {...}}``, a GET in the query string; the key
is always a query parameter (added by the transport, never logged). Each answer goes through
the one error mapping (`bot.crm.envybox.errors`) and is validated as its wire model.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
from pydantic import BaseModel

from bot.crm.envybox.errors import is_readable_error, parse, payload_or_raise
from bot.crm.transport import answers
from bot.crm.transport.http import HttpTransport
from bot.phones import normalize_email, normalize_phone, phone_digits

M = TypeVar("M", bound=BaseModel)

API_PATH = "openapi/v1"
logger = logging.getLogger("bot.crm.envybox")


def api_root(base_url: str) -> str:
    """The API root for a CRM address as people know it, always ending in "/openapi/v1/".

    "https://x.envycrm.com", ".../", ".../openapi/v1" and ".../openapi/v1/" all give
    "https://x.envycrm.com/openapi/v1/".
    """
    return answers.api_root(base_url, API_PATH)


def wire_id(ident: str) -> int | str:
    """An id as the API's examples send it: a number when it is one."""
    return int(ident) if ident.isdigit() else ident


def wire_phone(phone: str) -> str:
    """Any phone as the digits Envybox shows ("79991234567")."""
    return phone_digits(normalize_phone(phone) or phone)


def wire_contacts(phone: str | None, email: str | None) -> dict[str, str]:
    """The phone/email search parameters; at least one is required."""
    contacts: dict[str, str] = {}
    if phone:
        contacts["phone"] = wire_phone(phone)
    if email:
        contacts["email"] = normalize_email(email) or email.strip()
    if not contacts:
        raise ValueError("a phone or an e-mail is required")
    return contacts


class EnvyboxApi:
    """Calls Envybox endpoints ("lead/get") and returns validated wire models."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timezone: ZoneInfo,
        timeout: float,
        client: httpx.AsyncClient | None,
        retries: int,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._tz = timezone
        self._http = HttpTransport(
            api_root(base_url),
            secret_params={"api_key": api_key},
            logger=logger,
            timeout=timeout,
            client=client,
            retries=retries,
            sleep=sleep,
            readable_error=is_readable_error,
        )

    async def close(self) -> None:
        await self._http.close()

    async def call(
        self,
        endpoint: str,
        model: type[M],
        request: Mapping[str, Any] | None = None,
        *,
        read: bool,
        get: bool = False,
    ) -> M:
        """`endpoint`'s answer as `model`; domain errors per `bot.crm.envybox.errors`.

        `read` allows retries after the request may have arrived (else it is a write: an
        answer that cannot be read is an unknown outcome); `get` sends a GET with the
        parameters in the query string.
        """
        body = dict(request or {})
        path = endpoint + "/"
        if get:
            response = await self._http.request("GET", path, read=read, params=body)
        else:
            response = await self._http.request("POST", path, read=read, json={"request": body})
        data = payload_or_raise(endpoint, response, body, write=not read)
        return parse(endpoint, model, data, self._tz, write=not read)
