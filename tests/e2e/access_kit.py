"""People and steps shared by the access tests."""

from __future__ import annotations

from bot.app import App
from bot.sandbox import seed
from tests.fakes.telegram import FakeChat, FakeTelegram, FakeUser, SentMessage

ANNA_EMPLOYEE = seed.EMPLOYEES[0]  # Анна Смирнова, 79161110001
IVAN_EMPLOYEE = seed.EMPLOYEES[1]  # Иван Петров, 79161110002

# Their Telegram languages are ones the bot does not speak: they are answered in LANGUAGE.
ANNA = FakeUser(id=2001, first_name="Anna", last_name="S", username="anna", language_code="de")
IVAN = FakeUser(id=2002, first_name="Ivan", username="ivan", language_code=None)
STRANGER = FakeUser(id=3001, first_name="Олег", username="oleg", language_code="uk")
OTHER = FakeUser(id=3002, first_name="Пётр", username="petr", language_code=None)
ADMIN1 = FakeUser(id=9001, first_name="Админ", last_name="Первый", username="adm1")
ADMIN2 = FakeUser(id=9002, first_name="Админ", last_name="Второй", username="adm2")
ADMIN_IDS = f"{ADMIN1.id},{ADMIN2.id}"


def know_admins(tg: FakeTelegram) -> None:
    """The admins have opened the bot before (Telegram only lets a bot write to them then)."""
    for admin in (ADMIN1, ADMIN2):
        tg.add_chat(FakeChat.private(admin))


async def say(tg: FakeTelegram, user: FakeUser, text: str) -> SentMessage:
    """Send a text in the user's private chat and return the bot's next message there."""
    seen = len(tg.sent(user.id))
    tg.send_text(user, text)
    return await tg.wait_message(user.id, after=seen)


async def bind_by_contact(tg: FakeTelegram, user: FakeUser, phone: str) -> SentMessage:
    seen = len(tg.sent(user.id))
    tg.send_contact(user, phone=phone, contact_user_id=user.id)
    return await tg.wait_message(user.id, after=seen)


async def press(tg: FakeTelegram, user: FakeUser, message: SentMessage, label: str) -> str:
    """Press the button labelled `label`; return the bot's answer to the press (its text)."""
    return await answered(tg, tg.press(user, message, message.button_data(label)))


async def press_data(tg: FakeTelegram, user: FakeUser, message: SentMessage, data: str) -> str:
    """Press a button with any callback data (a forged one too); return the answer's text."""
    return await answered(tg, tg.press_forged(user, message, data))


async def answered(tg: FakeTelegram, query_id: str) -> str:
    call = await tg.wait_call(
        "answerCallbackQuery", lambda c: c.params.get("callback_query_id") == query_id
    )
    return str(call.params.get("text", ""))


def current(tg: FakeTelegram, message: SentMessage) -> SentMessage:
    """The message as it is now (after the bot's edits)."""
    return next(m for m in tg.sent(message.chat_id) if m.message_id == message.message_id)


def crm_calls(app: App) -> int:
    assert app.sandbox is not None
    return len(app.sandbox.calls)
