"""aiogram routers, one module per area; `routers()` gives fresh ones in dispatch order."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    deals,
    errors,
    fallback,
    invites,
    leads,
    newlead,
    onboarding,
    requests,
    staff,
    start,
    tasks,
)


def routers() -> list[Router]:
    # Errors propagate through every router in this order, so the general error
    # handlers come last and a router's own, more specific ones are tried first.
    return [
        start.router(),
        onboarding.router(),
        requests.router(),
        invites.router(),
        staff.router(),
        leads.router(),
        newlead.router(),
        tasks.router(),
        deals.router(),
        fallback.router(),
        errors.router(),
    ]
