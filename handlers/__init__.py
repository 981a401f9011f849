"""aiogram routers, one module per area; `routers()` gives fresh ones in dispatch order."""

from __future__ import annotations

from aiogram import Router

from handlers import errors, start


def routers() -> list[Router]:
    return [errors.router(), start.router()]
