"""Links that open a command in the private chat with the bot (`t.me/<bot>?start=go-...`).

In a group, a command that would show CRM data answers with such a link instead. The
payload carries the command and, when they fit Telegram's 64 characters, its arguments
(base64url); `command_link(name)` matches it when the user opens it, and `typed_args` gives
a handler its arguments whichever way it was reached.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable, Callable

from aiogram import F
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message

from bot.config import Settings
from bot.crm.protocol import CRM
from bot.i18n import Translator

PREFIX = "go-"
MAX_PAYLOAD = 64  # Telegram's limit for a start parameter
_PAYLOAD = re.compile(r"^go-(?P<command>[a-z]{1,16})(?:-(?P<args>[A-Za-z0-9_-]*))?$")


def private_link(bot_username: str, command: str, args: str = "") -> str:
    payload = PREFIX + command
    if args:
        encoded = base64.urlsafe_b64encode(args.encode()).decode().rstrip("=")
        if len(payload) + 1 + len(encoded) <= MAX_PAYLOAD:
            payload += "-" + encoded
    return f"https://t.me/{bot_username}?start={payload}"


def command_link(command: str) -> CommandStart:
    """Matches `/start go-<command>[-<args>]`, the link `private_link` made."""
    return CommandStart(deep_link=True, magic=F.args.regexp(rf"^{PREFIX}{command}(-|$)"))


def card_link(kind: str) -> CommandStart:
    """Matches `/start <kind>_<id>`, a card's own link (`lead_979190`, `deal_40052`)."""
    return CommandStart(deep_link=True, magic=F.args.regexp(rf"^{kind}_\d{{1,12}}$"))


def card_id(command: CommandObject) -> str:
    """The id in a card's link: `deal_40052` → "40052"."""
    return (command.args or "").partition("_")[2]


SendCard = Callable[[Message, str, Translator, CRM, Settings], Awaitable[None]]


def card_opener(send: SendCard) -> Callable[..., Awaitable[None]]:
    """The handler of a card's link: `send` the card whose id the link carries."""

    async def open_card(
        message: Message, command: CommandObject, i18n: Translator, crm: CRM, settings: Settings
    ) -> None:
        await send(message, card_id(command), i18n, crm, settings)

    return open_card


def typed_args(command: CommandObject) -> str:
    """The command's arguments: as typed, or as carried by a `private_link`."""
    if command.command != "start":
        return command.args or ""
    found = _PAYLOAD.match(command.args or "")
    if found is None or not found["args"]:
        return ""
    encoded = found["args"]
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ""


_START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def link_for(bot_username: str, text: str) -> str:
    """The private-chat link for a command typed elsewhere: `/lead@my_bot +7 903` → the
    link to `/lead +7 903`; `/start deal_40052` → the same deep link."""
    head, _, args = text.strip().partition(" ")
    command, args = head.lstrip("/").split("@", 1)[0].lower(), args.strip()
    if command == "start":
        payload = args if _START_PAYLOAD.match(args) else ""
        return f"https://t.me/{bot_username}" + (f"?start={payload}" if payload else "")
    return private_link(bot_username, command, args)
