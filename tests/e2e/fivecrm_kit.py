"""The bot on 5CRM in the end-to-end rig: its settings, with the secret token or without,
and the steps the 5CRM tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.access_kit import ADMIN_IDS, ANNA, press, say
from tests.e2e.harness import make_settings
from tests.fakes.fivecrm import PUBLIC_TOKEN, SECRET_TOKEN, FiveCrmServer
from tests.fakes.telegram import FakeTelegram, SentMessage

NO_ID = "CRM не сообщает номер созданной записи."


def settings_for(tmp_path: Path, tg: FakeTelegram, server: FiveCrmServer, **values: Any) -> Any:
    given: dict[str, Any] = {
        "crm_kind": "fivecrm",
        "crm_url": server.url,
        "crm_public_token": PUBLIC_TOKEN,
        "crm_secret_token": SECRET_TOKEN,
    }
    return make_settings(tmp_path, tg.url, **{**given, **values})


def unlisted(tmp_path: Path, tg: FakeTelegram, server: FiveCrmServer) -> Any:
    """No secret token: 5CRM gives no employee list, admins name managers by their id."""
    return settings_for(tmp_path, tg, server, crm_secret_token=None, admin_ids=ADMIN_IDS)


async def answer(tg: FakeTelegram, ask: SentMessage, label: str) -> SentMessage:
    """Press `label` under `ask`; the bot's next message."""
    seen = len(tg.sent(ANNA.id))
    await press(tg, ANNA, ask, label)
    return await tg.wait_message(ANNA.id, after=seen)


async def company_summary(tg: FakeTelegram) -> SentMessage:
    """Anna fills /newcompany with a name only; the summary."""
    await say(tg, ANNA, "/newcompany")
    summary = await say(tg, ANNA, "Ромашка")
    for _ in range(4):
        summary = await say(tg, ANNA, "-")
    return summary
