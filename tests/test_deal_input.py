"""What staff type after /deal and as tags, read."""

from __future__ import annotations

import pytest

from bot.work.deal_query import BadEmail, DealQuery, read_deal_query, read_tags


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("40052", DealQuery(deal_id="40052")),
        ("#40052", DealQuery(deal_id="40052")),
        ("№ 40052", DealQuery(deal_id="40052")),
        ("#79265550002", DealQuery(deal_id="79265550002")),  # a "#" means a number, not a phone
        ("+7 (926) 555-00-02", DealQuery(phone="+79265550002")),
        ("8 926 555 00 02", DealQuery(phone="+79265550002")),
        ("79265550002", DealQuery(phone="+79265550002")),
        ("9265550002", DealQuery(phone="+79265550002")),
        ("Kozlov@Example.RU", DealQuery(email="kozlov@example.ru")),
        ("  поставка   оборудования ", DealQuery(words="поставка оборудования")),
        ("<b>&", DealQuery(words="<b>&")),
        ("письмо от a@b", DealQuery(words="письмо от a@b")),
    ],
)
def test_query_kinds(typed: str, query: DealQuery) -> None:
    assert read_deal_query(typed) == query


def test_empty_query_and_bad_email() -> None:
    assert read_deal_query("   ") is None
    with pytest.raises(BadEmail):
        read_deal_query("a@b")


def test_tags_trimmed_and_repeats_dropped() -> None:
    assert read_tags(" VIP,  опт \n vip , ,Опт") == ["VIP", "опт"]
    assert read_tags("один  тег") == ["один тег"]


@pytest.mark.parametrize(
    "typed", ["", " , ,", ",".join(f"t{n}" for n in range(11)), "ok, " + "x" * 51]
)
def test_tags_refused(typed: str) -> None:
    assert read_tags(typed) is None
