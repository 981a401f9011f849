"""Logging set-up with secret redaction.

Secrets reach log lines by surprising roads: the Bot API puts the token in every URL,
aiohttp and httpx print URLs in their errors, a traceback repeats them. A filter on the
root handler rewrites every record's final text, including its formatted traceback.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

_PATTERNS = (
    # a Bot API token, in a URL (/bot123:ABC/) or anywhere else
    re.compile(r"\b\d{5,20}:[A-Za-z0-9_-]{30,}\b"),
    # an api_key / token query parameter
    re.compile(r"(?i)((?:api_key|apikey|token|key)=)[^&\s'\"]+"),
)
MASK = "***"


class RedactingFilter(logging.Filter):
    """Replaces known secrets and secret-looking patterns in the final text of a record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = _PATTERNS[0].sub(MASK, text)
        return _PATTERNS[1].sub(lambda m: m.group(1) + MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time of the record."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def setup_logging(level: str, secrets: Iterable[str] = ()) -> RedactingFilter:
    """Log to stderr, one line per record, every handler behind the redacting filter."""
    redactor = RedactingFilter(secrets)
    handler = _StderrHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # A handler that fails to write would print the raw record and traceback: not here.
    logging.raiseExceptions = False
    # httpx logs every request URL (with the api_key) at INFO; the adapters log their own lines.
    for noisy in ("httpx", "httpcore", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return redactor
