"""`/invite`: an admin picks an employee (or types their CRM id: `/invite <id>`, or after
`/invite` on a CRM that gives no employee list) and gets a one-time link valid for 24
hours; `/start inv_<code>` spends it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.crm.capabilities import Capability as C
from bot.i18n import Html, Translator
from bot.staff.access import Access
from handlers.access.typed import ANSWER, TypingId, ask_id, read_id
from handlers.middlewares.gate import ADMIN, PUBLIC, needs
from handlers.ui.callbacks import InviteFor, InvitePage
from handlers.ui.keyboards import employee_picker
from handlers.ui.links import command_link, typed_args
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


async def invite(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    i18n: Translator,
    access: Access,
    crm_name: str,
    bot_username: str,
) -> None:
    typed = typed_args(command)
    if typed:
        employee = await read_id(message, typed, i18n, access)
        if employee is not None:
            await _make(message, i18n, access, bot_username, employee.key)
        return
    if not access.directory.listed:
        question = await ask_id(state, TypingId.invite, i18n, crm_name)
        await message.answer(i18n("invite.whom") + " " + question)
        return
    await message.answer(i18n("invite.pick"), reply_markup=await _picker(i18n, access, 0))


async def typed_id(
    message: Message, state: FSMContext, i18n: Translator, access: Access, bot_username: str
) -> None:
    """The id typed after `/invite`."""
    employee = await read_id(message, message.text or "", i18n, access)
    if employee is not None:
        await state.clear()
        await _make(message, i18n, access, bot_username, employee.key)


async def _make(
    message: Message, i18n: Translator, access: Access, bot_username: str, employee_key: str
) -> None:
    assert message.from_user is not None
    await message.answer(
        await _link(i18n, access, bot_username, message.from_user.id, employee_key)
    )


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
    text = await _link(i18n, access, bot_username, query.from_user.id, callback_data.emp)
    if query.message is not None:
        await edit(query.bot, query.message.chat.id, query.message.message_id, text)
    await query.answer()


async def _link(
    i18n: Translator, access: Access, bot_username: str, admin_id: int, employee_key: str
) -> Html:
    invite, employee = await access.invite(admin_id, employee_key)
    link = f"https://t.me/{bot_username}?start={INVITE_PREFIX}{invite.code}"
    return i18n("invite.link", employee=employee.name, link=link)


def router() -> Router:
    r = Router(name="invites")
    link = CommandStart(deep_link=True, magic=F.args.startswith(INVITE_PREFIX))
    r.message.register(invite_link, link, F.chat.type == "private", flags=PUBLIC)
    for command in (Command("invite"), command_link("invite")):
        r.message.register(invite, command, flags=ADMIN)
    r.message.register(typed_id, TypingId.invite, *ANSWER, flags=ADMIN)
    r.callback_query.register(turn, InvitePage.filter(), flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    r.callback_query.register(create, InviteFor.filter(), flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    return r
