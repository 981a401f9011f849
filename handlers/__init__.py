"""aiogram routers, one package per area; `routers()` gives fresh ones in dispatch order.

Areas: `access` (binding, requests, invites, /staff), `leads` (/lead, /stats), `forms`
(/newlead, /newdeal, /newtask, /newcontact, /newcompany: one dialog for any form), `deals`
(/deal and its card), `tasks` (/tasks, the task dialog), `groups` (/subscribe, the Take
button of lead posts in team groups), and `core` (/start, /help, /whoami, /cancel,
/status, /alerts, fallback, error handlers). Shared pieces: `middlewares` (gate, typing)
and `ui` (callback data, keyboards, texts, sending).
"""

from __future__ import annotations

from aiogram import Router

from handlers import access, deals, forms, groups, leads, tasks
from handlers.core import alerts, errors, fallback, guess, history, start, status


def routers() -> list[Router]:
    # /start, /help, /whoami and /cancel come first, so "cancel" is never taken as a
    # dialog's answer; /start with a payload goes to the area that owns the deep link
    # (inv_, lead_, deal_), an unknown payload to the fallback. Errors propagate through
    # every router in this order: an area's own error handlers before the general ones.
    return [
        start.router(),
        access.router(),
        leads.router(),
        forms.router(),
        deals.router(),
        tasks.router(),
        groups.router(),
        history.router(),
        status.router(),
        alerts.router(),
        guess.router(),
        fallback.router(),
        errors.router(),
    ]
