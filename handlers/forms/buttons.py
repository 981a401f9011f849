"""The buttons under a form's question (`handlers.forms.runner`): Skip, Back, a choice and
its pages, and on the summary the field to change. Each acts only on the question it was
sent with: a button of an earlier question says so and changes nothing."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.forms import FieldKind, Form, FormField
from bot.crm.protocol import CRM
from bot.i18n import Translator
from handlers.forms.runner import ask_field, current, earlier, next_field, question
from handlers.forms.state import Progress, load, save
from handlers.ui.form_callbacks import FormBack, FormChange, FormPage, FormPick, FormSkip
from handlers.ui.notify import alert, edit


async def _pressed(
    query: CallbackQuery, state: FSMContext, i18n: Translator, crm: CRM, at: int
) -> tuple[Message, Form, Progress, FormField] | None:
    """The form a button of the question at `at` belongs to, where it is; None after
    telling the user that the dialog is over, or that the button is an earlier question's."""
    found = await current(state, crm)
    if found is None or not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return None
    form, _, field = found
    if form.position(field.key) != at:
        await alert(query, i18n("form.stale"))
        return None
    return (query.message, *found)


async def skip(
    query: CallbackQuery,
    callback_data: FormSkip,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    found = await _pressed(query, state, i18n, crm, callback_data.at)
    if found is None:
        return
    message, form, progress, field = found
    if field.required:
        await alert(query, i18n("form.required"))
        return
    await query.answer()
    progress.answer(field.key, None)
    await next_field(message, state, i18n, crm, settings, form, progress, field.key)


async def back(
    query: CallbackQuery,
    callback_data: FormBack,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    found = await _pressed(query, state, i18n, crm, callback_data.at)
    if found is None:
        return
    message, form, progress, _ = found
    before = earlier(form, progress)
    previous = form.field(before[-1]) if before else None
    if previous is None:
        await alert(query, i18n("dialog.over"))
        return
    await query.answer()
    await ask_field(message, state, i18n, crm, settings, form, progress, previous)


async def pick(
    query: CallbackQuery,
    callback_data: FormPick,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    found = await _pressed(query, state, i18n, crm, callback_data.at)
    if found is None:
        return
    message, form, progress, field = found
    choices = await crm.form_choices(form.creates, field.key, progress.answers)
    chosen = next((c for c in choices if c.id == callback_data.id), None)
    if field.kind is not FieldKind.CHOICE or chosen is None:
        await alert(query, i18n("button.stale"))
        return
    await query.answer()
    for later in form.fields:  # a choice that depended on the old answer is void now
        if later.depends_on == field.key and progress.answers.get(field.key) != chosen.id:
            progress.answers.pop(later.key, None)
            progress.names.pop(later.key, None)
    progress.answer(field.key, chosen.id, chosen.name)
    await next_field(message, state, i18n, crm, settings, form, progress, field.key)


async def turn(
    query: CallbackQuery,
    callback_data: FormPage,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    """Another page of choices, in place."""
    found = await _pressed(query, state, i18n, crm, callback_data.at)
    if found is None:
        return
    message, form, progress, field = found
    choices = await crm.form_choices(form.creates, field.key, progress.answers)
    progress.page = callback_data.page
    await save(state, progress)
    text, markup = question(i18n, settings, form, progress, field, choices)
    await edit(query.bot, message.chat.id, message.message_id, text, markup)
    await query.answer()


async def change(
    query: CallbackQuery,
    callback_data: FormChange,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    """One field again, then straight back to the summary."""
    progress = await load(state)
    form = await crm.form(progress.creation) if progress is not None else None
    field = form.field(callback_data.key) if form is not None else None
    if progress is None or form is None or field is None or not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return
    await query.answer()
    progress.editing = True
    await ask_field(query.message, state, i18n, crm, settings, form, progress, field)
