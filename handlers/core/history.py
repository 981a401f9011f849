"""The History button of a lead's or a deal's card: its log, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.models import Employee, LogEntry, Page
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from handlers.middlewares.gate import TEAM, needs
from handlers.ui.callbacks import History, HistoryPage
from handlers.ui.keyboards import button
from handlers.ui.notify import edit
from handlers.ui.views import clip, when

PAGE = 8  # entries a message
ENTRY_SHOWN = 300  # characters of each entry
AUTHOR_SHOWN = 80


def history_text(
    i18n: Translator,
    of: str,
    ident: str,
    page: Page[LogEntry],
    offset: int,
    employees: Sequence[Employee],
    tz: ZoneInfo,
) -> Html:
    if not page.items:
        return i18n(f"history.empty_{of}", id=ident)
    names = {e.key: e.name for e in employees}
    total = page.total if page.total is not None else offset + len(page.items)
    last = offset + len(page.items)
    lines = [i18n(f"history.title_{of}", id=ident, first=offset + 1, last=last, total=total)]
    for entry in page.items:
        author = clip(entry.author or names.get(entry.employee_key or "") or "—", AUTHOR_SHOWN)
        text = clip(entry.text, ENTRY_SHOWN) if entry.text else i18n("history.no_text")
        lines.append(i18n("history.line", at=when(entry.created_at, tz), author=author, text=text))
    return Html("\n\n".join(lines))


def history_buttons(
    i18n: Translator, of: str, ident: str, page: Page[LogEntry], offset: int
) -> InlineKeyboardMarkup | None:
    row = []
    if offset > 0:
        back = HistoryPage(of=of, id=ident, offset=max(offset - PAGE, 0))
        row.append(button(i18n("nav.prev"), back))
    if page.next_offset is not None:
        row.append(button(i18n("nav.next"), HistoryPage(of=of, id=ident, offset=page.next_offset)))
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


async def _history(
    i18n: Translator, crm: CRM, settings: Settings, of: str, ident: str, offset: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    offset = max(offset, 0)
    read = crm.lead_history if of == "lead" else crm.deal_history
    page = await read(ident, offset=offset, limit=PAGE)
    employees = await crm.employees() if C.LIST_EMPLOYEES in crm.capabilities else ()
    text = history_text(i18n, of, ident, page, offset, employees, settings.tz)
    return text, history_buttons(i18n, of, ident, page, offset)


async def history(
    query: CallbackQuery, callback_data: History, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    data = callback_data
    text, markup = await _history(i18n, crm, settings, data.of, data.id, data.offset)
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)
    await query.answer()


async def history_page(
    query: CallbackQuery,
    callback_data: HistoryPage,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    data = callback_data
    text, markup = await _history(i18n, crm, settings, data.of, data.id, data.offset)
    if isinstance(query.message, Message):
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


def router() -> Router:
    r = Router(name="history")
    for of, capability in (("lead", C.LEAD_HISTORY), ("deal", C.DEAL_HISTORY)):
        flags = needs(capability, **TEAM)
        r.callback_query.register(history, History.filter(F.of == of), flags=flags)
        r.callback_query.register(history_page, HistoryPage.filter(F.of == of), flags=flags)
    return r
