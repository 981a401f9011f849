"""No CRM data in a group the bot was added to: each such command gets one short reply with a
button to the same command in the private chat, and nothing is asked of the CRM. A button
in someone's private chat is theirs alone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bot.sandbox import seed
from handlers.ui.callbacks import MyTasksPage
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN_IDS,
    ANNA,
    IVAN,
    bind_by_contact,
    current,
    know_admins,
    press_data,
    say,
)
from tests.e2e.deals_kit import SUPPLY, mark, paths_since
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeChat, FakeTelegram, FakeUser, SentMessage

TEAMLESS = FakeChat.group(-1001234567890, "Курилка")
ORLOV = seed.LEADS[0]
PRIVATE_ONLY = (
    "Эту команду бот выполняет только в личном чате: в группе её ответ увидели бы все участники."
)


async def in_group(tg: FakeTelegram, user: FakeUser, text: str) -> SentMessage:
    seen = len(tg.sent(TEAMLESS.id))
    tg.send_text(user, text, TEAMLESS)
    return await tg.wait_message(TEAMLESS.id, after=seen)


def start_payload(message: SentMessage) -> str:
    [(label, url)] = message.buttons()
    assert label == "Открыть в личном чате" and url is not None
    assert url.startswith("https://t.me/crm_test_bot")
    return parse_qs(urlsplit(url).query).get("start", [""])[0]


async def test_crm_commands_in_a_group_point_to_the_private_chat(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        tg.add_chat(TEAMLESS)
        since = mark(app)
        payloads = {}
        for user, typed in [
            (ANNA, f"/lead {ORLOV.phone}"),
            (ANNA, f"/deal@crm_test_bot {SUPPLY.id}"),
            (ANNA, "/tasks"),
            (ANNA, f"/start deal_{SUPPLY.id}"),
            (ANNA, "/whoami"),
            (ADMIN1, "/invite"),
            (ADMIN1, "/staff"),
        ]:
            reply = await in_group(tg, user, typed)
            assert reply.text == PRIVATE_ONLY, typed
            payloads[typed] = start_payload(reply)
        await tg.wait_idle()
        assert len(tg.sent(TEAMLESS.id)) == 7  # one short reply each, nothing else
        assert paths_since(app, since) == []
        assert payloads["/tasks"] == "go-tasks"
        assert payloads[f"/start deal_{SUPPLY.id}"] == f"deal_{SUPPLY.id}"

        # the link opens the same search in the private chat
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, f"/start {payloads[f'/lead {ORLOV.phone}']}")
        card = await tg.wait_message(ANNA.id, after=seen)
        assert card.text.startswith(f"Сергей Орлов · лид №{ORLOV.id}")
        deal = await say(tg, ANNA, f"/start {payloads[f'/deal@crm_test_bot {SUPPLY.id}']}")
        assert deal.text.startswith(f"Поставка оборудования · сделка №{SUPPLY.id}")


async def test_help_and_start_still_answer_in_a_group(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        tg.add_chat(TEAMLESS)
        assert "/help" in (await in_group(tg, ANNA, "/help")).text
        stranger = FakeUser(id=4545, first_name="Гость")
        start = await in_group(tg, stranger, "/start")
        assert start.text == "Получить доступ можно в личном чате с ботом."


async def test_someone_elses_button_changes_nothing(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110003")  # Мария Кузнецова: she has tasks
        await bind_by_contact(tg, IVAN, "+79161110002")
        tasks = await say(tg, ANNA, "/tasks")
        before = current(tg, tasks)
        since = mark(app)
        answer = await press_data(tg, IVAN, tasks, MyTasksPage(page=0).pack())
        assert answer == "Эта кнопка не ваша: её сообщение бот отправлял другому человеку."
        await tg.wait_idle()
        assert current(tg, tasks).text == before.text
        assert paths_since(app, since) == []
