"""What the fake Telegram knows: chats, the messages in them, callback queries, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot import clock
from tests.fakes.telegram_html import parse_html
from tests.fakes.telegram_types import ApiError, FakeChat, SentMessage, utf16_len

MAX_TEXT_LENGTH = 4096


@dataclass
class StoredMessage:
    chat: FakeChat
    message_id: int
    sender: dict[str, Any]
    by_bot: bool
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    date: int = field(default_factory=lambda: int(clock.seconds()))
    edit_date: int | None = None
    deleted: bool = False

    @property
    def inline_markup(self) -> dict[str, Any] | None:
        markup = self.reply_markup
        return markup if markup is not None and "inline_keyboard" in markup else None

    def to_api(self) -> dict[str, Any]:
        """The Message object as Telegram returns it (only inline keyboards are echoed)."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.text is not None:
            data["text"] = self.text
        if self.entities:
            data["entities"] = self.entities
        if self.inline_markup is not None:
            data["reply_markup"] = self.inline_markup
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        data.update(self.extra)
        return data

    def snapshot(self) -> SentMessage:
        return SentMessage(
            chat_id=self.chat.id,
            message_id=self.message_id,
            text=self.text or "",
            parse_mode=self.parse_mode,
            reply_markup=self.reply_markup,
            edited=self.edit_date is not None,
            source=self.source,
            entities=tuple(self.entities),
            deleted=self.deleted,
            reply_to=(self.extra.get("reply_to_message") or {}).get("message_id"),
        )


def render_text(
    text: Any, parse_mode: Any, entities: Any = None
) -> tuple[str, list[dict[str, Any]]]:
    """Visible text and entities of a message text, with Telegram's checks and errors."""
    if not isinstance(text, str):
        raise ApiError.bad_request("message text is empty")
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        visible, found = parse_html(text)
    elif mode in ("", "markdown", "markdownv2"):  # Markdown is taken literally (not checked)
        visible, found = text, list(entities) if isinstance(entities, list) else []
    else:
        raise ApiError.bad_request("unsupported parse_mode")
    if not visible.strip():
        raise ApiError.bad_request("message text is empty")
    if utf16_len(visible) > MAX_TEXT_LENGTH:
        raise ApiError.bad_request("message is too long")
    return visible, found


@dataclass
class TelegramState:
    bot_user: dict[str, Any]
    chats: dict[int, FakeChat] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    kicked: set[int] = field(default_factory=set)  # groups the bot was removed from
    muted: set[int] = field(default_factory=set)  # groups where the bot may not send messages
    upgraded: dict[int, int] = field(default_factory=dict)  # group id → its supergroup's
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    bot_messages: dict[int, list[int]] = field(default_factory=dict)
    pending_callbacks: set[str] = field(default_factory=set)
    answered_callbacks: dict[str, dict[str, Any]] = field(default_factory=dict)
    chat_actions: list[tuple[int, str]] = field(default_factory=list)
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    reply_keyboards: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    _next_message_id: dict[int, int] = field(default_factory=dict)
    _next_query_id: int = 4_200_000_000_000_000_001

    def add_chat(self, chat: FakeChat) -> None:
        self.chats[chat.id] = chat

    def resolve_chat(self, chat_id: Any) -> FakeChat:
        if isinstance(chat_id, int) and chat_id in self.chats:
            return self.chats[chat_id]
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == chat_id[1:].lower():
                    return chat
        if chat_id is None or chat_id == "":
            raise ApiError.bad_request("chat_id is empty")
        raise ApiError.bad_request("chat not found")

    def add_message(self, message: StoredMessage) -> StoredMessage:
        self.messages[(message.chat.id, message.message_id)] = message
        if message.by_bot:
            self.bot_messages.setdefault(message.chat.id, []).append(message.message_id)
        return message

    def next_message_id(self, chat_id: int) -> int:
        number = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = number + 1
        return number

    def new_query_id(self) -> str:
        self._next_query_id += 1
        return str(self._next_query_id)

    def find(self, chat_id: int, message_id: Any) -> StoredMessage | None:
        if not isinstance(message_id, int):
            return None
        message = self.messages.get((chat_id, message_id))
        return None if message is None or message.deleted else message

    def sent(self, chat_id: int) -> list[SentMessage]:
        ids = self.bot_messages.get(chat_id, [])
        return [self.messages[(chat_id, message_id)].snapshot() for message_id in ids]
