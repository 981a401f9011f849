"""aiogram's Response[T] classes are built once and kept, not rebuilt after collection."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from aiogram import Bot
from aiogram.methods import GetMe, Response

from bot.runtime.response_types import ResponseTypes


async def test_parametrised_response_class_survives_collection() -> None:
    keeper = ResponseTypes()

    async def make_request(bot: Bot, method: Any) -> Any:
        return "answered"

    bot = Bot("123:abc")
    try:
        assert await keeper(make_request, bot, GetMe()) == "answered"
    finally:
        await bot.session.close()
    held = weakref.ref(Response[GetMe.__returning__])  # type: ignore[name-defined]
    gc.collect()
    assert held() is not None  # without the keeper pydantic lets it go and builds it anew
