"""`/stats` for admins: each employee's leads this month, open and processed, as a table."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot import clock
from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.work.lead_search import employee_names
from handlers.middlewares.gate import ADMIN, needs
from handlers.ui.links import command_link

NAME_WIDTH = 22  # characters of a name in the table's first column


async def stats(message: Message, i18n: Translator, crm: CRM, settings: Settings) -> None:
    today = clock.now(settings.tz).date()
    start = today.replace(day=1)
    rows = await crm.lead_stats(start=start, end=today)
    period = f"{start:%d.%m}–{today:%d.%m.%Y}"
    if not rows:
        await message.answer(i18n("stats.none", period=period))
        return
    names = await employee_names(crm)
    ordered = sorted(rows, key=lambda r: (-r.open, -r.processed, r.employee_key))
    head = f"{i18n('stats.who'):<{NAME_WIDTH}} {i18n('stats.open'):>7} {i18n('stats.done'):>7}"
    lines = [head]
    for row in ordered:
        name = names.get(row.employee_key, row.employee_key)[:NAME_WIDTH]
        lines.append(f"{name:<{NAME_WIDTH}} {row.open:>7} {row.processed:>7}")
    total = i18n("stats.total")[:NAME_WIDTH]
    opened, done = sum(r.open for r in rows), sum(r.processed for r in rows)
    lines.append(f"{total:<{NAME_WIDTH}} {opened:>7} {done:>7}")
    table = escape("\n".join(lines), quote=False)
    await message.answer(Html(i18n("stats.title", period=period) + f"\n<pre>{table}</pre>"))


def router() -> Router:
    r = Router(name="leads.stats")
    flags = needs(C.LEAD_STATS, **ADMIN)
    r.message.register(stats, Command("stats"), flags=flags)
    r.message.register(stats, command_link("stats"), flags=flags)
    return r
