"""Translations: both catalogs complete, and every value escaped for HTML."""

from __future__ import annotations

import pytest

from bot.i18n import Html, Translator, load_catalog


def test_catalogs_have_the_same_keys() -> None:
    assert set(load_catalog("ru")) == set(load_catalog("en"))


def test_values_are_escaped_but_html_parts_are_kept() -> None:
    t = Translator("en")
    text = t("error.rejected", reason="<b>&")
    assert "&lt;b&gt;&amp;" in text
    assert t("help.line", command="x", description=Html("<b>y</b>")).endswith("<b>y</b>")


def test_russian_is_default_and_unknown_language_refused() -> None:
    assert Translator()("cmd.help") == "что умеет бот"
    with pytest.raises(ValueError):
        Translator("de")


def test_missing_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        Translator("ru")("no.such.key")
