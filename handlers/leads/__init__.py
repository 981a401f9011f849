"""Leads from chat: `/lead` (find), its card's buttons (take, assign, comment), and
`/stats` (admins), `/centers`; `/newlead` is a form (`handlers.forms`)."""

from __future__ import annotations

from aiogram import Router

from handlers.leads import actions, centers, comment, find, stats


def router() -> Router:
    r = Router(name="leads")
    r.include_routers(
        find.router(), actions.router(), comment.router(), stats.router(), centers.router()
    )
    return r
