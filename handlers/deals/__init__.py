"""Deals from chat: `/deal` (find), the card and its buttons (stage, comment, tags,
history, reassign, close); the card's Task and Tasks buttons are in `handlers.tasks`."""

from __future__ import annotations

from aiogram import Router

from handlers.deals import card, close, dialogs, find, reassign, stage


def router() -> Router:
    r = Router(name="deals")
    r.include_routers(
        find.router(),
        card.router(),
        stage.router(),
        reassign.router(),
        close.router(),
        dialogs.router(),
    )
    return r
