"""The fake Telegram Bot API server, tested over raw HTTP (httpx) and through real aiogram."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from tests.fakes.telegram import FakeChat, FakeTelegram, FakeUser, SentMessage

TOKEN = "123:abc"
ALICE = FakeUser(id=1001, first_name="Alice", username="alice", language_code="ru")
BOB = FakeUser(id=1002, first_name="Bob", last_name="Stone", language_code="en")
GROUP = FakeChat.group(-100123, "Sales team")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def keyboard(*data: str) -> dict[str, Any]:
    return {
        "inline_keyboard": [[{"text": f"b{i}", "callback_data": d} for i, d in enumerate(data)]]
    }


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN, bot_username="crm_test_bot")
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def http(tg: FakeTelegram) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{tg.url}/bot{TOKEN}/", timeout=10) as client:
        yield client


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.url))
    async with Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML")) as b:
        yield b


async def call(http: httpx.AsyncClient, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = await http.post(method, json=params)
    return response.status_code, response.json()


async def send(http: httpx.AsyncClient, chat_id: int, text: str, **params: Any) -> dict[str, Any]:
    status, body = await call(http, "sendMessage", chat_id=chat_id, text=text, **params)
    assert status == 200, body
    return body["result"]  # type: ignore[no-any-return]


async def bad_request(http: httpx.AsyncClient, method: str, **params: Any) -> str:
    status, body = await call(http, method, **params)
    assert (status, body["ok"], body["error_code"]) == (400, False, 400), body
    return body["description"]  # type: ignore[no-any-return]


# --- routing, getMe, errors ------------------------------------------------------------------


async def test_get_me_wrong_token_and_unknown_method(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    status, body = await call(http, "getMe")
    assert status == 200
    assert body["result"]["id"] == 123
    assert body["result"]["is_bot"] is True
    assert body["result"]["username"] == "crm_test_bot"
    async with httpx.AsyncClient(timeout=5) as raw:
        wrong = await raw.post(f"{tg.url}/bot999:zzz/getMe")
        assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")
        stray = await raw.get(f"{tg.url}/favicon.ico")
        assert stray.status_code == 404
    status, body = await call(http, "sendTelepathy")
    assert (status, body["description"]) == (404, "Not Found")
    assert [(c.method, c.ok, c.error_code) for c in tg.calls] == [
        ("getMe", True, None),
        ("getMe", False, 401),
        ("sendTelepathy", False, 404),
    ]


async def test_form_and_query_parameters_are_decoded(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "hi")
    markup = json.dumps(keyboard("x:1"))
    multipart = await http.post(
        "sendMessage",
        files={"chat_id": (None, "1001"), "text": (None, "42"), "reply_markup": (None, markup)},
    )
    urlencoded = await http.post("sendMessage", data={"chat_id": "1001", "text": "<b>b</b>"})
    query = await http.get("sendMessage", params={"chat_id": "1001", "text": "q"})
    assert [r.status_code for r in (multipart, urlencoded, query)] == [200, 200, 200]
    first = tg.calls_of("sendMessage")[0].params
    assert first == {"chat_id": 1001, "text": "42", "reply_markup": keyboard("x:1")}
    assert multipart.json()["result"]["reply_markup"] == keyboard("x:1")
    assert [m.text for m in tg.sent(1001)] == ["42", "<b>b</b>", "q"]


# --- getUpdates ------------------------------------------------------------------------------


async def test_get_updates_offset_confirms_for_ever_and_limit(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    for text in ("one", "two", "three"):
        tg.send_text(ALICE, text)
    _, body = await call(http, "getUpdates")
    ids = [u["update_id"] for u in body["result"]]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [u["message"]["text"] for u in body["result"]] == ["one", "two", "three"]
    _, body = await call(http, "getUpdates", offset=ids[1], limit=1)
    assert [u["update_id"] for u in body["result"]] == [ids[1]]
    _, body = await call(http, "getUpdates", offset=ids[0])
    assert [u["update_id"] for u in body["result"]] == ids[1:]
    _, body = await call(http, "getUpdates", offset=ids[2] + 1)
    assert body["result"] == []
    tg.send_text(ALICE, "four")
    _, body = await call(http, "getUpdates")
    assert [u["update_id"] for u in body["result"]] == [ids[2] + 1]


async def test_long_poll_waits_wakes_and_times_out(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    started = time.monotonic()
    _, body = await call(http, "getUpdates", timeout=1)
    assert body["result"] == []
    assert 0.9 <= time.monotonic() - started < 3

    poll = asyncio.create_task(call(http, "getUpdates", timeout=30))
    await asyncio.sleep(0.1)
    assert not poll.done()
    started = time.monotonic()
    tg.send_text(ALICE, "wake up")
    _, body = await asyncio.wait_for(poll, 5)
    assert time.monotonic() - started < 1
    assert body["result"][0]["message"]["text"] == "wake up"


async def test_stop_releases_a_waiting_long_poll(tg: FakeTelegram, http: httpx.AsyncClient) -> None:
    poll = asyncio.create_task(call(http, "getUpdates", timeout=30))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await tg.stop()
    status, body = await asyncio.wait_for(poll, 5)
    assert (status, body["result"]) == (200, [])
    assert time.monotonic() - started < 2


async def test_newer_get_updates_ends_older_with_conflict(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    older = asyncio.create_task(call(http, "getUpdates", timeout=30))
    await asyncio.sleep(0.1)
    await call(http, "getUpdates", timeout=0)
    status, body = await asyncio.wait_for(older, 5)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_allowed_updates_is_remembered_and_filters(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    await call(http, "getUpdates", allowed_updates=["callback_query"])
    tg.send_text(ALICE, "ignored")
    message = await send(http, ALICE.id, "pick", reply_markup=keyboard("p"))
    _, body = await call(http, "getUpdates")  # allowed_updates not repeated: still in force
    assert [next(k for k in u if k != "update_id") for u in body["result"]] == []
    sent = tg.sent(ALICE.id)[0]
    assert sent.message_id == message["message_id"]
    tg.press(ALICE, sent, "p")
    _, body = await call(http, "getUpdates")
    assert [u["callback_query"]["data"] for u in body["result"]] == ["p"]


async def test_delete_webhook_can_drop_pending_updates(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "kept")
    await call(http, "deleteWebhook")
    _, info = await call(http, "getWebhookInfo")
    assert info["result"]["pending_update_count"] == 1
    await call(http, "deleteWebhook", drop_pending_updates=True)
    _, body = await call(http, "getUpdates")
    assert body["result"] == []
    for method in ("close", "logOut"):
        status, body = await call(http, method)
        assert (status, body["result"]) == (200, True)


# --- what users do ---------------------------------------------------------------------------


async def test_user_messages_commands_contacts_and_groups(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    start = tg.send_text(ALICE, "/start@crm_test_bot deal 42")
    assert start["entities"] == [{"type": "bot_command", "offset": 0, "length": 19}]
    assert start["chat"] == {
        "id": 1001,
        "type": "private",
        "username": "alice",
        "first_name": "Alice",
    }
    contact = tg.send_contact(ALICE, phone="+79161110001", contact_user_id=1001)
    assert contact["contact"] == {
        "phone_number": "+79161110001",
        "first_name": "Alice",
        "user_id": 1001,
    }
    in_group = [tg.send_text(ALICE, "mine", GROUP), tg.send_text(BOB, "/take", GROUP)]
    assert {m["chat"]["type"] for m in in_group} == {"supergroup"}
    assert [m["from"]["id"] for m in in_group] == [1001, 1002]
    assert in_group[1]["message_id"] == in_group[0]["message_id"] + 1
    await send(http, GROUP.id, "New lead", reply_markup=keyboard("claim:7"))
    query_id = tg.press(BOB, tg.sent(GROUP.id)[0], "claim:7")
    _, body = await call(http, "getUpdates")
    query = body["result"][-1]["callback_query"]
    assert query["id"] == query_id
    assert query["from"]["id"] == BOB.id
    assert query["message"]["chat"]["id"] == GROUP.id
    assert query["chat_instance"]


async def test_press_requires_the_button_on_the_current_markup(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "hi")
    message = await send(http, ALICE.id, "pick", reply_markup=keyboard("a", "b"))
    sent = tg.sent(ALICE.id)[0]
    assert sent.buttons() == [("b0", "a"), ("b1", "b")]
    with pytest.raises(AssertionError, match="no button 'zzz'"):
        tg.press(ALICE, sent, "zzz")
    await call(http, "editMessageReplyMarkup", chat_id=ALICE.id, message_id=message["message_id"])
    with pytest.raises(AssertionError, match="no button 'a'"):
        tg.press(ALICE, sent, "a")  # the snapshot is stale; the fake checks the message now
    forged = tg.press_forged(ALICE, sent, "admin:delete_all")
    assert forged in tg.state.pending_callbacks


# --- sendMessage checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", 'Unsupported HTML entity "&" at byte offset 4'),
        ("<br>line", 'Unsupported start tag "br" at byte offset 0'),
        ("Привет <b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<a href="https://e.com"', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Привет <b", "Unclosed start tag at byte offset 13"),
    ],
)
async def test_bad_html_is_refused_like_telegram(
    tg: FakeTelegram, http: httpx.AsyncClient, html: str, reason: str
) -> None:
    tg.send_text(ALICE, "hi")
    description = await bad_request(
        http, "sendMessage", chat_id=ALICE.id, text=html, parse_mode="HTML"
    )
    assert description == f"Bad Request: can't parse entities: {reason}"
    assert tg.sent(ALICE.id) == []


async def test_good_html_gives_visible_text_and_entities(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "hi")
    html = (
        '😀 <b>Lead</b> &lt;#7&gt; &amp; <a href="https://crm.example/?a=1&b=2">card</a>\n'
        '<pre><code class="language-json">{}</code></pre><tg-spoiler>s</tg-spoiler>'
        "<blockquote expandable>q</blockquote>&#8470;"
    )
    result = await send(http, ALICE.id, html, parse_mode="HTML")
    assert result["text"] == "😀 Lead <#7> & card\n{}sq№"
    assert result["entities"] == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 15, "length": 4, "url": "https://crm.example/?a=1&b=2"},
        {"type": "pre", "offset": 20, "length": 2, "language": "json"},
        {"type": "spoiler", "offset": 22, "length": 1},
        {"type": "expandable_blockquote", "offset": 23, "length": 1},
    ]
    literal = await send(http, ALICE.id, "a < b & <i>c")  # no parse_mode: taken literally
    assert literal["text"] == "a < b & <i>c"
    assert tg.sent(ALICE.id)[0].source == html


async def test_text_length_is_counted_after_parsing_in_utf16(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "hi")
    for text, parse_mode in (("", None), ("  \n", None), ("<b></b>", "HTML")):
        assert (
            await bad_request(
                http, "sendMessage", chat_id=ALICE.id, text=text, parse_mode=parse_mode
            )
            == "Bad Request: message text is empty"
        )
    await send(http, ALICE.id, "😀" * 2048)  # 4096 UTF-16 code units
    await send(http, ALICE.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    too_long = await bad_request(http, "sendMessage", chat_id=ALICE.id, text="😀" * 2049)
    assert too_long == "Bad Request: message is too long"


async def test_reply_markup_is_validated(tg: FakeTelegram, http: httpx.AsyncClient) -> None:
    tg.send_text(ALICE, "hi")
    await send(http, ALICE.id, "ok", reply_markup=keyboard("я" * 32))  # 64 bytes
    bad_buttons = [
        ({"text": "t", "callback_data": "я" * 33}, "BUTTON_DATA_INVALID"),
        ({"text": "t", "callback_data": ""}, "BUTTON_DATA_INVALID"),
        ({"text": "t", "callback_data": "x", "url": "https://e.com"}, "more than one action"),
        ({"text": "t"}, "text buttons are unallowed in the inline keyboard"),
        ({"text": "t", "url": "javascript:alert(1)"}, "BUTTON_URL_INVALID"),
    ]
    for button, reason in bad_buttons:
        markup = {"inline_keyboard": [[button]]}
        description = await bad_request(
            http, "sendMessage", chat_id=ALICE.id, text="x", reply_markup=markup
        )
        assert reason in description
    contact = {"keyboard": [[{"text": "Share", "request_contact": True}]], "resize_keyboard": True}
    await send(http, ALICE.id, "phone?", reply_markup=contact)
    assert tg.reply_keyboard(ALICE.id) == contact
    assert tg.sent(ALICE.id)[-1].reply_buttons() == [{"text": "Share", "request_contact": True}]
    await send(http, ALICE.id, "thanks", reply_markup={"remove_keyboard": True})
    assert tg.reply_keyboard(ALICE.id) is None
    assert len(tg.sent(ALICE.id)) == 3


async def test_unknown_and_blocked_chats(tg: FakeTelegram, http: httpx.AsyncClient) -> None:
    description = await bad_request(http, "sendMessage", chat_id=999, text="x")
    assert description == "Bad Request: chat not found"
    tg.send_text(BOB, "hi")
    tg.block(BOB)
    status, body = await call(http, "sendMessage", chat_id=BOB.id, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")


# --- edits, deletes, callback answers, commands, chat actions -------------------------------


async def test_edits_follow_telegram_rules(tg: FakeTelegram, http: httpx.AsyncClient) -> None:
    user_message = tg.send_text(ALICE, "hi")
    first = await send(http, ALICE.id, "<b>Card</b>", parse_mode="HTML", reply_markup=keyboard("t"))
    ids = {"chat_id": ALICE.id, "message_id": first["message_id"]}
    missing = {"chat_id": ALICE.id, "message_id": 777}
    assert await bad_request(http, "editMessageText", **missing, text="x") == (
        "Bad Request: message to edit not found"
    )
    assert await bad_request(
        http, "editMessageText", chat_id=ALICE.id, message_id=user_message["message_id"], text="x"
    ) == ("Bad Request: message can't be edited")
    same = {"text": "<b>Card</b>", "parse_mode": "HTML", "reply_markup": keyboard("t")}
    assert await bad_request(http, "editMessageText", **ids, **same) == NOT_MODIFIED
    assert await bad_request(http, "editMessageReplyMarkup", **ids, reply_markup=keyboard("t")) == (
        NOT_MODIFIED
    )
    status, body = await call(http, "editMessageText", **ids, text="Card")  # entities differ
    assert status == 200 and body["result"]["edit_date"]
    current = tg.sent(ALICE.id)[0]
    assert (current.text, current.edited, current.reply_markup) == ("Card", True, None)
    assert await bad_request(http, "editMessageReplyMarkup", **ids) == NOT_MODIFIED
    reply_kb = {"keyboard": [[{"text": "x"}]]}
    assert "inline keyboard expected" in await bad_request(
        http, "editMessageReplyMarkup", **ids, reply_markup=reply_kb
    )
    status, _ = await call(http, "deleteMessage", **ids)
    assert status == 200
    assert await bad_request(http, "deleteMessage", **ids) == (
        "Bad Request: message to delete not found"
    )
    assert await bad_request(http, "editMessageText", **ids, text="again") == (
        "Bad Request: message to edit not found"
    )
    assert tg.sent(ALICE.id)[0].deleted and tg.messages_text(ALICE.id) == []


async def test_callback_answers_are_single_use(tg: FakeTelegram, http: httpx.AsyncClient) -> None:
    tg.send_text(ALICE, "hi")
    await send(http, ALICE.id, "pick", reply_markup=keyboard("go"))
    query_id = tg.press(ALICE, tg.sent(ALICE.id)[0], "go")
    too_long = await bad_request(
        http, "answerCallbackQuery", callback_query_id=query_id, text="x" * 201
    )
    assert too_long == "Bad Request: MESSAGE_TOO_LONG"
    status, _ = await call(http, "answerCallbackQuery", callback_query_id=query_id, text="Done")
    assert status == 200
    assert tg.answered_callbacks[query_id]["text"] == "Done"
    again = await bad_request(http, "answerCallbackQuery", callback_query_id=query_id)
    unknown = await bad_request(http, "answerCallbackQuery", callback_query_id="42")
    expected = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert again == unknown == expected


async def test_commands_and_chat_actions(tg: FakeTelegram, http: httpx.AsyncClient) -> None:
    ru = [
        {"command": "start", "description": "Начать"},
        {"command": "find_lead", "description": "Найти"},
    ]
    scope = {"type": "all_private_chats"}
    status, _ = await call(http, "setMyCommands", commands=ru, scope=scope, language_code="ru")
    assert status == 200
    assert tg.commands == {("all_private_chats", "ru"): ru}
    _, body = await call(http, "getMyCommands", scope=scope, language_code="ru")
    assert body["result"] == ru
    _, body = await call(http, "getMyCommands")
    assert body["result"] == []
    for command, reason in (
        ({"command": "Start", "description": "x"}, "BOT_COMMAND_INVALID"),
        ({"command": "x" * 33, "description": "x"}, "BOT_COMMAND_INVALID"),
        ({"command": "ok", "description": ""}, "BOT_COMMAND_DESCRIPTION_INVALID"),
        ({"command": "ok", "description": "d" * 257}, "BOT_COMMAND_DESCRIPTION_INVALID"),
    ):
        assert (
            await bad_request(http, "setMyCommands", commands=[command]) == f"Bad Request: {reason}"
        )
    tg.send_text(ALICE, "hi")
    await call(http, "sendChatAction", chat_id=ALICE.id, action="typing")
    assert "wrong parameter action" in await bad_request(
        http, "sendChatAction", chat_id=ALICE.id, action="dancing"
    )
    assert tg.chat_actions == [(ALICE.id, "typing")]


async def test_injected_errors_come_out_like_telegrams(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "hi")
    tg.fail_next("sendMessage", 429, retry_after=7)
    tg.fail_next("getUpdates", 409)
    status, body = await call(http, "sendMessage", chat_id=ALICE.id, text="x")
    assert (status, body) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )
    status, body = await call(http, "getUpdates")
    assert status == 409 and body["description"].startswith("Conflict: terminated")
    await send(http, ALICE.id, "now it works")
    assert tg.messages_text(ALICE.id) == ["now it works"]


# --- waiting helpers -------------------------------------------------------------------------


async def test_wait_helpers_consume_calls_and_fail_with_a_story(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    tg.send_text(ALICE, "hi")
    await send(http, ALICE.id, "one")
    later = asyncio.create_task(tg.wait_message(ALICE.id, after=1))
    await send(http, ALICE.id, "two")
    assert (await asyncio.wait_for(later, 5)).text == "two"
    first = await tg.wait_call("sendMessage")
    second = await tg.wait_call("sendmessage", lambda c: c.params["text"] == "two")
    assert (first.params["text"], second.params["text"]) == ("one", "two")
    with pytest.raises(AssertionError, match="no matching sendMessage call"):
        await tg.wait_call("sendMessage", timeout=0.1)
    with pytest.raises(AssertionError, match=r"no message #2 in chat 1001; have \['one', 'two'\]"):
        await tg.wait_message(ALICE.id, after=2, timeout=0.1)
    with pytest.raises(AssertionError, match="did not become idle"):
        await tg.wait_idle(timeout=0.2)  # nobody fetched the queued update


# --- through aiogram -------------------------------------------------------------------------


async def test_aiogram_bot_sends_edits_and_sees_errors(tg: FakeTelegram, bot: Bot) -> None:
    tg.send_text(ALICE, "hi")
    me = await bot.get_me()
    assert (me.id, me.username) == (123, "crm_test_bot")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Take", callback_data="take:1")]]
    )
    message = await bot.send_message(ALICE.id, "<b>Lead</b> #1", reply_markup=markup)
    assert message.text == "Lead #1" and message.html_text == "<b>Lead</b> #1"
    assert message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "take:1"
    assert tg.sent(ALICE.id)[0].buttons() == [("Take", "take:1")]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await message.edit_text("<b>Lead</b> #1", reply_markup=markup)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(ALICE.id, "1 < 2")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        too_long = InlineKeyboardButton(text="x", callback_data="d" * 65)
        await bot.send_message(
            ALICE.id, "x", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[too_long]])
        )
    tg.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as flood:
        await bot.send_message(ALICE.id, "x")
    assert flood.value.retry_after == 3
    tg.fail_next("sendChatAction", 403)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(ALICE.id, "typing")
    assert [c.method for c in tg.calls if not c.ok] == [
        "editMessageText",
        "sendMessage",
        "sendMessage",
        "sendMessage",
        "sendChatAction",
    ]


def build_dispatcher() -> Dispatcher:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Take", callback_data="take:1")]]
        )
        await message.answer(f"Hello, <b>{message.from_user.first_name}</b>", reply_markup=markup)  # type: ignore[union-attr]

    @router.callback_query(F.data == "take:1")
    async def take(query: CallbackQuery) -> None:
        await query.message.edit_text(f"Taken by {query.from_user.first_name}")  # type: ignore[union-attr]
        await query.answer("Done")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


@contextlib.asynccontextmanager
async def polling(tg: FakeTelegram) -> AsyncIterator[AiohttpSession]:
    """Run a real Dispatcher against the fake in this loop; stop it cleanly on exit."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.url))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    dp = build_dispatcher()
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=5))
    try:
        yield session
    finally:
        await asyncio.wait_for(dp.stop_polling(), 5)
        await asyncio.wait_for(task, 5)


async def test_dispatcher_polling_round_trip(tg: FakeTelegram) -> None:
    async with polling(tg) as session:
        tg.send_text(ALICE, "/start")
        hello = await tg.wait_message(ALICE.id)
        assert (hello.text, hello.source) == ("Hello, Alice", "Hello, <b>Alice</b>")
        query_id = tg.press(ALICE, hello, hello.button_data("Take"))
        answer = await tg.wait_call("answerCallbackQuery")
        assert answer.params == {"callback_query_id": query_id, "text": "Done"}
        await tg.wait_idle()
        assert tg.sent(ALICE.id) == [
            SentMessage(
                ALICE.id, hello.message_id, "Taken by Alice", "HTML", None, True, "Taken by Alice"
            )
        ]
        polls = tg.calls_of("getUpdates")
        assert sorted(polls[0].params["allowed_updates"]) == ["callback_query", "message"]
        assert all(c.params["timeout"] == 5 for c in polls)
    assert session._session is None or session._session.closed


async def test_a_restarted_bot_gets_what_came_while_it_was_down(tg: FakeTelegram) -> None:
    """The first run's last long poll is left waiting on the server; it must not swallow
    the update sent while the bot is down."""
    async with polling(tg):
        await tg.wait_polling()
    tg.send_text(BOB, "/start")
    with pytest.raises(AssertionError, match="did not become idle"):
        await tg.wait_idle(timeout=0.3)  # the orphaned poll woke, but nobody received it
    async with polling(tg):
        hello = await tg.wait_message(BOB.id)
        assert hello.text == "Hello, Bob"
        await tg.wait_idle()
    assert [c.error_code for c in tg.calls if not c.ok] in ([], [409])
