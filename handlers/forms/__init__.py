"""Creating records from chat: one command per form the CRM's adapter offers (`/newlead`,
`/newdeal`, `/newtask`, `/newcontact`, `/newcompany`), all run by one dialog (`runner`,
`submit`, `views`, `state`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.config import Settings
from bot.crm.forms import Creation
from bot.crm.protocol import CRM
from bot.i18n import Translator
from handlers.forms import buttons, runner, submit
from handlers.forms.state import FormDialog
from handlers.middlewares.gate import needs
from handlers.ui.dialogs import ANSWER
from handlers.ui.form_callbacks import (
    FormBack,
    FormCancel,
    FormChange,
    FormCreate,
    FormEdit,
    FormPage,
    FormPick,
    FormSkip,
)
from handlers.ui.links import command_link

COMMANDS: dict[Creation, str] = {
    Creation.LEAD: "newlead",
    Creation.DEAL: "newdeal",
    Creation.TASK: "newtask",
    Creation.CONTACT: "newcontact",
    Creation.COMPANY: "newcompany",
}


def _starter(
    creates: Creation,
) -> Callable[[Message, FSMContext, Translator, CRM, Settings], Awaitable[None]]:
    async def start(
        message: Message, state: FSMContext, i18n: Translator, crm: CRM, settings: Settings
    ) -> None:
        await runner.begin(message, creates, state, i18n, crm, settings)

    return start


def router() -> Router:
    r = Router(name="forms")
    for creates, command in COMMANDS.items():
        start = _starter(creates)
        r.message.register(start, Command(command), flags=needs(creates.capability))
        r.message.register(start, command_link(command), flags=needs(creates.capability))
    asking, confirm = StateFilter(FormDialog.field), StateFilter(FormDialog.confirm)
    r.message.register(runner.typed, asking, ANSWER)
    r.callback_query.register(buttons.skip, asking, FormSkip.filter())
    r.callback_query.register(buttons.back, asking, FormBack.filter())
    r.callback_query.register(buttons.pick, asking, FormPick.filter())
    r.callback_query.register(buttons.turn, asking, FormPage.filter())
    r.callback_query.register(submit.create, confirm, FormCreate.filter())
    r.callback_query.register(submit.edit_fields, confirm, FormEdit.filter())
    r.callback_query.register(buttons.change, confirm, FormChange.filter())
    r.callback_query.register(submit.cancel, confirm, FormCancel.filter())
    r.callback_query.register(submit.pressed_again, FormCreate.filter())  # the dialog is over
    return r
