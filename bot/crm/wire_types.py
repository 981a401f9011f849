"""Annotated pydantic types for the habits of CRM wire formats, shared by every adapter.

Vendors send numeric ids as strings or numbers, `"0"`/`""`/`null` for "none", flags as
`"0"`/`"1"`, counts as strings, `null` where a list belongs, objects keyed by id where a list
belongs, `-1` as "no next page" and local date-times without a zone. Each type below accepts
all of those and gives one clean Python value. Date-times are read in the CRM's time zone,
passed as validation context: ``Model.model_validate(data, context=wire_context(tz))``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, tzinfo
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo

T = TypeVar("T")

_TZ_KEY = "timezone"
_ZERO_DATES = ("0000-00-00", "0000-00-00 00:00:00")


class WireModel(BaseModel):
    """Base of every wire model: unknown keys are ignored, nothing is mutated."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


def wire_context(tz: tzinfo) -> dict[str, Any]:
    """The validation context that tells date-time fields the CRM's time zone."""
    return {_TZ_KEY: tz}


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("expected a string or an integer")
    return str(value).strip()


def _id(value: Any) -> str:
    text = _scalar_text(value)
    if not text:
        raise ValueError("empty id")
    return text


def _optional_id(value: Any) -> str | None:
    if value is None:
        return None
    text = _scalar_text(value)
    return None if text in ("", "0") else text


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value.strip() or None


def _first_text(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        return next((text for item in value if (text := _text(item))), None)
    return _text(value)


def _flag(value: Any) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        return int(value) != 0
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError("expected a 0/1 flag")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ValueError("expected a number")


def _optional_int(value: Any) -> int | None:
    return None if value is None or value == "" else _int(value)


def _next_offset(value: Any) -> int | None:
    number = _optional_int(value)
    return None if number is None or number < 0 else number


def _null_list(value: Any) -> Any:
    return [] if value is None else value


def _keyed_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return list(value.values())
    return value


def _one_or_many(value: Any) -> Any:
    if value is None or value == {} or value == "":
        return []
    if isinstance(value, Mapping):
        return [value]
    return value


def _empty_as_none(value: Any) -> Any:
    if value is None or value == "" or (isinstance(value, list | dict) and not value):
        return None
    return value


def _datetime(value: Any, info: ValidationInfo) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if not text or text in _ZERO_DATES:
            return None
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError("expected YYYY-MM-DD HH:MM:SS") from None
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        raise ValueError("expected a date-time string")
    if parsed.tzinfo is not None:
        return parsed
    context = info.context if isinstance(info.context, Mapping) else {}
    zone = context.get(_TZ_KEY)
    return parsed.replace(tzinfo=zone if isinstance(zone, tzinfo) else UTC)


Id = Annotated[str, BeforeValidator(_id)]
"""An id sent as "2119" or 2119."""

OptId = Annotated[str | None, BeforeValidator(_optional_id)]
"""An id where "0", 0, "" and null mean none (unassigned employee, no parent...)."""

Text = Annotated[str | None, BeforeValidator(_text)]
"""Free text where "" means none; numbers are taken as their digits."""

FirstText = Annotated[str | None, BeforeValidator(_first_text)]
"""Text that may come as a list of texts (two phones of one lead): the first one given."""

Flag = Annotated[bool, BeforeValidator(_flag)]
"""A flag sent as "0"/"1", 0/1 or a boolean."""

Int = Annotated[int, BeforeValidator(_int)]
"""A number sent as "5885" or 5885."""

OptInt = Annotated[int | None, BeforeValidator(_optional_int)]
"""A number that may be missing (null or "")."""

NextOffset = Annotated[int | None, BeforeValidator(_next_offset)]
"""The next page's offset; -1 (or null) means there is no next page."""

NullList = Annotated[list[T], BeforeValidator(_null_list)]
"""A list that may come as null."""

KeyedList = Annotated[list[T], BeforeValidator(_keyed_list)]
"""A list that may come as an object keyed by id ({"15017": {...}}), or as null."""

OneOrMany = Annotated[list[T], BeforeValidator(_one_or_many)]
"""A list that may come as a single object, or as null."""

MaybeObject = Annotated[T | None, BeforeValidator(_empty_as_none)]
"""An object that may come as null, [], {} or ""."""

LocalDateTime = Annotated[datetime | None, BeforeValidator(_datetime)]
"""A "YYYY-MM-DD HH:MM:SS" in the CRM's zone, made aware; "0000-00-00 00:00:00" is none."""
