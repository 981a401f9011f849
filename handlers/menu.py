"""The command menu: which commands exist, and which CRM capability each needs.

`/help` and the Telegram command menu (`setMyCommands`) are both built from this list,
so a CRM that cannot do something never shows the command for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiogram.types import BotCommand

from bot.crm.base import Capability
from bot.i18n import Translator


@dataclass(frozen=True, slots=True)
class MenuCommand:
    name: str
    needs: frozenset[Capability] = frozenset()


MENU: tuple[MenuCommand, ...] = (
    MenuCommand("start"),
    MenuCommand("help"),
)


def available(capabilities: Iterable[Capability]) -> list[MenuCommand]:
    have = frozenset(capabilities)
    return [c for c in MENU if c.needs <= have]


def bot_commands(i18n: Translator, capabilities: Iterable[Capability]) -> list[BotCommand]:
    return [
        BotCommand(command=c.name, description=i18n(f"cmd.{c.name}"))
        for c in available(capabilities)
    ]
