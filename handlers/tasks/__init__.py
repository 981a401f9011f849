"""Tasks from chat: the deal card's Task dialog and Tasks list, and `/tasks`."""

from __future__ import annotations

from aiogram import Router

from handlers.tasks import dialog, done, lists


def router() -> Router:
    r = Router(name="tasks")
    r.include_routers(lists.router(), dialog.router(), done.router())
    return r
