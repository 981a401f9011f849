"""Keeps aiogram's parametrised `Response[T]` classes alive.

aiogram checks every Bot API answer with `Response[method.__returning__]`. pydantic holds
parametrised generic classes only weakly, so once collected they are built again, schema
and all: in the benchmark (100 users at once) that rebuilding took 5.9 s of 50 s of CPU.
This request middleware builds each one once and holds it, so later checks hit pydantic's
cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot


class ResponseTypes(BaseRequestMiddleware):
    def __init__(self) -> None:
        self._held: dict[Any, type] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._held:
            self._held[returning] = Response[returning]  # type: ignore[valid-type]
        return await make_request(bot, method)
