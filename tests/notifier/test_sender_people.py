"""Notices and alerts queued for a person whose binding was suspended before they went out
(the person left the CRM) are not sent; an ADMIN_IDS admin with no binding still gets them."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.notifier.messages import Messages
from bot.notifier.sender import Sender
from bot.notifier.teams import TeamGroups
from bot.store import BindingStatus, Role, Store
from tests.notifier.test_sender_stop import Telegram, _gone, _muted

LEFT, STAYS, CONFIG_ADMIN = 501, 502, 503


async def test_what_waited_for_someone_suspended_is_not_sent(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        telegram = Telegram()
        sender = Sender(
            telegram,  # type: ignore[arg-type]
            store,
            Messages(Translator("ru"), ZoneInfo("Europe/Moscow"), "crm_bot"),
            TeamGroups(),
            digest_threshold=0,
            on_gone=_gone,
            on_muted=_muted,
            wake=lambda: None,
        )
        await store.bind(LEFT, "181", "Ушедший Админ", Role.ADMIN)
        await store.bind(STAYS, "182", "Анна Смирнова")
        for person in (LEFT, STAYS, CONFIG_ADMIN):
            await store.enqueue(person, f"notice:{person}", {"kind": "notice", "text": "Заявка"})
            alert = {"kind": "alert", "text": "Задача через 15 мин"}
            await store.enqueue(person, f"alert:{person}", alert)
        await store.set_status(LEFT, BindingStatus.SUSPENDED)  # the roster check, meanwhile
        for _ in range(3):
            await sender.send_due()
            await sender.wait_idle()
        assert sorted(telegram.sent) == [STAYS, STAYS, CONFIG_ADMIN, CONFIG_ADMIN]
        assert await store.outbox_counts() == {"sent": 4, "failed": 2}
