"""Getting access: share one's own contact, or ask the admins (private chat only)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.i18n import Translator
from bot.phones import contact_phone, format_phone
from bot.staff.access import Access
from bot.staff.contact import ContactResult
from bot.staff.identity import Identity
from handlers.access.waiting import Arrivals, show_to_admins
from handlers.middlewares.gate import PUBLIC
from handlers.ui.callbacks import AskAccess
from handlers.ui.keyboards import ask_access
from handlers.ui.notify import alert, send


async def contact(message: Message, i18n: Translator, access: Access, identity: Identity) -> None:
    user = message.from_user
    shared = message.contact
    assert user is not None and shared is not None
    if shared.user_id != user.id:
        await message.answer(i18n("access.not_own_contact"))
        return
    phone = contact_phone(shared.phone_number)
    if phone is None:
        await message.answer(i18n("access.bad_phone"), reply_markup=ReplyKeyboardRemove())
        return
    outcome = await access.bind_by_contact(user.id, user.full_name, phone)
    if outcome.result is ContactResult.BOUND and outcome.employee is not None:
        await message.answer(
            i18n("access.bound", employee=outcome.employee.name), reply_markup=ReplyKeyboardRemove()
        )
        return
    key = {
        ContactResult.NO_MATCH: "access.no_match",
        ContactResult.AMBIGUOUS: "access.ambiguous",
        ContactResult.TAKEN: "access.taken",
        ContactResult.REVOKED: "access.revoked",
        ContactResult.NO_LIST: "access.no_list",
    }[outcome.result]
    await message.answer(i18n(key, phone=format_phone(phone)), reply_markup=ReplyKeyboardRemove())
    await message.answer(i18n("access.or_ask"), reply_markup=ask_access(i18n))


async def ask(
    query: CallbackQuery,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
    identity: Identity,
    arrivals: Arrivals,
) -> None:
    user = query.from_user
    if identity.employee_key is not None:
        await alert(query, i18n("access.already_bound"))
        return
    request, created = await access.request_access(user.id, user.full_name, user.username)
    if not created:
        await alert(query, i18n("access.request_pending"))
        return
    reached = await show_to_admins(query.bot, team_i18n, access, request)  # bot's language
    if not reached:  # the first admin to write gets it
        arrivals.waiting = True
    await query.answer()
    text = i18n("access.request_sent") if reached else i18n("access.request_no_admins")
    if query.message is not None:
        await send(query.bot, query.message.chat.id, text)


def router() -> Router:
    r = Router(name="onboarding")
    r.message.register(contact, F.contact, F.chat.type == "private", flags=PUBLIC)
    r.callback_query.register(ask, AskAccess.filter(), flags=PUBLIC)
    return r
