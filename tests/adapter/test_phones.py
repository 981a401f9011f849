from __future__ import annotations

import pytest

from bot.phones import contact_phone, format_phone, normalize_email, normalize_phone, phone_digits


@pytest.mark.parametrize(
    "typed",
    ["+7 (999) 123-45-67", "8 999 123 45 67", "79991234567", "9991234567", " +79991234567 "],
)
def test_common_forms_give_one_e164_number(typed: str) -> None:
    assert normalize_phone(typed) == "+79991234567"


@pytest.mark.parametrize("typed", ["", "   ", "12345", "abc", "+7 999", "8 800", "x" * 60])
def test_invalid_phones_give_none(typed: str) -> None:
    assert normalize_phone(typed) is None


def test_foreign_number_keeps_its_country() -> None:
    assert normalize_phone("+1 650 253 0000") == "+16502530000"


def test_region_decides_national_numbers() -> None:
    assert normalize_phone("0301234567", region="DE") == "+49301234567"


def test_digits_and_human_format() -> None:
    assert phone_digits("+79991234567") == "79991234567"
    assert format_phone("+79991234567") == "+7 999 123-45-67"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Team@CallbackKiller.com", "team@callbackkiller.com"),
        ("  ivan.petrov+crm@mail.ru ", "ivan.petrov+crm@mail.ru"),
        ("a@b.co", "a@b.co"),
    ],
)
def test_emails_are_lowercased(typed: str, expected: str) -> None:
    assert normalize_email(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "plain", "a@", "@b.ru", "a@b", "a b@c.ru", "a@@b.ru", "a..b@c.ru", "a@-b.ru", "a@b.ru."],
)
def test_invalid_emails_give_none(typed: str) -> None:
    assert normalize_email(typed) is None


@pytest.mark.parametrize(
    ("shared", "e164"),
    [
        ("79161110003", "+79161110003"),  # Telegram's usual form: international, no "+"
        ("+79161110003", "+79161110003"),
        ("89161110003", "+79161110003"),  # not valid as "+8...": a Russian national number
        ("9607771234", "+9607771234"),  # the Maldives, not +7 960 777-12-34
        ("447911123456", "+447911123456"),
        ("12", None),
        ("", None),
    ],
)
def test_a_shared_contact_is_international_first(shared: str, e164: str | None) -> None:
    assert contact_phone(shared) == e164
