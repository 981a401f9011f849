"""The `CRM` base class: every operation refuses with NotSupported unless declared."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.crm.capabilities import OPERATIONS, Capability
from bot.crm.errors import NotSupported
from bot.crm.fivecrm.adapter import FiveCrmCRM
from bot.crm.models import NewLead, Task, TaskOutcome
from bot.crm.protocol import CRM

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def arguments(method: Any) -> dict[str, Any]:
    """Plausible arguments for any protocol operation, by parameter name."""
    values: dict[str, Any] = {
        "lead": NewLead(phone="+79990000000"),
        "due": NOW,
        "since": NOW,
        "start": NOW,
        "end": NOW,
        "tags": ["a"],
        "task": Task(id="1", deal_id="1", text="t"),
        "outcome": TaskOutcome(successful=True),
        "answers": {"name": "n"},
    }
    found: dict[str, Any] = {}
    for name, p in inspect.signature(method).parameters.items():
        if name == "self" or p.default is not inspect.Parameter.empty:
            continue
        found[name] = values.get(name, "1")
    return found


class Nothing(CRM):
    kind = "nothing"

    async def account_name(self) -> str:
        return "nothing"

    async def close(self) -> None:
        return None


class DeclaresLess(Nothing):
    """Implements get_lead but does not declare it: the declaration wins."""

    capabilities = frozenset({Capability.FIND_LEADS})

    async def get_lead(self, lead_id: str) -> Any:
        raise AssertionError("an undeclared operation must not run")


def test_every_capability_has_an_operation() -> None:
    assert set(OPERATIONS.values()) == set(Capability)
    assert all(callable(getattr(CRM, name)) for name in OPERATIONS)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
async def test_the_base_refuses_every_operation(name: str) -> None:
    crm = Nothing()
    method = getattr(crm, name)
    with pytest.raises(NotSupported) as refused:
        await method(**arguments(method))
    assert refused.value.capability is OPERATIONS[name]


async def test_an_undeclared_operation_is_refused_even_when_implemented() -> None:
    with pytest.raises(NotSupported) as refused:
        await DeclaresLess().get_lead("1")
    assert refused.value.capability is Capability.GET_LEAD


@pytest.mark.parametrize(
    ("typed", "key"),
    [("17", "17"), (" #a-17 ", "a-17"), ("№ olga", "olga"), ("two words", None), ("", None)],
)
def test_a_typed_employee_id_is_one_word_by_default(typed: str, key: str | None) -> None:
    assert Nothing().employee_key(typed) == key
    assert Nothing().employee_key("x" * 65) is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [("17", "17"), ("№ 17", "17"), ("#017", "017"), ("17a", None), ("١٧", None), ("9" * 19, None)],
)
async def test_a_typed_5crm_manager_id_is_a_number(typed: str, key: str | None) -> None:
    crm = FiveCrmCRM("https://a.5crm.ru", "public", timezone=ZoneInfo("UTC"), timeout=1.0)
    try:
        assert crm.employee_key(typed) == key
    finally:
        await crm.close()
