"""`/centers`: the CRM's centres by city (Go-CRM), each with its address, phone, e-mail
and time zone: a city picked from buttons (paged), then its centres in one message."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.phones import format_phone, normalize_phone
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import CentersCity, CentersPage
from handlers.ui.keyboards import button, nav_row, paged
from handlers.ui.links import command_link
from handlers.ui.notify import alert, edit
from handlers.ui.views import clip

SHOWN = 200  # characters of one centre's field


async def _cities(i18n: Translator, crm: CRM, page: int) -> tuple[Html, InlineKeyboardMarkup]:
    chunk, page, last = paged(await crm.cities(), page)
    rows = [[button(c.name, CentersCity(city=c.id))] for c in chunk]
    nav = nav_row(i18n, page, last, lambda p: CentersPage(page=p))
    if nav:
        rows.append(nav)
    return i18n("centers.ask_city"), InlineKeyboardMarkup(inline_keyboard=rows)


async def centers(message: Message, i18n: Translator, crm: CRM) -> None:
    text, markup = await _cities(i18n, crm, 0)
    await message.answer(text, reply_markup=markup)


async def turn(
    query: CallbackQuery, callback_data: CentersPage, i18n: Translator, crm: CRM
) -> None:
    text, markup = await _cities(i18n, crm, callback_data.page)
    if isinstance(query.message, Message):
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


async def city(
    query: CallbackQuery, callback_data: CentersCity, i18n: Translator, crm: CRM
) -> None:
    name = next((c.name for c in await crm.cities() if c.id == callback_data.city), None)
    if name is None or not isinstance(query.message, Message):
        await alert(query, i18n("button.stale"))
        return
    found = await crm.centers(callback_data.city)
    await query.answer()
    if not found:
        await query.message.answer(i18n("centers.none", city=name))
        return
    lines = [i18n("centers.title", city=name, count=len(found))]
    for center in found:
        phone = normalize_phone(center.phone) if center.phone else None
        contacts = [format_phone(phone) if phone else center.phone, center.email]
        lines.append(
            i18n(
                "centers.line",
                name=clip(center.name, SHOWN),
                contacts=clip(" · ".join(c for c in contacts if c) or "—", SHOWN),
                timezone=center.timezone or "—",
            )
        )
    await query.message.answer(Html("\n\n".join(lines)))


def router() -> Router:
    r = Router(name="leads.centers")
    can = needs(C.LIST_CENTERS)
    r.message.register(centers, Command("centers"), flags=can)
    r.message.register(centers, command_link("centers"), flags=can)
    r.callback_query.register(turn, CentersPage.filter(), flags=can)
    r.callback_query.register(city, CentersCity.filter(), flags=can)
    return r
