"""Staff access from chat: binding by contact, requests to admins, invites, /staff."""

from __future__ import annotations

from aiogram import Router

from handlers.access import invites, onboarding, requests, staff, waiting


def router() -> Router:
    r = Router(name="access")
    r.include_routers(
        invites.router(),
        onboarding.router(),
        requests.router(),
        waiting.router(),
        staff.router(),
    )
    return r
