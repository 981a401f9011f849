"""The one dialog that runs any form an adapter describes (`bot.crm.forms`).

It asks one field at a time (choices as paged buttons, loaded from the adapter with the
answers so far), checks each answer (`bot.work.form_answers`), lets an optional field be
skipped (Skip, or "-") and the user go Back one field (the buttons are in
`handlers.forms.buttons`), enforces the form's "at least one of" rule as soon as it can
fail, then shows a summary: Create, Edit (one field, then back to the summary) or Cancel.
Fields the CRM refuses are asked again, the first refused one first
(`handlers.forms.submit`). The dialog's place is in the FSM storage.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from bot import clock
from bot.config import Settings
from bot.crm.forms import Choice, Creation, FieldKind, Form, FormField
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.work.attempts import new_token
from bot.work.form_answers import Refused, read_answer
from handlers.forms import views
from handlers.forms.state import FormDialog, Progress, load, save
from handlers.tasks.views import example as moment_example


async def begin(
    message: Message,
    creates: Creation,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
) -> None:
    form = await crm.form(creates)
    progress = Progress(creates=creates.value)
    await ask_field(message, state, i18n, crm, settings, form, progress, form.fields[0])


async def ask_field(
    target: Message,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    form: Form,
    progress: Progress,
    field: FormField,
    *,
    page: int = 0,
) -> None:
    choices: tuple[Choice, ...] = ()
    if field.kind is FieldKind.CHOICE:
        choices = tuple(await crm.form_choices(form.creates, field.key, progress.answers))
        if not choices:
            await target.answer(i18n("form.no_choices", label=field.label(i18n.language)))
            if field.required:
                await state.clear()
                return
            progress.answer(field.key, None)
            await next_field(target, state, i18n, crm, settings, form, progress, field.key)
            return
    progress.at, progress.page = field.key, page
    await state.set_state(FormDialog.field)
    await save(state, progress)
    text, markup = question(i18n, settings, form, progress, field, choices)
    await target.answer(text, reply_markup=markup)


def question(
    i18n: Translator,
    settings: Settings,
    form: Form,
    progress: Progress,
    field: FormField,
    choices: Sequence[Choice],
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The question of `field` on the page the progress is at."""
    now = clock.now(settings.tz)
    return views.question(
        i18n,
        form,
        field,
        can_go_back=bool(earlier(form, progress)),
        choices=choices,
        page=progress.page,
        example=moment_example(i18n, now, settings.tz),
    )


def earlier(form: Form, progress: Progress) -> list[str]:
    """The answered fields before the current one (Back goes to the last of them)."""
    keys = [f.key for f in form.fields]
    here = keys.index(progress.at) if progress.at in keys else len(keys)
    return [k for k in progress.trail if k in keys and keys.index(k) < here]


async def next_field(
    target: Message,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    form: Form,
    progress: Progress,
    key: str,
) -> None:
    """After a field: the fields the CRM refused, then the "one of" rule as soon as it can
    fail, then the next field, or the summary (at the end, or after changing one)."""
    if progress.queue:
        field = form.field(progress.queue.pop(0))
        if field is not None:
            await ask_field(target, state, i18n, crm, settings, form, progress, field)
            return
    keys = [f.key for f in form.fields]
    passed = [k for k in form.one_of if k in keys and keys.index(k) <= keys.index(key)]
    rule_known = progress.editing or (form.one_of and len(passed) == len(form.one_of))
    if rule_known and form.one_of and not any(progress.answers.get(k) for k in form.one_of):
        if form.one_of_missing is not None:
            await target.answer(form.one_of_missing(i18n.language))
        first = form.field(form.one_of[0])
        assert first is not None
        await ask_field(target, state, i18n, crm, settings, form, progress, first)
        return
    dependent = next(
        (f for f in form.fields if f.depends_on == key and f.key not in progress.answers), None
    )
    if progress.editing and dependent is not None:  # a changed city: its centre again
        await ask_field(target, state, i18n, crm, settings, form, progress, dependent)
        return
    following = form.after(key)
    if following is not None and not progress.editing:
        await ask_field(target, state, i18n, crm, settings, form, progress, following)
        return
    await show_summary(target, state, i18n, settings, form, progress)


async def show_summary(
    target: Message,
    state: FSMContext,
    i18n: Translator,
    settings: Settings,
    form: Form,
    progress: Progress,
) -> None:
    progress.editing, progress.attempt = False, new_token()  # a Create of its own
    await state.set_state(FormDialog.confirm)
    await save(state, progress)
    text, markup = views.summary(
        i18n, form, progress.answers, progress.names, settings.tz, progress.attempt
    )
    await target.answer(text, reply_markup=markup)


async def current(state: FSMContext, crm: CRM) -> tuple[Form, Progress, FormField] | None:
    progress = await load(state)
    if progress is None:
        return None
    form = await crm.form(progress.creation)
    field = form.field(progress.at)
    return (form, progress, field) if field is not None else None


async def typed(
    message: Message, state: FSMContext, i18n: Translator, crm: CRM, settings: Settings
) -> None:
    found = await current(state, crm)
    if found is None:
        await state.clear()
        await message.answer(i18n("dialog.over"))
        return
    form, progress, field = found
    text = (message.text or "").strip()
    if not text:
        await message.answer(i18n("form.not_text" if not field.required else "dialog.not_text"))
        return
    if text == "-" and not field.required:
        progress.answer(field.key, None)
        await next_field(message, state, i18n, crm, settings, form, progress, field.key)
        return
    now = clock.now(settings.tz)
    value = read_answer(
        field, text, now=now, tz=settings.tz, default_time=settings.default_task_time
    )
    if isinstance(value, Refused):
        await message.answer(views.refusal(i18n, field, value, now, settings.tz))
        return
    progress.answer(field.key, value)
    await next_field(message, state, i18n, crm, settings, form, progress, field.key)
