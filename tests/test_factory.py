"""The adapter factory: every CRM kind of the settings has an adapter; an unknown one is
refused by name."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.config import CRMKind
from bot.crm.factory import UnsupportedCRM, build_crm


@pytest.mark.parametrize("kind", [k.value for k in CRMKind])
async def test_every_kind_of_the_settings_has_an_adapter(kind: str) -> None:
    crm = build_crm(
        kind, "http://127.0.0.1:9", "key", timezone=ZoneInfo("UTC"), timeout=1, login="bot"
    )
    try:
        assert crm.capabilities
    finally:
        await crm.close()


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(UnsupportedCRM):
        build_crm("bitrix", "http://127.0.0.1:9", "key", timezone=ZoneInfo("UTC"), timeout=1)
