"""Phone numbers and e-mail addresses as people type them, made canonical.

Phones are kept as E.164 (``+79991234567``) inside the bot; `phone_digits` gives the bare
digits CRMs such as Envybox show on the wire, `format_phone` the international form for people.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

_EMAIL = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]*[a-z][a-z0-9-]*$"
)
_MAX_EMAIL = 254


def normalize_phone(text: str, region: str = "RU") -> str | None:
    """E.164 form of a phone typed in any common way; None when it is not a valid number.

    "+7 (999) 123-45-67", "8 999 123 45 67", "79991234567" and "9991234567" all give
    "+79991234567" for the default region.
    """
    text = text.strip()
    if not text or len(text) > 40:
        return None
    candidates = [text]
    digits = re.sub(r"\D", "", text)
    if not text.startswith("+") and digits:
        # "79991234567" typed without the plus: try it as an international number too.
        candidates.append("+" + digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return None


def contact_phone(text: str, region: str = "RU") -> str | None:
    """E.164 form of a phone as Telegram shares a contact: an international number, often
    without its "+". It is read as international first, and as a national number of
    `region` only when that reading is not a valid number: "89161110003" is
    "+79161110003", but "9607771234" is the Maldives' "+960 777 1234", not a Russian number.
    """
    digits = re.sub(r"\D", "", text)
    if not digits or len(digits) > 20:
        return None
    for candidate, default in (("+" + digits, None), (digits, region)):
        try:
            number = phonenumbers.parse(candidate, default)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return None


def phone_digits(e164: str) -> str:
    """The digits of a number without the plus: "+79991234567" -> "79991234567"."""
    return re.sub(r"\D", "", e164)


def format_phone(e164: str) -> str:
    """The international form for people: "+79991234567" -> "+7 999 123-45-67"."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def normalize_email(text: str) -> str | None:
    """The address lower-cased, or None when it does not look like one."""
    address = text.strip().lower()
    if len(address) > _MAX_EMAIL or not _EMAIL.match(address):
        return None
    local = address.split("@", 1)[0]
    return address if len(local) <= 64 else None
