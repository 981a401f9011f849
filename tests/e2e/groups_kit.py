"""Team groups for the notifier tests: a bot that polls every second, groups an admin
subscribed, leads created in the sandbox as a site form would, and waiting for posts."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from bot.app import App
from bot.notifier.poller import CURSOR
from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from tests.e2e.access_kit import ADMIN1, ADMIN_IDS, know_admins
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeChat, FakeTelegram, FakeUser, SentMessage

SALES = FakeChat.group(-1001001, "Продажи")
CALLS = FakeChat.group(-1001002, "Обратные звонки")
OTHER_GROUP = FakeChat.group(-1001003, "Курилка")


@asynccontextmanager
async def team_bot(
    tmp_path: Path, tg: FakeTelegram, *, busy_timeout: float | None = None, **settings: Any
) -> AsyncIterator[App]:
    """The bot on the sandbox, polling for new leads every second, its first poll done."""
    know_admins(tg)
    values: dict[str, Any] = {"admin_ids": ADMIN_IDS, "poll_interval": 1}
    values.update(settings)
    bot_settings = make_settings(tmp_path, tg.url, **values)
    async with running_bot(bot_settings, busy_timeout=busy_timeout) as app:
        await until(lambda: cursor_set(app), "the first poll")
        yield app


async def cursor_set(app: App) -> bool:
    return await app.store.get_cursor(CURSOR) is not None


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def polls_pass(app: App, count: int = 2, timeout: float = 30.0) -> None:
    """`count` more polls succeed, and the outbox has sent what they queued (a lead
    posted twice would be in the chat by then)."""
    notifier = app.notifier
    assert notifier is not None
    await _counted(app, lambda: notifier.poller.rounds, count, "polls", timeout)


async def looks_pass(app: App, count: int = 3, timeout: float = 30.0) -> None:
    """The look for leads nobody took runs `count` more times, and its messages are sent."""
    notifier = app.notifier
    assert notifier is not None
    await _counted(app, lambda: notifier.unclaimed.ticks, count, "looks", timeout)


async def _counted(
    app: App, counter: Callable[[], int], count: int, what: str, timeout: float
) -> None:
    wanted = counter() + count

    async def done() -> bool:
        return counter() >= wanted and await nothing_pending(app)

    await until(done, f"{count} more {what} and their messages", timeout)


async def nothing_pending(app: App) -> bool:
    return (await app.store.outbox_counts()).get("pending", 0) == 0


async def until_true(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """`until` for a check that needs no await."""

    async def checked() -> bool:
        return check()

    await until(checked, what, timeout)


async def subscribe(tg: FakeTelegram, group: FakeChat, admin: FakeUser = ADMIN1) -> SentMessage:
    """An admin sends /subscribe in the group; the bot's answer."""
    seen = len(tg.sent(group.id))
    tg.send_text(admin, "/subscribe", chat=tg.add_chat(group))
    return await tg.wait_message(group.id, after=seen)


async def new_lead(crm: App | SandboxServer, inbox: int = seed.INBOX_SITE, **values: Any) -> str:
    """A lead arrives in the CRM (a site form, a call...); its id."""
    sandbox = crm.sandbox if isinstance(crm, App) else crm
    assert sandbox is not None
    async with httpx.AsyncClient(base_url=sandbox.url + "/openapi/v1/") as http:
        r = await http.post(
            "lead/set/",
            params={"api_key": SANDBOX_API_KEY},
            json={"request": {"method": "create", "inbox_type_id": inbox, "values": values}},
        )
    body = r.json()
    assert r.status_code == 200 and body["status_code"] == 200, body
    return str(body["id"])


async def take_in_crm(crm: App | SandboxServer, lead_id: str, employee_id: int) -> None:
    """Someone takes the lead in the CRM's own interface, not through the bot."""
    sandbox = crm.sandbox if isinstance(crm, App) else crm
    assert sandbox is not None
    request = {"lead_id": int(lead_id), "user_id": seed.ADMIN_USER_ID, "employee_id": employee_id}
    async with httpx.AsyncClient(base_url=sandbox.url + "/openapi/v1/") as http:
        r = await http.post(
            "lead/start/", params={"api_key": SANDBOX_API_KEY}, json={"request": request}
        )
    assert r.status_code == 200 and r.json()["status_code"] == 200, r.text


def posts_of(tg: FakeTelegram, chat_id: int, lead_id: str) -> list[SentMessage]:
    """The bot's messages in a chat that show the lead (its Take button or its number)."""
    return [m for m in tg.sent(chat_id) if f"#{lead_id}" in m.text or f"№{lead_id}" in m.text]


async def wait_post(
    tg: FakeTelegram, chat_id: int, lead_id: str, timeout: float = 10.0
) -> SentMessage:
    deadline = time.monotonic() + timeout
    while not (found := posts_of(tg, chat_id, lead_id)):
        if time.monotonic() > deadline:
            raise AssertionError(
                f"lead {lead_id} not posted in {chat_id}: {tg.messages_text(chat_id)}"
            )
        await asyncio.sleep(0.02)
    return found[0]


def lead_ids_shown(tg: FakeTelegram, chat_id: int, lead_ids: list[str]) -> list[str]:
    """The leads of `lead_ids` in the order the chat shows them, one entry per showing."""
    wanted = set(lead_ids)
    shown = []
    for message in tg.sent(chat_id):
        shown += [x for x in re.findall(r"№(\d+)", message.text) if x in wanted]
    return shown
