"""Reading one typed answer of a form (`bot.crm.forms`): the value to keep, normalised, or
the reason it will not do. No Telegram here: the dialog (`handlers/forms`) says the reason
in the user's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.crm.forms import FieldKind, FormField
from bot.phones import normalize_email, normalize_phone
from bot.work.due_dates import read_when

_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER = re.compile(r"^\d{1,12}$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


@dataclass(frozen=True, slots=True)
class Refused:
    """Why an answer will not do: a reason (a catalog key's tail) and its values."""

    reason: str  # "too_long", "bad_phone", "bad_email", "name_letters", "bad_date", ...
    limit: int = 0


def read_date(text: str) -> date | None:
    """ "18.11.2019" or "2019-11-18" → the date; None when it is neither, or no such day."""
    text = text.strip()
    dotted, iso = _DOTTED.match(text), _ISO.match(text)
    try:
        if dotted:
            return date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        return None
    return None


def read_answer(
    field: FormField, text: str, *, now: datetime, tz: ZoneInfo, default_time: time
) -> str | Refused:
    """The answer to `field` as the adapter takes it, or why it will not do."""
    text = text.strip()
    if field.max_length is not None and len(text) > field.max_length:
        return Refused("too_long", field.max_length)
    kind = field.kind
    if kind is FieldKind.NAME:
        return text if any(c.isalpha() for c in text) else Refused("name_letters")
    if kind is FieldKind.PHONE:
        return normalize_phone(text) or Refused("bad_phone")
    if kind is FieldKind.EMAIL:
        return normalize_email(text) or Refused("bad_email")
    if kind is FieldKind.DATE:
        day = read_date(text)
        return day.isoformat() if day is not None else Refused("bad_date")
    if kind is FieldKind.NUMBER:
        digits = _SPACES.sub("", text)
        return digits if _NUMBER.match(digits) else Refused("bad_number")
    if kind is FieldKind.MOMENT:
        reading = read_when(text, now=now, tz=tz, default_time=default_time)
        if reading is None:
            return Refused("bad_moment")
        if reading.moment <= now:
            return Refused("past")
        return reading.moment.isoformat()
    if kind is FieldKind.CHOICE:
        return Refused("pick")
    return text
