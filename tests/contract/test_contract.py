"""The contract every adapter keeps: each declared capability works against its emulator,
and every operation of an undeclared one raises NotSupported without asking the CRM."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.crm.capabilities import OPERATIONS as METHODS
from bot.crm.capabilities import Capability
from bot.crm.errors import NotSupported
from tests.contract.cases import CASES
from tests.contract.scenarios import OPERATIONS
from tests.contract.test_protocol import arguments


def test_every_capability_has_a_scenario() -> None:
    assert set(OPERATIONS) == set(Capability)


@pytest.mark.parametrize("capability", sorted(Capability))
@pytest.mark.parametrize("case", sorted(CASES))
async def test_a_capability_works_or_is_refused(
    case: str, capability: Capability, tmp_path: Path
) -> None:
    async with CASES[case](tmp_path) as (crm, known, calls):
        if capability in crm.capabilities:
            await OPERATIONS[capability](crm, known)
            return
        before = calls()
        for name in (n for n, c in METHODS.items() if c is capability):
            method = getattr(crm, name)
            with pytest.raises(NotSupported) as refused:
                await method(**arguments(method))
            assert refused.value.capability is capability
        assert calls() == before
