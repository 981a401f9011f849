"""Secrets never reach a log line, not even through a traceback or a URL."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.runtime.logs import MASK, RedactingFilter, setup_logging

TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-Xo"
KEY = "k3y-very-secret-value"


@pytest.fixture
def captured() -> Iterator[logging.Logger]:
    """The app's logging set-up, writing to the stderr that capsys captures."""
    root = logging.getLogger()
    handlers, level, raising = root.handlers[:], root.level, logging.raiseExceptions
    setup_logging("DEBUG", [TOKEN, KEY])
    yield logging.getLogger("bot.test")
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.raiseExceptions = raising


def test_token_in_url_and_args_is_masked(
    captured: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    captured.error("request to %s failed", f"https://api.telegram.org/bot{TOKEN}/getMe")
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert f"/bot{MASK}/getMe" in err


def test_api_key_in_traceback_is_masked(
    captured: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise RuntimeError(f"GET https://crm.example/openapi/v1/main/data/?api_key={KEY} failed")
    except RuntimeError:
        captured.exception("CRM call failed")
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert KEY not in err
    assert f"api_key={MASK}" in err


def test_unknown_key_shaped_parameter_is_masked_too() -> None:
    text = RedactingFilter([]).redact("GET /x/?api_key=other-secret&lead_id=5")
    assert text == f"GET /x/?api_key={MASK}&lead_id=5"


def test_httpx_request_lines_are_quieted(captured: logging.Logger) -> None:
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING


def test_crm_url_in_the_start_line_keeps_no_credentials() -> None:
    from bot.startup import public_url

    assert public_url("https://user:pw@crm.example.com:8443/x/?api_key=1#f") == (
        "https://crm.example.com:8443/x/"
    )
    assert public_url("http://127.0.0.1:4100") == "http://127.0.0.1:4100"
