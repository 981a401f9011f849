"""Each user in their own language: their Telegram language when the bot speaks it, else
LANGUAGE; what the bot tells other people (admins) is in LANGUAGE."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.access_kit import ADMIN1, ADMIN2, ADMIN_IDS, bind_by_contact, know_admins, press
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser

EMMA = FakeUser(id=5001, first_name="Emma", language_code="en")
OLGA = FakeUser(id=5002, first_name="Ольга", language_code="ru")
HANS = FakeUser(id=5003, first_name="Hans", language_code="de-AT")


async def help_of(tg: FakeTelegram, user: FakeUser) -> str:
    seen = len(tg.sent(user.id))
    tg.send_text(user, "/help")
    return (await tg.wait_message(user.id, after=seen)).text


async def test_users_are_answered_in_their_telegram_language(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="ru")):
        assert (await help_of(tg, EMMA)).startswith("Commands")
        assert (await help_of(tg, OLGA)).startswith("Команды")
        assert (await help_of(tg, HANS)).startswith("Команды")  # not spoken: LANGUAGE
    async with running_bot(make_settings(tmp_path, tg.url, language="en")):
        assert (await help_of(tg, OLGA)).startswith("Команды")
        assert (await help_of(tg, HANS)).startswith("Commands")
    english = {c["command"]: c["description"] for c in tg.commands[("default", "en")]}
    assert english["help"] == "what the bot can do"
    russian = {c["command"]: c["description"] for c in tg.commands[("default", "ru")]}
    assert russian["help"] == "что умеет бот"


async def test_admins_read_a_request_in_the_bots_language(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)):
        unknown = await bind_by_contact(tg, EMMA, "+7 999 000-00-00")
        assert unknown.text.startswith("No CRM employee has the number")
        offer = await tg.wait_message(EMMA.id, after=1)
        await press(tg, EMMA, offer, "Request access")
        for admin in (ADMIN1, ADMIN2):
            card = await tg.wait_message(admin.id)
            assert card.text.startswith("Запрос доступа")
        sent = await tg.wait_message(EMMA.id, after=2)
        assert sent.text.startswith("Your request has gone to the admins")


async def test_errors_are_told_in_the_users_language(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="ru")) as app:
        assert app.sandbox is not None
        await bind_by_contact(tg, EMMA, "+79161110001")
        app.sandbox.fail_next("lead/search", "http_502", times=3)
        seen = len(tg.sent(EMMA.id))
        tg.send_text(EMMA, "/lead +7 903 123-45-01")
        error = await tg.wait_message(EMMA.id, after=seen)
        assert error.text.startswith("The CRM is not answering")
