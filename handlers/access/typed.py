"""Naming an employee by typing their CRM id, for an admin on a CRM that gives the bot no
employee list: for an invite, to approve a request, to change a binding's employee.

The admin is asked in their private chat; the place is kept in the FSM storage, so it
survives a restart. An answer that cannot be an id (as the adapter's `employee_key` reads
ids) is answered and asked again; a command ends nothing and goes to its own handler.
"""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message
from magic_filter import MagicFilter

from bot.crm.models import Employee
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.errors import UnknownEmployee

TYPED_SHOWN = 40  # characters of a refused answer repeated back


class TypingId(StatesGroup):
    invite = State()
    request = State()  # data: {"req": the request's id}
    staff = State()  # data: {"uid": the bound Telegram user}


# an answer: a private chat's text that is not a command
ANSWER: tuple[MagicFilter, ...] = (F.chat.type == "private", F.text, ~F.text.startswith("/"))


async def ask_id(
    state: FSMContext, step: State, i18n: Translator, crm_name: str, **data: int
) -> Html:
    """Wait for the admin's typed id at `step` (with `data`); the question to show."""
    await state.set_state(step)
    await state.set_data(data)
    return i18n("employee.type_id", crm=crm_name)


async def read_id(
    message: Message, typed: str, i18n: Translator, access: Access
) -> Employee | None:
    """The employee whose id the admin `typed`, or None after saying why it is not one
    (the dialog stays where it is)."""
    typed = typed.strip()
    try:
        return await access.typed_employee(typed)
    except UnknownEmployee:
        await message.answer(i18n("employee.bad_id", typed=typed[:TYPED_SHOWN]))
        return None
