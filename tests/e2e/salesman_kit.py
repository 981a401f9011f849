"""The bot on SalesMan CRM in the end-to-end rig: its settings, the emulator's calls by
action, and the bot running with Anna bound."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tests.e2e.access_kit import ANNA, bind_by_contact
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.salesman import API_KEY, BOT_LOGIN, Call, SalesmanServer
from tests.fakes.telegram import FakeTelegram


def settings_for(tmp_path: Path, tg: FakeTelegram, server: SalesmanServer, **values: Any) -> Any:
    given: dict[str, Any] = {
        "crm_kind": "salesman",
        "crm_url": server.url,
        "crm_login": BOT_LOGIN,
        "crm_api_key": API_KEY,
    }
    return make_settings(tmp_path, tg.url, **{**given, **values})


def calls(server: SalesmanServer, method: str, action: str) -> list[Call]:
    return [c for c in server.calls if (c.method, c.action) == (method, action)]


@asynccontextmanager
async def anna_on(tg: FakeTelegram, server: SalesmanServer, tmp_path: Path) -> AsyncIterator[None]:
    """The bot on `server`, Anna bound by her phone."""
    async with running_bot(settings_for(tmp_path, tg, server)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        yield
