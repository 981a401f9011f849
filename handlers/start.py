"""`/start` (with invite deep links), `/help`, `/whoami` and `/cancel`: open to everyone."""

from __future__ import annotations

from contextlib import suppress

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from bot.access import Access, Identity
from bot.config import Settings
from bot.crm.base import CRM, CRMError
from bot.i18n import Html, Translator
from handlers import views
from handlers.deals import send_deal_card
from handlers.gate import PUBLIC
from handlers.keyboards import ask_access, share_contact
from handlers.leads import send_lead_card
from handlers.menu import available
from handlers.notify import tell_displaced

INVITE_PREFIX = "inv_"
CARD_LINK = r"^(deal|lead)_\d{1,12}$"


async def start(message: Message, i18n: Translator, crm_name: str, identity: Identity) -> None:
    user = message.from_user
    assert user is not None
    if identity.employee_key is not None:
        await message.answer(i18n("start.greeting", name=user.first_name, crm_name=crm_name))
        return
    if message.chat.type != "private":
        await message.answer(i18n("access.private_only"))
        return
    await message.answer(
        i18n("access.welcome", name=user.first_name), reply_markup=share_contact(i18n)
    )
    await message.answer(i18n("access.or_ask"), reply_markup=ask_access(i18n))


async def invite_link(
    message: Message, command: CommandObject, i18n: Translator, access: Access
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
    await tell_displaced(message.bot, i18n, displaced)


async def card_link(
    message: Message,
    command: CommandObject,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    identity: Identity,
) -> None:
    """`/start deal_<id>` or `/start lead_<id>`: the card, for staff (the gate checks)."""
    kind, _, ident = (command.args or "").partition("_")
    if kind == "deal":
        await send_deal_card(
            message, ident, i18n=i18n, crm=crm, settings=settings, identity=identity
        )
    else:
        await send_lead_card(message, ident, i18n=i18n, crm=crm, settings=settings)


async def help_(message: Message, i18n: Translator, crm: CRM, identity: Identity) -> None:
    lines = [i18n("help.title")]
    lines += [
        i18n("help.line", command=c.name, description=i18n(f"cmd.{c.name}"))
        for c in available(crm.capabilities, admin=identity.is_admin)
    ]
    lines.append(i18n("help.crm", crm_kind=crm.kind))
    if identity.employee_key is None:
        lines.append(i18n("help.no_access"))
    await message.answer(Html("\n".join(lines)))


async def whoami(message: Message, i18n: Translator, identity: Identity, access: Access) -> None:
    employee = None
    if identity.binding is not None:
        with suppress(CRMError):  # who you are in the bot is worth showing without the CRM
            employee = (await access.employees()).get(identity.binding.employee_key)
    await message.answer(views.whoami(i18n, identity, employee))


async def cancel(message: Message, state: FSMContext, i18n: Translator) -> None:
    if await state.get_state() is None:
        await message.answer(i18n("cancel.nothing"), reply_markup=ReplyKeyboardRemove())
        return
    await state.clear()
    await message.answer(i18n("cancel.done"), reply_markup=ReplyKeyboardRemove())


def router() -> Router:
    r = Router(name="start")
    cards = F.args.regexp(CARD_LINK)
    r.message.register(card_link, CommandStart(deep_link=True, magic=cards))  # staff only
    invite = CommandStart(deep_link=True, magic=F.args.startswith(INVITE_PREFIX))
    r.message.register(invite_link, invite, F.chat.type == "private", flags=PUBLIC)
    r.message.register(start, CommandStart(), flags=PUBLIC)
    r.message.register(help_, Command("help"), flags=PUBLIC)
    r.message.register(whoami, Command("whoami"), flags=PUBLIC)
    r.message.register(cancel, Command("cancel"), flags=PUBLIC)
    r.message.register(cancel, F.text.casefold().in_({"отмена", "cancel"}), flags=PUBLIC)
    return r
