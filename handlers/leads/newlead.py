"""`/newlead`: name, phone, e-mail, comment (each checked, each skippable; a phone or an
e-mail required, checked as soon as both are skipped), a summary with Create, Edit (one
field) and Cancel, then the lead is created in the CRM."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.crm.capabilities import Capability as C
from bot.crm.models import NewLead
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.phones import format_phone, normalize_email, normalize_phone
from bot.staff.identity import Identity
from bot.work.desk import Desk
from bot.work.lead_search import leads_by_contact
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import (
    LeadOpen,
    NewLeadCancel,
    NewLeadCreate,
    NewLeadEdit,
    NewLeadField,
    NewLeadSkip,
)
from handlers.ui.dialogs import ANSWER
from handlers.ui.keyboards import button, single
from handlers.ui.links import command_link
from handlers.ui.notify import alert
from handlers.ui.notify import edit as edit_message

NAME_MAX = 100
COMMENT_MAX = 2000


class NewLeadDialog(StatesGroup):
    name = State()
    phone = State()
    email = State()
    comment = State()
    confirm = State()


STEPS = ("name", "phone", "email", "comment")


async def _ask(target: Message, state: FSMContext, i18n: Translator, step: str) -> None:
    await state.set_state(getattr(NewLeadDialog, step))
    await target.answer(
        i18n(f"newlead.ask_{step}"), reply_markup=single(i18n("newlead.skip"), NewLeadSkip())
    )


async def start(message: Message, state: FSMContext, i18n: Translator) -> None:
    await state.set_data({})
    await _ask(message, state, i18n, "name")


def _check(step: str, text: str) -> tuple[str | None, str | None]:
    """(the value to keep, or None; the catalog key of the error, or None)."""
    if step == "name":
        if not any(c.isalpha() for c in text):
            return None, "newlead.name_letters"
        return (text, None) if len(text) <= NAME_MAX else (None, "newlead.bad_name")
    if step == "phone":
        phone = normalize_phone(text)
        return (phone, None) if phone else (None, "newlead.bad_phone")
    if step == "email":
        email = normalize_email(text)
        return (email, None) if email else (None, "newlead.bad_email")
    return (text, None) if len(text) <= COMMENT_MAX else (None, "newlead.bad_comment")


async def answer_step(message: Message, state: FSMContext, i18n: Translator) -> None:
    current = await state.get_state()
    step = (current or "").rsplit(":", 1)[-1]
    text = (message.text or "").strip()
    if not text:
        await message.answer(i18n("newlead.not_text"))
        return
    value, error = (None, None) if text == "-" else _check(step, text)
    if error is not None:
        await message.answer(i18n(error, limit=NAME_MAX if step == "name" else COMMENT_MAX))
        return
    await state.update_data({step: value})
    await _next(message, state, i18n, step)


async def skip(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    current = await state.get_state()
    step = (current or "").rsplit(":", 1)[-1]
    if step not in STEPS or not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return
    await query.answer()
    await state.update_data({step: None})
    await _next(query.message, state, i18n, step)


async def _next(target: Message, state: FSMContext, i18n: Translator, step: str) -> None:
    """After a step: the contact rule as soon as it can fail, then the next step, or the
    summary (at the end, or after changing one field)."""
    data = await state.get_data()
    contacts_known = STEPS.index(step) >= STEPS.index("email") or data.get("editing")
    if contacts_known and not data.get("phone") and not data.get("email"):
        await target.answer(i18n("newlead.need_contact"))
        await _ask(target, state, i18n, "phone")
        return
    following = STEPS[STEPS.index(step) + 1 :]
    if following and not data.get("editing"):
        await _ask(target, state, i18n, following[0])
        return
    await state.set_state(NewLeadDialog.confirm)
    await target.answer(_summary(i18n, data), reply_markup=_summary_buttons(i18n))


def _summary(i18n: Translator, data: dict[str, Any]) -> Html:
    dash = "—"
    phone = data.get("phone")
    return i18n(
        "newlead.summary",
        name=data.get("name") or dash,
        phone=format_phone(phone) if phone else dash,
        email=data.get("email") or dash,
        comment=data.get("comment") or dash,
    )


def _summary_buttons(i18n: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                button(i18n("newlead.create"), NewLeadCreate()),
                button(i18n("newlead.edit"), NewLeadEdit()),
                button(i18n("newlead.cancel"), NewLeadCancel()),
            ]
        ]
    )


async def edit(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    """Which field to change: the summary's buttons become the fields."""
    rows = [[button(i18n(f"newlead.field_{step}"), NewLeadField(step=step))] for step in STEPS]
    if isinstance(query.message, Message):
        message = query.message
        markup = InlineKeyboardMarkup(inline_keyboard=rows)
        await edit_message(
            query.bot, message.chat.id, message.message_id, message.html_text, markup
        )
    await query.answer()


async def field(
    query: CallbackQuery, callback_data: NewLeadField, state: FSMContext, i18n: Translator
) -> None:
    if callback_data.step not in STEPS or not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return
    await query.answer()
    await state.update_data(editing=True)
    await _ask(query.message, state, i18n, callback_data.step)


async def cancel(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        message = query.message
        text = Html(message.html_text + "\n\n" + i18n("newlead.cancelled"))
        await edit_message(query.bot, message.chat.id, message.message_id, text)


async def create(
    query: CallbackQuery,
    state: FSMContext,
    i18n: Translator,
    desk: Desk,
    crm: CRM,
    identity: Identity,
) -> None:
    data = await state.get_data()
    lead = NewLead(**{k: data.get(k) for k in STEPS})
    created = await desk.create_lead(identity, lead)
    await state.clear()
    await query.answer()
    lead_id, key = created.effective_id, "newlead.created"
    if created.merged_into:
        key = "newlead.merged"
    if lead_id is None and C.FIND_LEADS in crm.capabilities:
        found = await leads_by_contact(crm, phone=lead.phone, email=lead.email)
        lead_id, key = (found[-1].id, "newlead.found") if found else (None, "newlead.no_id")
    elif lead_id is None:
        key = "newlead.sent"  # no number, and no search to find it by
    if not isinstance(query.message, Message):
        return
    if lead_id is None:
        await query.message.answer(i18n(key))
        return
    markup = None
    if C.GET_LEAD in crm.capabilities:
        markup = single(i18n("newlead.open"), LeadOpen(lead=lead_id))
    await query.message.answer(i18n(key, id=lead_id), reply_markup=markup)


def router() -> Router:
    r = Router(name="newlead")
    r.message.register(start, Command("newlead"), flags=needs(C.CREATE_LEAD))
    r.message.register(start, command_link("newlead"), flags=needs(C.CREATE_LEAD))
    r.message.register(
        answer_step,
        StateFilter(
            NewLeadDialog.name, NewLeadDialog.phone, NewLeadDialog.email, NewLeadDialog.comment
        ),
        ANSWER,
    )
    r.callback_query.register(skip, NewLeadSkip.filter())
    confirm = StateFilter(NewLeadDialog.confirm)
    r.callback_query.register(create, confirm, NewLeadCreate.filter(), flags=needs(C.CREATE_LEAD))
    r.callback_query.register(edit, confirm, NewLeadEdit.filter())
    r.callback_query.register(field, confirm, NewLeadField.filter())
    r.callback_query.register(cancel, confirm, NewLeadCancel.filter())
    return r
