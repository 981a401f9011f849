"""Leads from chat: `/lead` (find), its card's buttons (take, assign, comment), `/newlead`,
and `/stats` (admins)."""

from __future__ import annotations

from aiogram import Router

from handlers.leads import actions, comment, find, newlead, stats


def router() -> Router:
    r = Router(name="leads")
    r.include_routers(
        find.router(), actions.router(), comment.router(), newlead.router(), stats.router()
    )
    return r
