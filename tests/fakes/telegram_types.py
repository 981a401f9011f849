"""Value types of the fake Telegram Bot API: users, chats, recorded calls, sent messages.

``ApiError`` is the one exception the fake's method implementations raise; the server turns
it into Telegram's error body ``{"ok": false, "error_code", "description", "parameters"}``
with the HTTP status equal to ``error_code``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONFLICT_DESCRIPTION = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: CONFLICT_DESCRIPTION,
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ApiError(Exception):
    """A Bot API error answer: HTTP status ``code``, ``description``, optional ``parameters``."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad_request(cls, reason: str) -> ApiError:
        return cls(400, f"Bad Request: {reason}")

    @classmethod
    def injected(cls, code: int, description: str | None, retry_after: int | None) -> ApiError:
        if code == 429:
            seconds = 1 if retry_after is None else retry_after
            text = description or f"Too Many Requests: retry after {seconds}"
            return cls(429, text, {"retry_after": seconds})
        text = description or DEFAULT_DESCRIPTIONS.get(code, "Bad Request")
        parameters = None if retry_after is None else {"retry_after": retry_after}
        return cls(code, text, parameters)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits and entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class FakeChat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def private(cls, user: FakeUser) -> FakeChat:
        return cls(
            id=user.id,
            type="private",
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
        )

    @classmethod
    def group(cls, chat_id: int, title: str, *, username: str | None = None) -> FakeChat:
        """A group; ids written ``-100…`` are supergroups, like Telegram's."""
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return cls(id=chat_id, type=kind, title=title, username=username)

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, with its decoded parameters and how the fake answered."""

    method: str
    params: dict[str, Any]
    ok: bool
    error_code: int | None = None
    description: str | None = None
    result: Any = None
    received: float = field(default=0.0, compare=False)
    """``time.monotonic()`` when the request arrived (for timing, e.g. the benchmark)."""


@dataclass(frozen=True)
class SentMessage:
    """A snapshot of a message the bot sent, in its state when the snapshot was taken.

    ``text`` is the visible text (after HTML parsing), ``source`` the text as the bot sent it,
    ``entities`` the formatting Telegram derived. Deleted messages stay in the list (so counts
    used by ``wait_message(after=...)`` never shrink) with ``deleted=True``.
    """

    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    edited: bool = False
    source: str = ""
    entities: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    deleted: bool = False
    reply_to: int | None = None  # the message this one replies to

    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline buttons, row by row: ``(text, callback_data or url)``."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            (button.get("text", ""), button.get("callback_data", button.get("url")))
            for row in rows
            for button in row
        ]

    def button_data(self, text: str) -> str:
        """The callback_data of the inline button labelled ``text`` (AssertionError if absent)."""
        for label, data in self.buttons():
            if label == text and data is not None:
                return data
        raise AssertionError(f"no button {text!r} on message; buttons: {self.buttons()}")

    def reply_buttons(self) -> list[dict[str, Any]]:
        """Buttons of a reply keyboard (``{"text": ..., "request_contact": ...}``), row by row."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [
            button if isinstance(button, dict) else {"text": button}
            for row in rows
            for button in row
        ]
