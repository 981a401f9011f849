"""Wire records validated as the adapters' pydantic models, with no raw pydantic error
escaping: one record asked for becomes the domain's `UnexpectedPayload` when it cannot be
read; a list is read record by record, and a record that cannot be read is set aside as an
`Unreadable` (its id and why) while the others go on.

Reasons name fields and what was wrong with them, never a value: a CRM record holds
clients' phones, and these reasons reach the log and the admins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from bot.crm.errors import UnexpectedPayload
from bot.crm.models import Unreadable

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")

_SHOWN = 3  # problems named in one reason
_ID_KEYS = ("id", "lead_id")


def problems(error: ValidationError) -> str:
    """Where and what, without the values: "phone: expected text; created_at: …"."""
    parts = []
    for item in error.errors(include_url=False, include_input=False)[:_SHOWN]:
        where = ".".join(str(part) for part in item["loc"]) or "the record"
        parts.append(f"{where}: {item['msg']}")
    hidden = error.error_count() - len(parts)
    if hidden > 0:
        parts.append(f"{hidden} more")
    return "; ".join(parts)


def read(model: type[M], data: Any, what: str, context: Mapping[str, Any] | None = None) -> M:
    """`data` as `model`, or UnexpectedPayload naming `what` and the bad fields."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        reason = problems(error)
    raise UnexpectedPayload(f"{what}: unexpected payload ({reason})")


def record_id(raw: Any, keys: Iterable[str] = _ID_KEYS) -> str | None:
    """The record's id as it came, when one can be read from it."""
    if not isinstance(raw, Mapping):
        return None
    for key in keys:
        value = raw.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


@dataclass
class Readings(Generic[R]):
    """A list's records read one by one: those read, and those set aside."""

    items: list[R] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def read_each(
    model: type[M],
    rows: Iterable[Any],
    convert: Callable[[M], R | None],
    *,
    context: Mapping[str, Any] | None = None,
    into: Readings[R] | None = None,
) -> Readings[R]:
    """Each row as `model`, then `convert`ed (None: not wanted, dropped without a word). A
    row that fails either step (a ValidationError, ValueError or UnexpectedPayload) is set
    aside with its id and the reason; the others are kept in order. `into` collects
    several pages in one."""
    found: Readings[R] = into if into is not None else Readings()
    for raw in rows:
        try:
            item = convert(model.model_validate(raw, context=context))
        except ValidationError as error:
            found.unreadable.append(Unreadable(id=record_id(raw), reason=problems(error)))
            continue
        except (ValueError, UnexpectedPayload) as error:
            found.unreadable.append(Unreadable(id=record_id(raw), reason=str(error)))
            continue
        if item is not None:
            found.items.append(item)
    return found
