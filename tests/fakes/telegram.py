"""A fake Telegram Bot API server on loopback, for driving the real bot in tests.

It answers ``{base}/bot{token}/{method}`` (the URL form aiogram uses), checks what the bot
sends the way Telegram does (HTML parse mode, text length, reply markup, edits, callback
answers; see telegram_methods, telegram_html, telegram_markup) and records every call.

How a test drives a bot with it::

    tg = FakeTelegram(token="123:abc", bot_username="crm_test_bot")
    await tg.start()                      # in a fixture; ``await tg.stop()`` in its teardown
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.url))
    bot = Bot(tg.token, session=session)
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))

    alice = FakeUser(id=1001, first_name="Alice", username="alice", language_code="ru")
    seen = len(tg.sent(alice.id))
    tg.send_text(alice, "/start")         # queues an Update; the bot's getUpdates wakes at once
    reply = await tg.wait_message(alice.id, after=seen)
    assert "Hello" in reply.text          # visible text; ``reply.source`` is the HTML sent
    tg.press(alice, reply, reply.button_data("Take"))   # must be a button on the message now
    await tg.wait_call("answerCallbackQuery")

    await dp.stop_polling()               # then await the task; the session is closed by it

Waits are bounded (``timeout``) and fail with AssertionError describing what happened.
``wait_call`` consumes the call it returns, so two waits for the same method see two calls.
``fail_next(method, code, ...)`` makes the next call(s) of a method fail like Telegram would.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from bot import clock
from tests.fakes.telegram_markup import inline_callback_data
from tests.fakes.telegram_server import TelegramServer
from tests.fakes.telegram_state import StoredMessage
from tests.fakes.telegram_types import ApiCall, ApiError, FakeChat, FakeUser, SentMessage, utf16_len

__all__ = ["ApiCall", "ApiError", "FakeChat", "FakeTelegram", "FakeUser", "SentMessage"]

_MEMBER_RIGHTS = (  # what a restricted member may do, each listed in ChatMemberRestricted
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?!\S)")


def _command_entities(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in _COMMAND.finditer(text)
    ]


class FakeTelegram(TelegramServer):
    # --- what the bot sees: feeding updates ------------------------------------------------

    def add_chat(self, chat: FakeChat) -> FakeChat:
        """Make a chat known (e.g. a group the bot was added to) without any message."""
        self.state.add_chat(chat)
        return chat

    def block(self, user: FakeUser, blocked: bool = True) -> None:
        """The user blocks the bot: sends to their private chat fail with 403."""
        (self.state.blocked.add if blocked else self.state.blocked.discard)(user.id)

    def remove_bot(self, chat: FakeChat) -> None:
        """A member removes the bot from the group: sends there fail with 403."""
        self.state.kicked.add(chat.id)

    def mute(self, chat: FakeChat, by: FakeUser, muted: bool = True) -> None:
        """An admin of the group takes the bot's right to send messages (`muted`) or gives
        it back: sends there fail with 400 «not enough rights» meanwhile, and the bot gets
        a `my_chat_member` update each time, as from Telegram."""
        (self.state.muted.add if muted else self.state.muted.discard)(chat.id)
        bot = self.state.bot_user
        restricted = {"status": "restricted", "user": bot, "is_member": True, "until_date": 0}
        restricted |= dict.fromkeys(_MEMBER_RIGHTS, False)
        member = {"status": "member", "user": bot}
        old, new = (member, restricted) if muted else (restricted, member)
        update = {
            "chat": self.add_chat(chat).to_api(),
            "from": by.to_api(),
            "date": int(clock.seconds()),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        self.updates.push("my_chat_member", update)
        self._touch()

    def upgrade_group(self, group: FakeChat, supergroup_id: int, by: FakeUser) -> FakeChat:
        """The group becomes a supergroup with a new id: the old chat gets the service
        message `migrate_to_chat_id`, the new one `migrate_from_chat_id`, and sends to the
        old id fail with the new id in the error's parameters."""
        new = self.add_chat(FakeChat.group(supergroup_id, group.title or ""))
        self.state.upgraded[group.id] = supergroup_id
        self._user_message(by, group, None, extra={"migrate_to_chat_id": supergroup_id})
        self._user_message(by, new, None, extra={"migrate_from_chat_id": group.id})
        return new

    def _user_message(
        self, user: FakeUser, chat: FakeChat | None, reply_to: SentMessage | None, **fields: Any
    ) -> dict[str, Any]:
        chat = self.add_chat(chat or self.state.chats.get(user.id) or FakeChat.private(user))
        extra: dict[str, Any] = fields.pop("extra", {})
        if reply_to is not None:
            replied = self.state.find(reply_to.chat_id, reply_to.message_id)
            assert replied is not None, f"cannot reply to a missing message {reply_to}"
            extra["reply_to_message"] = replied.to_api()
        message = StoredMessage(
            chat=chat,
            message_id=self.state.next_message_id(chat.id),
            sender=user.to_api(),
            by_bot=False,
            extra=extra,
            **fields,
        )
        payload = self.state.add_message(message).to_api()
        self.updates.push("message", payload)
        self._touch()
        return payload

    def send_text(
        self,
        user: FakeUser,
        text: str,
        chat: FakeChat | None = None,
        *,
        reply_to: SentMessage | None = None,
    ) -> dict[str, Any]:
        """The user writes ``text`` (private chat by default); returns the Message queued."""
        entities = _command_entities(text)
        return self._user_message(user, chat, reply_to, text=text, entities=entities, source=text)

    def send_contact(
        self,
        user: FakeUser,
        phone: str,
        contact_user_id: int | None = None,
        chat: FakeChat | None = None,
        *,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """The user shares a contact (their own when ``contact_user_id`` is their id)."""
        contact: dict[str, Any] = {
            "phone_number": phone,
            "first_name": first_name or user.first_name,
        }
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self._user_message(user, chat, None, extra={"contact": contact})

    def press(self, user: FakeUser, message: SentMessage, callback_data: str) -> str:
        """The user presses the inline button with ``callback_data``; returns the query id."""
        stored = self.state.find(message.chat_id, message.message_id)
        if stored is None:
            raise AssertionError(f"message {message.message_id} in {message.chat_id} is gone")
        if callback_data not in inline_callback_data(stored.reply_markup):
            current = stored.snapshot().buttons()
            raise AssertionError(f"no button {callback_data!r} on the message now: {current}")
        return self._callback(user, stored.to_api(), callback_data)

    def press_forged(self, user: FakeUser, message: SentMessage, callback_data: str) -> str:
        """A callback query with any data, as a modified client could send it."""
        stored = self.state.find(message.chat_id, message.message_id)
        if stored is not None:
            return self._callback(user, stored.to_api(), callback_data)
        chat = self.state.chats.get(message.chat_id) or FakeChat(message.chat_id, "private")
        payload = {"message_id": message.message_id, "chat": chat.to_api(), "date": 0}
        return self._callback(user, payload, callback_data)

    def _callback(self, user: FakeUser, message: dict[str, Any], data: str) -> str:
        query_id = self.state.new_query_id()
        chat_id = message["chat"]["id"]
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": message,
            "chat_instance": str(-chat_id * 7 + 1_000_000_000_000),
            "data": data,
        }
        self.state.pending_callbacks.add(query_id)
        self.updates.push("callback_query", query)
        self._touch()
        return query_id

    # --- what the bot did ------------------------------------------------------------------

    @property
    def answered_callbacks(self) -> dict[str, dict[str, Any]]:
        return self.state.answered_callbacks

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        return self.state.chat_actions

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """setMyCommands by ``(scope type, language_code or "")``."""
        return self.state.commands

    def reply_keyboard(self, chat_id: int) -> dict[str, Any] | None:
        """The reply keyboard the bot last set in a chat (None if none or removed)."""
        return self.state.reply_keyboards.get(chat_id)

    def sent(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent to a chat, oldest first, each in its current state."""
        return self.state.sent(chat_id)

    def messages_text(self, chat_id: int) -> list[str]:
        return [m.text for m in self.sent(chat_id) if not m.deleted]

    async def _until(
        self, check: Callable[[], bool], timeout: float, what: Callable[[], str]
    ) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{what()} (after {timeout}s); last calls: {self._recent()}")
            await self._changed.wait(min(remaining, 0.02))

    def _recent(self) -> str:
        return ", ".join(
            f"{c.method}{'' if c.ok else f' -> {c.error_code} {c.description}'}"
            for c in self.calls[-8:]
        )

    async def wait_message(
        self, chat_id: int, *, after: int = 0, timeout: float = 5.0
    ) -> SentMessage:
        """The message number ``after`` (0-based) the bot sends to a chat, once it exists."""

        def what() -> str:
            return f"no message #{after} in chat {chat_id}; have {self.messages_text(chat_id)}"

        await self._until(lambda: len(self.sent(chat_id)) > after, timeout, what)
        return self.sent(chat_id)[after]

    async def wait_call(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = 5.0,
    ) -> ApiCall:
        """The oldest call of ``method`` matching ``predicate`` not returned before."""
        found: list[ApiCall] = []

        def check() -> bool:
            for index, call in enumerate(self.calls):
                if index in self._consumed or call.method.lower() != method.lower():
                    continue
                if predicate is None or predicate(call):
                    self._consumed.add(index)
                    found.append(call)
                    return True
            return False

        await self._until(check, timeout, lambda: f"no matching {method} call")
        return found[0]

    async def wait_polling(self, timeout: float = 5.0) -> None:
        """A getUpdates long poll is waiting (the bot has started and has nothing queued)."""
        await self._until(lambda: self.updates.parked > 0, timeout, lambda: "nobody polls")

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.05) -> None:
        """Every queued update fetched, no request in flight (but a waiting getUpdates) and
        nothing happened for ``quiet`` seconds."""

        def check() -> bool:
            busy = self._in_flight - self.updates.parked > 0
            calm = time.monotonic() - self._last_activity >= quiet
            return self.updates.all_delivered() and not busy and calm

        await self._until(check, timeout, lambda: "the bot did not become idle")
