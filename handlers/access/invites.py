"""`/invite`: an admin picks an employee and gets a one-time link valid for 24 hours;
`/start inv_<code>` spends it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.crm.capabilities import Capability as C
from bot.i18n import Translator
from bot.staff.access import Access
from handlers.middlewares.gate import ADMIN, PUBLIC, needs
from handlers.ui.callbacks import InviteFor, InvitePage
from handlers.ui.keyboards import employee_picker
from handlers.ui.links import command_link
from handlers.ui.notify import edit, tell_displaced

INVITE_PREFIX = "inv_"  # /start inv_<code>


async def invite_link(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
) -> None:
    """`/start inv_<code>`: bind the opener as the invite's employee, once."""
    user = message.from_user
    assert user is not None
    code = (command.args or "").removeprefix(INVITE_PREFIX)
    outcome, employee, displaced = await access.redeem(code, user.id, user.full_name)
    if employee is None:
        await message.answer(i18n(f"invite.{outcome.value}"))
        return
    await message.answer(i18n("access.bound", employee=employee.name))
    await tell_displaced(message.bot, team_i18n, displaced)


async def _picker(i18n: Translator, access: Access, page: int) -> InlineKeyboardMarkup:
    snapshot = await access.employees()
    return employee_picker(
        i18n,
        snapshot.employees,
        page,
        lambda e: InviteFor(emp=e.key),
        lambda p: InvitePage(page=p),
        bound=await access.bound_keys(),
    )


async def invite(message: Message, i18n: Translator, access: Access) -> None:
    await message.answer(i18n("invite.pick"), reply_markup=await _picker(i18n, access, 0))


async def turn(
    query: CallbackQuery, callback_data: InvitePage, i18n: Translator, access: Access
) -> None:
    markup = await _picker(i18n, access, callback_data.page)
    if query.message is not None:
        await edit(
            query.bot, query.message.chat.id, query.message.message_id, i18n("invite.pick"), markup
        )
    await query.answer()


async def create(
    query: CallbackQuery,
    callback_data: InviteFor,
    i18n: Translator,
    access: Access,
    bot_username: str,
) -> None:
    invite, employee = await access.invite(query.from_user.id, callback_data.emp)
    link = f"https://t.me/{bot_username}?start={INVITE_PREFIX}{invite.code}"
    text = i18n("invite.link", employee=employee.name, link=link)
    if query.message is not None:
        await edit(query.bot, query.message.chat.id, query.message.message_id, text)
    await query.answer()


def router() -> Router:
    r = Router(name="invites")
    link = CommandStart(deep_link=True, magic=F.args.startswith(INVITE_PREFIX))
    r.message.register(invite_link, link, F.chat.type == "private", flags=PUBLIC)
    for typed in (Command("invite"), command_link("invite")):
        r.message.register(invite, typed, flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    r.callback_query.register(turn, InvitePage.filter(), flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    r.callback_query.register(create, InviteFor.filter(), flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    return r
