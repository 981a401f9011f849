"""Secrets out of httpx's own log lines: the values of secret query parameters become ***."""

from __future__ import annotations

import logging
import re

_SECRET_QUERY = re.compile(r"((?:api_key|apikey|token|key|secret)=)[^&\s\"'#]+", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with the values of secret query parameters replaced by ``***``."""
    return _SECRET_QUERY.sub(r"\1***", text)


class _RedactSecrets(logging.Filter):
    """Rewrites a record's message without secret query values (httpx logs whole URLs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


_REDACTOR = _RedactSecrets()


def install_redaction() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)
