"""Steps shared by the deal tests: /deal and its answers, CRM calls made since a point."""

from __future__ import annotations

from bot.app import App
from bot.sandbox import seed
from bot.sandbox.server import SandboxCall
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage

SUPPLY = seed.DEALS[0]  # 40052 «Поставка оборудования», Продажи/Квалификация, Иван Петров
CONTRACT = seed.DEALS[1]  # 40053 «Годовой контракт», ООО «Вектор», Переговоры, Мария Кузнецова
CONSULT = seed.DEALS[2]  # 40054 «Консультация», the administrator is responsible
REPAIR = seed.DEALS[3]  # 40055 «Ремонт по гарантии», pipeline «Сервис» (no manual stage change)
LICENCE = seed.DEALS[4]  # 40056 «Продление лицензии», won; same client as 40052

CARD_BUTTONS_RU = [
    "Этап",
    "Комментарий",
    "Задача",
    "Задачи",
    "Теги",
    "История",
    "Ответственный",
]
CARD_BUTTONS_EN = ["Stage", "Comment", "Task", "Tasks", "Tags", "History", "Reassign"]


async def replies(tg: FakeTelegram, user: FakeUser, text: str, count: int) -> list[SentMessage]:
    """Send `text`; return the bot's next `count` messages in the user's chat."""
    seen = len(tg.sent(user.id))
    tg.send_text(user, text)
    return [await tg.wait_message(user.id, after=seen + n) for n in range(count)]


async def next_message(tg: FakeTelegram, user: FakeUser, seen: int) -> SentMessage:
    return await tg.wait_message(user.id, after=seen)


def calls_since(app: App, mark: int) -> list[SandboxCall]:
    assert app.sandbox is not None
    return app.sandbox.calls[mark:]


def mark(app: App) -> int:
    assert app.sandbox is not None
    return len(app.sandbox.calls)


def paths_since(app: App, since: int) -> list[str]:
    return sorted(c.path for c in calls_since(app, since))
