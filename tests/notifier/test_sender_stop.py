"""A stop while a message's confirmation is being stored waits for it: the message is not
sent again after the restart (only a crash in that instant could do that)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.notifier.messages import Messages
from bot.notifier.sender import Sender
from bot.notifier.teams import TeamGroups
from bot.store import Store


class Telegram:
    """Just enough of aiogram's Bot: every message is accepted at once."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send_message(self, chat_id: int, text: str, **_: Any) -> SimpleNamespace:
        self.sent.append(chat_id)
        return SimpleNamespace(message_id=len(self.sent))


async def _gone(chat_id: int, title: str | None, reason: str) -> None:
    raise AssertionError("no chat is gone here")


async def _muted(chat_id: int, reason: str | None) -> None:
    raise AssertionError("no group is muted here")


async def test_a_stop_while_the_confirmation_is_stored_keeps_it(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        telegram = Telegram()
        messages = Messages(Translator("ru"), ZoneInfo("Europe/Moscow"), "crm_bot")
        sender = Sender(
            telegram,  # type: ignore[arg-type]
            store,
            messages,
            TeamGroups(),
            digest_threshold=0,
            on_gone=_gone,
            on_muted=_muted,
            wake=lambda: None,
        )
        await store.enqueue(5, "notice:1", {"kind": "notice", "text": "Проверка"})
        storing = asyncio.Event()
        release = asyncio.Event()
        mark_sent = store.mark_sent

        async def slow_mark(item_id: int, message_id: int) -> None:
            storing.set()
            await release.wait()
            await mark_sent(item_id, message_id)

        store.mark_sent = slow_mark  # type: ignore[method-assign]
        await sender.send_due()
        await asyncio.wait_for(storing.wait(), 5)
        stopping = asyncio.create_task(sender.stop(grace=5))
        await asyncio.sleep(0.1)
        release.set()
        await asyncio.wait_for(stopping, 5)
        [item] = [i for i in [await store.outbox_item(1)] if i is not None]
        assert (telegram.sent, item.status, item.message_id) == ([5], "sent", 1)
