"""The buttons of the form dialog (`handlers/forms`); see `handlers.ui.callbacks`."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class FormSkip(CallbackData, prefix="ns"):
    """Skip the current (optional) field of a form."""


class FormBack(CallbackData, prefix="nb"):
    """Back to the form's previous field."""


class FormPick(CallbackData, prefix="np"):
    """The choice `id` for the current field (a CRM's id for it)."""

    id: str


class FormPage(CallbackData, prefix="ng"):
    """Another page of the current field's choices."""

    page: int


class FormCreate(CallbackData, prefix="nc"):
    """Create what the form collected."""


class FormEdit(CallbackData, prefix="ne"):
    """Change one field of the form's summary: pick which."""


class FormChange(CallbackData, prefix="nf"):
    """The field to change (its key)."""

    key: str


class FormCancel(CallbackData, prefix="nx"):
    """Leave the form from its summary; nothing is created."""
