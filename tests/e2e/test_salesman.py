"""The bot on SalesMan CRM (API 2.0), through the fake Telegram server and the SalesMan
emulator: start-up's settings and credentials, binding by a shared contact (the CRM's
`phone` or `mob`), and a menu of only what the adapter declares."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.config import SettingsError
from bot.startup import EXIT_CONFIG, StartupError
from tests.e2e.access_kit import ANNA, IVAN, bind_by_contact, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.salesman import API_KEY, BOT_LOGIN, SalesmanServer
from tests.fakes.telegram import FakeTelegram


@pytest.fixture
async def salesman() -> AsyncIterator[SalesmanServer]:
    server = SalesmanServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def settings_for(tmp_path: Path, tg: FakeTelegram, server: SalesmanServer, **values: Any) -> Any:
    given: dict[str, Any] = {
        "crm_kind": "salesman",
        "crm_url": server.url,
        "crm_login": BOT_LOGIN,
        "crm_api_key": API_KEY,
    }
    given.update(values)
    return make_settings(tmp_path, tg.url, **given)


def test_salesman_needs_its_login(tg: FakeTelegram, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as err:
        make_settings(
            tmp_path,
            tg.url,
            crm_kind="salesman",
            crm_url="https://crm.example.ru",
            crm_api_key="k",
        )
    assert str(err.value).startswith("CRM_LOGIN is not set")


@pytest.mark.parametrize("wrong", [{"crm_api_key": "typo-key-77"}, {"crm_login": "robot"}])
async def test_a_refused_key_or_login_stops_start_with_one_line(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path, wrong: dict[str, str]
) -> None:
    app = App(settings_for(tmp_path, tg, salesman, **wrong))
    try:
        with pytest.raises(StartupError) as err:
            await app.start()
    finally:
        await app.close()
    assert str(err.value).startswith("CRM_API_KEY or CRM_LOGIN refused by the CRM")
    assert "typo-key-77" not in str(err.value)
    assert err.value.exit_code == EXIT_CONFIG
    assert not tg.calls_of("getUpdates")


async def test_staff_bind_by_their_phone_or_mobile_and_see_what_salesman_allows(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)) as app:
        assert app.crm_name == "SalesMan 127.0.0.1"
        anna = await bind_by_contact(tg, ANNA, "+79161110001")  # her `phone`
        assert "Анна Смирнова" in anna.text
        ivan = await bind_by_contact(tg, IVAN, "+7 916 111 00 02")  # only a `mob`
        assert "Иван Петров" in ivan.text
        binding = await app.store.get_binding(IVAN.id)
        assert binding is not None and binding.employee_key == "ivan"  # the key is the login
        menu = [c["command"] for c in tg.commands[("default", "")]]
        assert menu == ["start", "help", "whoami", "cancel"]  # nothing else declared yet
        answer = await say(tg, IVAN, "/lead 79031234501")
        assert "нет в вашей CRM" in answer.text
    assert {c.login for c in salesman.calls} == {BOT_LOGIN}
