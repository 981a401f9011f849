"""Texts and keyboards of the form dialog: a field's question (with its choices, Skip and
Back), the summary with Create / Edit / Cancel, and the list of fields to edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.crm.forms import Choice, FieldKind, Form, FormField
from bot.i18n import Html, Translator
from bot.phones import format_phone
from bot.work.form_answers import Refused
from handlers.tasks.views import example as moment_example
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
from handlers.ui.keyboards import button, nav_row, paged
from handlers.ui.views import clip, when

VALUE_SHOWN = 300  # characters of one answer in the summary


def question(
    i18n: Translator,
    form: Form,
    field: FormField,
    *,
    can_go_back: bool,
    choices: Sequence[Choice] = (),
    page: int = 0,
    example: str = "",
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The question of `field`; the first field's opens with the form's title."""
    lang = i18n.language
    ask = field.ask(lang)
    if field.kind is FieldKind.DATE:
        ask += " " + i18n("form.hint_date")
    elif field.kind is FieldKind.MOMENT and example:
        ask += " " + i18n("form.hint_moment", example=example)
    if form.fields and form.fields[0].key == field.key:
        hint = "" if field.required else " " + i18n("form.may_skip")
        text = i18n("form.first", title=form.title(lang), ask=ask, hint=hint)
    else:
        text = i18n("form.ask", ask=ask)
    at = form.position(field.key)
    rows: list[list[InlineKeyboardButton]] = []
    if field.kind is FieldKind.CHOICE:
        chunk, page, last = paged(choices, page)
        rows += [[button(c.name, FormPick(at=at, id=c.id))] for c in chunk]
        nav = nav_row(i18n, page, last, lambda p: FormPage(at=at, page=p))
        if nav:
            rows.append(nav)
    controls = []
    if not field.required:
        controls.append(button(i18n("form.skip"), FormSkip(at=at)))
    if can_go_back:
        controls.append(button(i18n("form.back"), FormBack(at=at)))
    if controls:
        rows.append(controls)
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def shown(field: FormField, value: str, tz: ZoneInfo) -> str:
    """An answer as people read it."""
    if field.kind is FieldKind.PHONE and value.startswith("+"):
        return format_phone(value)
    if field.kind is FieldKind.DATE:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    if field.kind is FieldKind.MOMENT:
        return when(datetime.fromisoformat(value), tz)
    return value


def summary_lines(
    i18n: Translator,
    form: Form,
    answers: Mapping[str, str],
    names: Mapping[str, str],
    tz: ZoneInfo,
) -> list[str]:
    """One line per field: its label and the answer (a choice by its name), or a dash."""
    lines: list[str] = []
    for field in form.fields:
        value = answers.get(field.key)
        text = "—"
        if value:
            text = clip(names.get(field.key) or shown(field, value, tz), VALUE_SHOWN)
        lines.append(i18n("form.line", label=field.label(i18n.language), value=text))
    return lines


def summary(
    i18n: Translator,
    form: Form,
    answers: Mapping[str, str],
    names: Mapping[str, str],
    tz: ZoneInfo,
    attempt: str,
) -> tuple[Html, InlineKeyboardMarkup]:
    """The summary; its Create carries `attempt`, the token of this summary's write."""
    head = i18n("form.summary", title=form.title(i18n.language))
    text = Html("\n".join([head, *summary_lines(i18n, form, answers, names, tz)]))
    row = [
        button(i18n("form.create"), FormCreate(attempt=attempt)),
        button(i18n("form.edit"), FormEdit()),
        button(i18n("form.cancel"), FormCancel()),
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=[row])


def fields_to_edit(i18n: Translator, form: Form) -> InlineKeyboardMarkup:
    rows = [[button(f.label(i18n.language), FormChange(key=f.key))] for f in form.fields]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def refusal(
    i18n: Translator, field: FormField, refused: Refused, now: datetime, tz: ZoneInfo
) -> str:
    """Why a typed answer is not taken, and how it would be."""
    label = field.label(i18n.language)
    if refused.reason == "name_letters" and field.required:
        return i18n("form.name_letters_required")
    if refused.reason in ("bad_moment", "past"):
        return i18n(f"form.{refused.reason}", example=moment_example(i18n, now, tz))
    return i18n(f"form.{refused.reason}", label=label, limit=refused.limit)
