"""Telegram's HTML parse mode, checked the way the Bot API server (tdlib) checks it.

``parse_html(text)`` returns the visible text and the message entities Telegram would derive
(offsets and lengths in UTF-16 code units), or raises ``ApiError`` 400 with tdlib's wording:
``Bad Request: can't parse entities: <reason> at byte offset N``.

Supported: b/strong, i/em, u/ins, s/strike/del, span class="tg-spoiler", tg-spoiler, a href,
code, pre (with an inner ``code class="language-x"``), blockquote [expandable], tg-emoji
emoji-id; named entities &lt; &gt; &amp; &quot; and numeric ones.

One deliberate difference: real Telegram keeps an ``&`` that starts no known entity as a
literal character; the fake rejects it, because a bot that sends one forgot to escape.
Attribute values stay lenient, as in Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram_types import ApiError, utf16_len

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_VALUELESS_ATTRIBUTES = {("blockquote", "expandable")}
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_SPACES = " \t\r\n"


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    begin: int  # index in the source, for error offsets
    start: int  # UTF-16 offset in the visible text
    out_index: int  # index in the list of visible characters
    language: str | None = None


def _fail(text: str, reason: str, index: int | None = None) -> ApiError:
    where = "" if index is None else f" at byte offset {len(text[:index].encode('utf-8'))}"
    return ApiError.bad_request(f"can't parse entities: {reason}{where}")


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at ``text[pos] == '&'``; None if it is not one."""
    end = pos + 1
    if text.startswith("#", end):
        end += 1
        hexadecimal = text.startswith(("x", "X"), end)
        if hexadecimal:
            end += 1
        digits_start = end
        allowed = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        while end < len(text) and text[end] in allowed:
            end += 1
        digits = text[digits_start:end]
        if not digits or len(digits) > 8:
            return None
        code = int(digits, 16 if hexadecimal else 10)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if text.startswith(";", end):
        end += 1
    return char, end


def _decode_lenient(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        decoded = _decode_entity(value, i) if value[i] == "&" else None
        if decoded is None:
            out.append(value[i])
            i += 1
        else:
            out.append(decoded[0])
            i = decoded[1]
    return "".join(out)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACES:
        i += 1
    return i


def _read_name(text: str, i: int) -> tuple[str, int]:
    start = i
    while i < len(text) and text[i] in _NAME_CHARS:
        i += 1
    return text[start:i].lower(), i


def _read_start_tag(text: str, begin: int) -> tuple[str, dict[str, str], int]:
    """Parse ``<name attr="v" ...>`` starting at ``text[begin] == '<'``."""
    name, i = _read_name(text, begin + 1)
    if name not in _SIMPLE_TAGS:
        raise _fail(text, f'Unsupported start tag "{name}"', begin)
    attrs: dict[str, str] = {}
    while True:
        i = _skip_spaces(text, i)
        if i >= len(text):
            raise _fail(text, "Unclosed start tag", begin)
        if text[i] == ">":
            return name, attrs, i + 1
        attr, i = _read_name(text, i)
        if not attr:
            raise _fail(text, f'Empty attribute name in the tag "{name}"', begin)
        i = _skip_spaces(text, i)
        if i >= len(text) or text[i] != "=":
            if (name, attr) in _VALUELESS_ATTRIBUTES:
                attrs[attr] = ""
                continue
            reason = f'Expected equal sign in declaration of an attribute of the tag "{name}"'
            raise _fail(text, reason, begin)
        i = _skip_spaces(text, i + 1)
        if i >= len(text):
            raise _fail(text, "Unclosed start tag", begin)
        if text[i] in "\"'":
            close = text.find(text[i], i + 1)
            if close < 0:
                raise _fail(text, "Unclosed start tag", begin)
            raw, i = text[i + 1 : close], close + 1
        else:
            start = i
            while i < len(text) and text[i] not in _SPACES + ">":
                i += 1
            raw = text[start:i]
        attrs[attr] = _decode_lenient(raw)


def _entity(tag: _OpenTag, end: int, inner: str) -> dict[str, Any] | None:
    kind = _SIMPLE_TAGS[tag.name]
    entity: dict[str, Any] = {"type": kind, "offset": tag.start, "length": end - tag.start}
    if tag.name == "a":
        url = tag.attrs.get("href", inner).strip()
        if not url:
            return None
        entity["url"] = url
    elif tag.name == "pre" and tag.language:
        entity["language"] = tag.language
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    return entity


def _open(text: str, begin: int, stack: list[_OpenTag], position: int, out_index: int) -> int:
    name, attrs, after = _read_start_tag(text, begin)
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _fail(text, 'Tag "span" must have class "tg-spoiler"', begin)
    if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise _fail(text, "Invalid custom emoji identifier specified", begin)
    stack.append(_OpenTag(name, attrs, begin, position, out_index))
    return after


def _close(text: str, begin: int, stack: list[_OpenTag]) -> tuple[_OpenTag, int]:
    name, i = _read_name(text, begin + 2)
    i = _skip_spaces(text, i)
    if i >= len(text) or text[i] != ">":
        raise _fail(text, "Unclosed end tag", begin)
    if not stack:
        raise _fail(text, "Unexpected end tag", begin)
    tag = stack.pop()
    if name != tag.name:
        found = f'expected "</{tag.name}>", found "</{name}>"'
        raise _fail(text, f"Unmatched end tag at byte offset {_byte(text, begin)}, {found}")
    return tag, i + 1


def _byte(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Visible text and entities of an HTML-formatted message (``ApiError`` if malformed)."""
    out: list[str] = []
    position = 0  # UTF-16 length of ``out``
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                fragment = text[i : i + 8].split(" ")[0]
                raise _fail(text, f'Unsupported HTML entity "{fragment}"', i)
            char, i = decoded
        elif char == "<" and text.startswith("</", i):
            tag, i = _close(text, i, stack)
            inner = "".join(out[tag.out_index :])
            code_in_pre = tag.name == "code" and stack and stack[-1].name == "pre"
            language = tag.attrs.get("class", "")
            if code_in_pre and language.startswith("language-"):
                stack[-1].language = language.removeprefix("language-")
                continue
            entity = _entity(tag, position, inner)
            if entity is not None and entity["length"] > 0:
                entities.append(entity)
            continue
        elif char == "<":
            i = _open(text, i, stack, position, len(out))
            continue
        else:
            i += 1
        out.append(char)
        position += utf16_len(char)
    if stack:
        raise _fail(text, f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
