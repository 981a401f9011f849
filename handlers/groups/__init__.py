"""Team groups: `/subscribe`, `/unsubscribe`, `/subscriptions` (bot admins only), and the
Take into work button of the lead posts the notifier sends there, and a group's move to a
new chat id when it becomes a supergroup."""

from __future__ import annotations

from aiogram import Router

from handlers.groups import claim, lifecycle, subscribe


def router() -> Router:
    r = Router(name="groups")
    r.include_routers(lifecycle.router(), subscribe.router(), claim.router())
    return r
