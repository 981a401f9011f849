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

from aiogram import F
from aiogram.filters import CommandObject, CommandStart

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
