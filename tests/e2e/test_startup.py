"""Start-up against a CRM configured by hand: wrong key, CRM down, address forms."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from bot.app import App
from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from bot.startup import EXIT_CONFIG, StartupError
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser

ALICE = FakeUser(id=1001, first_name="Алиса", username="alice", language_code="ru")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_wrong_crm_key_stops_start_with_one_clear_line(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path, tg.url, crm_kind="envybox", crm_url=sandbox.url, crm_api_key="wrong-key-123"
    )
    app = App(settings)
    try:
        with pytest.raises(StartupError) as err:
            await app.start()
    finally:
        await app.close()
    assert str(err.value) == "CRM_API_KEY was refused by the CRM (wrong API key)"
    assert err.value.exit_code == EXIT_CONFIG
    assert not tg.calls_of("getUpdates")


@pytest.mark.parametrize("suffix", ["", "/", "/openapi/v1", "/openapi/v1/"])
async def test_crm_address_in_any_of_its_forms(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path, suffix: str
) -> None:
    settings = make_settings(
        tmp_path,
        tg.url,
        crm_kind="envybox",
        crm_url=sandbox.url + suffix,
        crm_api_key=SANDBOX_API_KEY,
    )
    async with running_bot(settings) as app:
        tg.send_contact(ALICE, phone="+79161110001", contact_user_id=ALICE.id)
        bound = await tg.wait_message(ALICE.id)
    assert app.crm_name == seed.CRM_NAME
    assert "Анна Смирнова" in bound.text
    polls = {"lead/list", "task/list"}  # the notifier's looks for new leads and tasks due
    reads = [c.path for c in sandbox.calls if c.path not in polls]
    assert reads == ["main/data"]  # one read, then the cache


async def test_crm_down_at_start_does_not_stop_the_bot(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(
        tmp_path,
        tg.url,
        crm_kind="envybox",
        crm_url=f"http://127.0.0.1:{free_port()}",
        crm_api_key="k",
        crm_timeout=0.5,
    )
    with caplog.at_level(logging.WARNING, logger="bot"):
        async with running_bot(settings):
            tg.send_text(ALICE, "/start")
            greeting = await tg.wait_message(ALICE.id, timeout=15)
    assert "Алиса" in greeting.text
    assert any("not answering at start" in r.getMessage() for r in caplog.records)
