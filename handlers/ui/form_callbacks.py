"""The buttons of the form dialog (`handlers/forms`); see `handlers.ui.callbacks`.

A question's buttons carry `at`, the position of its field in the form, so that a button
under an earlier question (still on the screen) is told apart and does nothing."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class FormSkip(CallbackData, prefix="ns"):
    """Skip the field at `at` (an optional one)."""

    at: int


class FormBack(CallbackData, prefix="nb"):
    """From the field at `at` back to the form's previous field."""

    at: int


class FormPick(CallbackData, prefix="np"):
    """The choice `id` (a CRM's id for it) for the field at `at`."""

    at: int
    id: str


class FormPage(CallbackData, prefix="ng"):
    """Another page of the choices for the field at `at`."""

    at: int
    page: int


class FormCreate(CallbackData, prefix="nc"):
    """Create what the form collected; `attempt` is the summary's token, so a second press
    of it writes nothing (`bot.work.attempts`)."""

    attempt: str


class FormEdit(CallbackData, prefix="ne"):
    """Change one field of the form's summary: pick which."""


class FormChange(CallbackData, prefix="nf"):
    """The field to change (its key)."""

    key: str


class FormCancel(CallbackData, prefix="nx"):
    """Leave the form from its summary; nothing is created."""
