"""`/newlead`: name, phone, e-mail, comment (each checked, each skippable, a phone or an
e-mail required), a summary to confirm, then the lead is created in the CRM."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.crm.capabilities import Capability as C
from bot.crm.models import NewLead
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.phones import format_phone, normalize_email, normalize_phone
from bot.staff.identity import Identity
from bot.work.desk import Desk
from bot.work.lead_search import leads_by_contact
from handlers.middlewares.gate import needs
from handlers.ui.callbacks import LeadOpen, NewLeadCreate, NewLeadSkip
from handlers.ui.dialogs import ANSWER
from handlers.ui.keyboards import single
from handlers.ui.links import command_link

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
    await query.answer()
    if step not in STEPS or not isinstance(query.message, Message):
        return
    await state.update_data({step: None})
    await _next(query.message, state, i18n, step)


async def _next(target: Message, state: FSMContext, i18n: Translator, step: str) -> None:
    following = STEPS[STEPS.index(step) + 1 :]
    if following:
        await _ask(target, state, i18n, following[0])
        return
    data = await state.get_data()
    if not data.get("phone") and not data.get("email"):
        await target.answer(i18n("newlead.need_contact"))
        await _ask(target, state, i18n, "phone")
        return
    await state.set_state(NewLeadDialog.confirm)
    markup = single(i18n("newlead.create"), NewLeadCreate())
    await target.answer(_summary(i18n, data), reply_markup=markup)


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


async def create(
    query: CallbackQuery,
    state: FSMContext,
    i18n: Translator,
    desk: Desk,
    crm: CRM,
    identity: Identity,
) -> None:
    if await state.get_state() != NewLeadDialog.confirm.state:
        await query.answer(i18n("button.stale"))
        return
    data = await state.get_data()
    lead = NewLead(**{k: data.get(k) for k in STEPS})
    created = await desk.create_lead(identity, lead)
    await state.clear()
    await query.answer()
    lead_id, key = created.effective_id, "newlead.created"
    if created.merged_into:
        key = "newlead.merged"
    if lead_id is None:
        found = await leads_by_contact(crm, phone=lead.phone, email=lead.email)
        lead_id, key = (found[-1].id, "newlead.found") if found else (None, "newlead.no_id")
    if not isinstance(query.message, Message):
        return
    if lead_id is None:
        await query.message.answer(i18n(key))
        return
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
    r.callback_query.register(create, NewLeadCreate.filter(), flags=needs(C.CREATE_LEAD))
    return r
