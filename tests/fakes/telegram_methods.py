"""The Bot API methods the fake Telegram implements (all but getUpdates, see telegram_updates).

Each method takes decoded parameters and returns the ``result`` or raises ``ApiError`` with
Telegram's wording. Method names are matched case-insensitively, like Telegram does.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot import clock
from tests.fakes.telegram_markup import validate_reply_markup
from tests.fakes.telegram_state import StoredMessage, TelegramState, render_text
from tests.fakes.telegram_types import ApiError
from tests.fakes.telegram_updates import UpdateQueue

Handler = Callable[[dict[str, Any]], Awaitable[Any]]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"(?:[a-z]{2})?")


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise ApiError.bad_request("can't parse BotCommandScope JSON object")
    language = params.get("language_code") or ""
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise ApiError.bad_request("invalid language code specified")
    return scope["type"], language


def _validate_commands(commands: Any) -> list[dict[str, Any]]:
    if not isinstance(commands, list):
        raise ApiError.bad_request('parameter "commands" is required')
    if len(commands) > 100:
        raise ApiError.bad_request("too many commands specified")
    for item in commands:
        if not isinstance(item, dict) or not _COMMAND.fullmatch(str(item.get("command", ""))):
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
        description = item.get("description")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return [{"command": c["command"], "description": c["description"]} for c in commands]


class BotApi:
    def __init__(self, state: TelegramState, updates: UpdateQueue) -> None:
        self.state = state
        self.updates = updates
        self.methods: dict[str, tuple[str, Handler]] = {}
        for name in (
            "getMe",
            "deleteWebhook",
            "getWebhookInfo",
            "setMyCommands",
            "getMyCommands",
            "deleteMyCommands",
            "sendChatAction",
            "sendMessage",
            "editMessageText",
            "editMessageReplyMarkup",
            "answerCallbackQuery",
            "deleteMessage",
            "close",
            "logOut",
        ):
            handler = getattr(self, name[0].lower() + re.sub(r"[A-Z]", r"_\g<0>", name[1:]).lower())
            self.methods[name.lower()] = (name, handler)

    def lookup(self, method: str) -> tuple[str, Handler] | None:
        """Canonical name and implementation of a method (None when unknown)."""
        return self.methods.get(method.lower())

    async def get_me(self, params: dict[str, Any]) -> Any:
        return self.state.bot_user

    async def delete_webhook(self, params: dict[str, Any]) -> Any:
        if params.get("drop_pending_updates") is True:
            self.updates.drop_pending()
        return True

    async def get_webhook_info(self, params: dict[str, Any]) -> Any:
        pending = len(self.updates.pending)
        return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}

    async def set_my_commands(self, params: dict[str, Any]) -> Any:
        commands = _validate_commands(params.get("commands"))
        self.state.commands[_commands_key(params)] = commands
        return True

    async def get_my_commands(self, params: dict[str, Any]) -> Any:
        return self.state.commands.get(_commands_key(params), [])

    async def delete_my_commands(self, params: dict[str, Any]) -> Any:
        self.state.commands.pop(_commands_key(params), None)
        return True

    async def close(self, params: dict[str, Any]) -> Any:
        return True

    async def log_out(self, params: dict[str, Any]) -> Any:
        return True

    def _reachable_chat(self, params: dict[str, Any]) -> Any:
        chat = self.state.resolve_chat(params.get("chat_id"))
        if chat.id in self.state.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.id in self.state.kicked:
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if chat.id in self.state.muted:
            raise ApiError(400, "Bad Request: not enough rights to send text messages to the chat")
        if chat.id in self.state.upgraded:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.state.upgraded[chat.id]},
            )
        return chat

    async def send_chat_action(self, params: dict[str, Any]) -> Any:
        chat = self._reachable_chat(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise ApiError.bad_request("wrong parameter action in request")
        self.state.chat_actions.append((chat.id, action))
        return True

    async def send_message(self, params: dict[str, Any]) -> Any:
        chat = self._reachable_chat(params)
        parse_mode = params.get("parse_mode") or None
        text, entities = render_text(params.get("text"), parse_mode, params.get("entities"))
        markup = params.get("reply_markup")
        if markup is not None:
            markup = validate_reply_markup(markup)
        extra: dict[str, Any] = {}
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        reply_to = params.get("reply_to_message_id", reply_to)
        if reply_to is not None:
            replied = self.state.find(chat.id, reply_to)
            if replied is not None:
                extra["reply_to_message"] = replied.to_api()
            elif not (isinstance(reply, dict) and reply.get("allow_sending_without_reply")):
                raise ApiError.bad_request("message to be replied not found")
        message = StoredMessage(
            chat=chat,
            message_id=self.state.next_message_id(chat.id),
            sender=self.state.bot_user,
            by_bot=True,
            text=text,
            entities=entities,
            source=params["text"],
            parse_mode=parse_mode,
            reply_markup=markup,
            extra=extra,
        )
        if markup is not None and ("keyboard" in markup or "remove_keyboard" in markup):
            self.state.reply_keyboards[chat.id] = markup if "keyboard" in markup else None
        return self.state.add_message(message).to_api()

    def _editable(self, params: dict[str, Any]) -> StoredMessage:
        if params.get("inline_message_id") is not None:
            raise ApiError.bad_request("message to edit not found")
        if params.get("message_id") is None:
            raise ApiError.bad_request("message identifier is not specified")
        chat = self.state.resolve_chat(params.get("chat_id"))
        message = self.state.find(chat.id, params.get("message_id"))
        if message is None:
            raise ApiError.bad_request("message to edit not found")
        if not message.by_bot or message.text is None:
            raise ApiError.bad_request("message can't be edited")
        return message

    @staticmethod
    def _new_markup(params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        return None if markup is None else validate_reply_markup(markup, inline_only=True)

    async def edit_message_text(self, params: dict[str, Any]) -> Any:
        message = self._editable(params)
        parse_mode = params.get("parse_mode") or None
        text, entities = render_text(params.get("text"), parse_mode, params.get("entities"))
        markup = self._new_markup(params)  # no reply_markup removes the inline keyboard
        same_content = (text, entities) == (message.text, message.entities)
        if same_content and markup == message.inline_markup:
            raise ApiError.bad_request(NOT_MODIFIED)
        message.text, message.entities, message.source = text, entities, params["text"]
        message.parse_mode, message.reply_markup = parse_mode, markup
        message.edit_date = int(clock.seconds())
        return message.to_api()

    async def edit_message_reply_markup(self, params: dict[str, Any]) -> Any:
        message = self._editable(params)
        markup = self._new_markup(params)
        if markup == message.inline_markup:
            raise ApiError.bad_request(NOT_MODIFIED)
        message.reply_markup = markup
        message.edit_date = int(clock.seconds())
        return message.to_api()

    async def delete_message(self, params: dict[str, Any]) -> Any:
        chat = self.state.resolve_chat(params.get("chat_id"))
        message = self.state.find(chat.id, params.get("message_id"))
        if message is None:
            raise ApiError.bad_request("message to delete not found")
        message.deleted = True
        return True

    async def answer_callback_query(self, params: dict[str, Any]) -> Any:
        query_id = params.get("callback_query_id")
        if not isinstance(query_id, str) or query_id not in self.state.pending_callbacks:
            raise ApiError.bad_request(QUERY_TOO_OLD)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise ApiError.bad_request("MESSAGE_TOO_LONG")
        self.state.pending_callbacks.discard(query_id)
        self.state.answered_callbacks[query_id] = params
        return True
