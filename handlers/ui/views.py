"""Texts shared by every area: clipping, dates, how a deal is named."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.crm.models import Deal


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def deal_label(deal: Deal) -> str:
    """How a deal is named in a list: its name, else its client's, else its number."""
    client = deal.client.name if deal.client is not None else None
    return deal.name or client or deal.id


def when(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y %H:%M") if moment else "—"
