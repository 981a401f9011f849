"""Translations: every text the bot sends comes from a catalog and is HTML-safe.

Catalogs are JSON files in `bot/locales/<language>/`, one per area of the bot (`core.json`,
`access.json`, `leads.json`, ...), merged at load; a key may appear in one file only.
`ru` is the default language, `en` the second.
Values passed to `Translator.__call__` are escaped for Telegram's HTML parse mode unless
wrapped in `Html`, which marks text already built from escaped parts.
"""

from __future__ import annotations

import html
import json
import re
import string
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_LANGUAGE = "ru"
LANGUAGES = ("ru", "en")


class Html(str):
    """A string that is already valid Telegram HTML; it is not escaped again."""

    __slots__ = ()


@cache
def load_catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    folder = resources.files("bot.locales").joinpath(language)
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".json"):
            continue
        part = json.loads(item.read_text("utf-8"))
        if not isinstance(part, dict):
            raise ValueError(f"catalog {language}/{item.name} is not an object")
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"catalog {language}/{item.name} repeats keys: {sorted(twice)}")
        merged.update({str(k): str(v) for k, v in part.items()})
    return merged


class _EscapingFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        return text if isinstance(value, Html) else html.escape(text, quote=False)


_formatter = _EscapingFormatter()


class Translator:
    """Texts of one language, with the default language as the fallback."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self._texts = load_catalog(language)
        self._fallback = load_catalog(DEFAULT_LANGUAGE)

    def __call__(self, key: str, **values: Any) -> Html:
        template = self._texts.get(key) or self._fallback.get(key)
        if template is None:
            raise KeyError(f"no text {key!r} in catalog {self.language!r}")
        return Html(_formatter.format(template, **values))

    def has(self, key: str) -> bool:
        return key in self._texts or key in self._fallback


_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as plain text, for places without a parse mode (callback alerts)."""
    return html.unescape(_TAG.sub("", text))
