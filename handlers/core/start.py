"""`/start`, `/help`, `/whoami` and `/cancel`: open to everyone (deep links are the areas' own)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from bot.config import CRMKind, Settings
from bot.crm.capabilities import Capability as C
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.identity import Identity
from handlers.access import views
from handlers.core.menu import available
from handlers.middlewares.gate import PRIVATE, PUBLIC
from handlers.ui.keyboards import ask_access, share_contact
from handlers.ui.links import command_link


async def start(
    message: Message, i18n: Translator, crm: CRM, crm_name: str, identity: Identity
) -> None:
    user = message.from_user
    assert user is not None
    if identity.employee_key is not None:
        await message.answer(i18n("start.greeting", name=user.first_name, crm_name=crm_name))
        return
    if message.chat.type != "private":
        await message.answer(i18n("access.private_only"))
        return
    if C.LIST_EMPLOYEES not in crm.capabilities:  # no list to match a phone against
        welcome = i18n("access.welcome_unlisted", name=user.first_name)
        await message.answer(welcome, reply_markup=ask_access(i18n))
        return
    await message.answer(
        i18n("access.welcome", name=user.first_name), reply_markup=share_contact(i18n)
    )
    await message.answer(i18n("access.or_ask"), reply_markup=ask_access(i18n))


async def help_(
    message: Message,
    i18n: Translator,
    crm: CRM,
    identity: Identity,
    settings: Settings,
    crm_name: str,
) -> None:
    lines = [i18n("help.title")]
    lines += [
        i18n("help.line", command=c.name, description=i18n(f"cmd.{c.name}"))
        for c in available(crm.capabilities, admin=identity.is_admin)
    ]
    if settings.crm_kind is CRMKind.SANDBOX:
        lines.append(i18n("help.crm_sandbox"))
    else:
        lines.append(i18n("help.crm", crm_name=crm_name, crm_kind=crm.kind))
    can = crm.capabilities
    if C.LIST_TASKS in can and C.COMPLETE_TASK not in can:
        lines.append(i18n("help.no_task_closing"))
    if identity.employee_key is None:
        lines.append(i18n("help.no_access"))
    await message.answer(Html("\n".join(lines)))


async def whoami(message: Message, i18n: Translator, identity: Identity, access: Access) -> None:
    binding = identity.binding
    employee = access.known_employee(binding.employee_key) if binding is not None else None
    await message.answer(views.whoami(i18n, identity, employee))


async def cancel(message: Message, state: FSMContext, i18n: Translator) -> None:
    if await state.get_state() is None:
        await message.answer(i18n("cancel.nothing"), reply_markup=ReplyKeyboardRemove())
        return
    await state.clear()
    await message.answer(i18n("cancel.done"), reply_markup=ReplyKeyboardRemove())


def router() -> Router:
    r = Router(name="start")
    r.message.register(start, CommandStart(deep_link=False), flags=PUBLIC)
    r.message.register(help_, Command("help"), flags=PUBLIC)
    r.message.register(whoami, Command("whoami"), flags={**PUBLIC, **PRIVATE})
    r.message.register(whoami, command_link("whoami"), flags={**PUBLIC, **PRIVATE})
    r.message.register(cancel, Command("cancel"), flags=PUBLIC)
    r.message.register(cancel, F.text.casefold().in_({"отмена", "cancel"}), flags=PUBLIC)
    return r
