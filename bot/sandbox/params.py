"""Reading request parameters: ids arrive as numbers or digit strings, both are accepted."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.errors import ApiError, bad_request

Params = dict[str, Any]

DEFAULT_LIMIT = 50


def as_int(value: Any) -> int | None:
    """``5``, ``"5"`` and ``" 5 "`` → 5; anything else (bool, float, text, None) → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def req_id(params: Params, key: str, missing: ApiError | None = None) -> int:
    """A required id; absent → ``missing`` (default: «Неверный request»), ill-typed → 500."""
    value = params.get(key)
    if value is None or value == "":
        raise missing or bad_request()
    number = as_int(value)
    if number is None or number < 0:
        raise bad_request()
    return number


def opt_id(params: Params, key: str, default: int = 0) -> int:
    """An optional id (``0``/``"0"`` mean none); ill-typed → «Неверный request»."""
    if params.get(key) in (None, ""):
        return default
    return req_id(params, key)


def opt_str(params: Params, key: str) -> str | None:
    """An optional string; numbers are accepted and turned into text."""
    value = params.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad_request()
    return str(value)


def opt_ids(params: Params, key: str) -> list[int] | None:
    """An id or a list of ids (``stage_id``, ``pipeline_id`` filters)."""
    value = params.get(key)
    if value in (None, "", []):
        return None
    items = value if isinstance(value, list) else [value]
    numbers = [as_int(item) for item in items]
    if any(n is None for n in numbers):
        raise bad_request()
    return [n for n in numbers if n is not None]


def page(params: Params, max_limit: int | None = DEFAULT_LIMIT) -> tuple[int, int]:
    """``(limit, offset)``: limit 0 or absent → 50; above ``max_limit`` → clamped to it."""
    limit = opt_id(params, "limit")
    offset = opt_id(params, "offset")
    if limit == 0:
        limit = DEFAULT_LIMIT
    if max_limit is not None:
        limit = min(limit, max_limit)
    return limit, offset


def next_offset(offset: int, limit: int, total: int) -> int:
    """The documented paging: the next offset, or -1 when this page reaches the end."""
    return offset + limit if offset + limit < total else -1


def normalize_phone(raw: str | None) -> str:
    """Digits only; an 11-digit Russian number written with a leading 8 gets a 7."""
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


def normalize_email(raw: str | None) -> str:
    """Trimmed, lower-cased e-mail ('' when absent)."""
    return (raw or "").strip().lower()
