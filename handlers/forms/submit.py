"""A form's summary: Create (the record made in the CRM as the presser's employee), Edit
(which field) and Cancel.

A lead goes through `Desk.create_lead` and is told as before: its number, a merge, or, when
the CRM gives no number, the lead found by its contacts where the CRM can search. Anything
else goes through `Desk.create` and the confirmation repeats what was sent, with the CRM's
number and status when it gives them, and says so when it gives none. Fields the CRM
refuses (`FormRejected`) are listed, each with the CRM's reason, and asked again.

Create carries its summary's token: it writes once (`bot.work.attempts`). Pressed again
after the dialog ended (done, not confirmed by the CRM, expired, cancelled) or on an older
summary, it says what became of that summary's Create and writes nothing.
"""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.crm.capabilities import Capability as C
from bot.crm.errors import FormRejected
from bot.crm.forms import Creation, Form
from bot.crm.models import Created, NewLead
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.identity import Identity
from bot.work.desk import Desk
from bot.work.lead_search import leads_by_contact
from handlers.core.errors import describe_earlier
from handlers.forms import runner, views
from handlers.forms.state import FormDialog, Progress, load
from handlers.ui.callbacks import LeadOpen
from handlers.ui.form_callbacks import FormCreate
from handlers.ui.keyboards import single
from handlers.ui.notify import alert, edit

LEAD_FIELDS = ("name", "phone", "email", "comment")


async def create(
    query: CallbackQuery,
    callback_data: FormCreate,
    state: FSMContext,
    i18n: Translator,
    desk: Desk,
    crm: CRM,
    identity: Identity,
    settings: Settings,
) -> None:
    progress = await load(state)
    if progress is None or progress.attempt != callback_data.attempt:
        await pressed_again(query, callback_data, i18n, desk, identity, state)
        return
    if not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return
    form = await crm.form(progress.creation)
    await query.answer()
    try:
        if progress.creation is Creation.LEAD:
            await _lead(query.message, i18n, desk, crm, identity, progress, state)
            return
        created = await desk.create(
            identity, progress.creation, progress.answers, attempt=progress.attempt
        )
    except FormRejected as refused:
        await _refused(query.message, state, i18n, crm, settings, form, progress, refused)
        return
    await state.clear()
    await query.message.answer(_confirmation(i18n, form, progress, created, settings))


async def pressed_again(
    query: CallbackQuery,
    callback_data: FormCreate,
    i18n: Translator,
    desk: Desk,
    identity: Identity,
    state: FSMContext,
) -> None:
    """A Create that is not the open summary's: what became of its own press, if it was
    made; else the dialog is over, or goes on past that summary."""
    earlier = await desk.earlier(identity, callback_data.attempt)
    now = await state.get_state()
    if earlier is not None:
        await alert(query, describe_earlier(earlier, i18n))
    elif now == FormDialog.confirm.state:
        await alert(query, i18n("form.old_summary"))
    elif now == FormDialog.field.state:  # a refused field asked again, say
        await alert(query, i18n("form.stale"))
    else:
        await alert(query, i18n("dialog.over"))


def _confirmation(
    i18n: Translator, form: Form, progress: Progress, created: Created, settings: Settings
) -> Html:
    lang = i18n.language
    done = form.done(lang) if form.done is not None else form.title(lang)
    head = (
        i18n("form.done_id", done=done, id=created.id)
        if created.id
        else i18n("form.done", done=done)
    )
    lines: list[str] = [head]
    if created.status:
        lines.append(i18n("form.status", status=created.status))
    lines += views.summary_lines(i18n, form, progress.answers, progress.names, settings.tz)
    if not created.id:
        lines.append(i18n("form.no_id"))
    return Html("\n".join(lines))


async def _lead(
    message: Message,
    i18n: Translator,
    desk: Desk,
    crm: CRM,
    identity: Identity,
    progress: Progress,
    state: FSMContext,
) -> None:
    answers = progress.answers
    lead = NewLead(
        **{k: answers.get(k) for k in LEAD_FIELDS},
        more={k: v for k, v in answers.items() if k not in LEAD_FIELDS},
    )
    created = await desk.create_lead(identity, lead, attempt=progress.attempt)
    await state.clear()
    lead_id, key = created.effective_id, "newlead.created"
    if created.merged_into:
        key = "newlead.merged"
    if lead_id is None and C.FIND_LEADS in crm.capabilities:
        found = await leads_by_contact(crm, phone=lead.phone, email=lead.email)
        lead_id, key = (found[-1].id, "newlead.found") if found else (None, "newlead.no_id")
    elif lead_id is None:
        key = "newlead.sent"  # no number, and no search to find it by
    if lead_id is None:
        await message.answer(i18n(key))
        return
    text = i18n(key, id=lead_id)
    if created.status:
        text = Html(text + "\n" + i18n("form.status", status=created.status))
    markup = None
    if C.GET_LEAD in crm.capabilities:
        markup = single(i18n("newlead.open"), LeadOpen(lead=lead_id))
    await message.answer(text, reply_markup=markup)


async def _refused(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    crm: CRM,
    settings: Settings,
    form: Form,
    progress: Progress,
    refused: FormRejected,
) -> None:
    """The CRM's reasons field by field; the refused fields are asked again, in order."""
    lang = i18n.language
    lines = [i18n("form.refused")]
    for key, reason in refused.fields.items():
        field = form.field(key)
        lines.append(
            i18n("form.refused_line", label=field.label(lang) if field else key, reason=reason)
        )
    await message.answer(Html("\n".join(lines)))
    failed = [f.key for f in form.fields if f.key in refused.fields]
    if not failed:
        await runner.show_summary(message, state, i18n, settings, form, progress)
        return
    progress.queue, progress.editing = failed[1:], True  # then back to the summary
    first = form.field(failed[0])
    assert first is not None
    await runner.ask_field(message, state, i18n, crm, settings, form, progress, first)


async def edit_fields(query: CallbackQuery, state: FSMContext, i18n: Translator, crm: CRM) -> None:
    """Which field to change: the summary's buttons become the fields."""
    progress = await load(state)
    if progress is None or not isinstance(query.message, Message):
        await alert(query, i18n("dialog.over"))
        return
    form = await crm.form(progress.creation)
    message = query.message
    markup = views.fields_to_edit(i18n, form)
    await edit(query.bot, message.chat.id, message.message_id, message.html_text, markup)
    await query.answer()


async def cancel(query: CallbackQuery, state: FSMContext, i18n: Translator, crm: CRM) -> None:
    progress = await load(state)
    await state.clear()
    await query.answer()
    if progress is None or not isinstance(query.message, Message):
        return
    form = await crm.form(progress.creation)
    message = query.message
    text = Html(message.html_text + "\n\n" + form.cancelled(i18n.language))
    await edit(query.bot, message.chat.id, message.message_id, text)
