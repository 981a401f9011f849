"""What staff type about deals, read: the `/deal` query and a list of tags."""

from __future__ import annotations

from dataclasses import dataclass

from bot.phones import normalize_email, normalize_phone

TAG_MAX = 50  # characters of one tag
TAGS_MAX = 10  # tags in one message
_ID_MARKS = "#№"


@dataclass(frozen=True, slots=True)
class DealQuery:
    """Exactly one of the fields is set: how the deal is to be looked for."""

    phone: str | None = None  # E.164
    email: str | None = None
    deal_id: str | None = None
    words: str | None = None


class BadEmail(ValueError):
    """The query has an "@" but is not an e-mail address."""


def read_deal_query(text: str) -> DealQuery | None:
    """A phone (any common form), an e-mail, a deal number ("40052", "#40052", "№40052")
    or words; None for an empty query. Raises BadEmail for something like "a@b"."""
    query = " ".join(text.split())
    if not query:
        return None
    bare = query.lstrip(_ID_MARKS).strip()
    phone = normalize_phone(query)
    if bare.isascii() and bare.isdigit() and (phone is None or bare != query):
        return DealQuery(deal_id=str(int(bare)))
    if phone is not None:
        return DealQuery(phone=phone)
    if "@" in query and " " not in query:
        email = normalize_email(query)
        if email is None:
            raise BadEmail(query)
        return DealQuery(email=email)
    return DealQuery(words=query)


def read_tags(text: str) -> list[str] | None:
    """Comma-separated tags, trimmed, repeats dropped (ignoring case); None when there are
    none, too many, or one is too long."""
    tags: dict[str, str] = {}
    for part in text.replace("\n", ",").split(","):
        tag = " ".join(part.split())
        if tag:
            tags.setdefault(tag.casefold(), tag)
    found = list(tags.values())
    if not found or len(found) > TAGS_MAX or any(len(t) > TAG_MAX for t in found):
        return None
    return found
