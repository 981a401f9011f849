"""The command menu: which commands exist, who sees them, and what each needs of the CRM.

`/help` and the Telegram command menu (`setMyCommands`) are both built from this list,
so a CRM that cannot do something never shows the command for it, and staff never see
the admins' commands.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.crm.capabilities import Capability
from bot.i18n import LANGUAGES, Translator

log = logging.getLogger("bot.menu")


@dataclass(frozen=True, slots=True)
class MenuCommand:
    name: str
    needs: frozenset[Capability] = frozenset()  # all of these
    any_of: frozenset[Capability] = frozenset()  # at least one of these, if any are named
    admin: bool = False

    def offered(self, have: frozenset[Capability]) -> bool:
        return self.needs <= have and (not self.any_of or bool(self.any_of & have))


_C = Capability
MENU: tuple[MenuCommand, ...] = (
    MenuCommand("lead", frozenset({_C.FIND_LEADS})),
    MenuCommand("deal", any_of=frozenset({_C.GET_DEAL, _C.FIND_DEALS, _C.SEARCH_DEALS})),
    MenuCommand("tasks", frozenset({_C.LIST_TASKS})),
    MenuCommand("newlead", frozenset({_C.CREATE_LEAD})),
    MenuCommand("newdeal", frozenset({_C.CREATE_DEAL})),
    MenuCommand("newtask", frozenset({_C.CREATE_TASK})),
    MenuCommand("newcontact", frozenset({_C.CREATE_CONTACT})),
    MenuCommand("newcompany", frozenset({_C.CREATE_COMPANY})),
    MenuCommand("centers", frozenset({_C.LIST_CENTERS})),
    MenuCommand("alerts", any_of=frozenset({_C.ASSIGN_LEAD, _C.REASSIGN_DEAL, _C.LIST_TASKS})),
    MenuCommand("start"),
    MenuCommand("help"),
    MenuCommand("whoami"),
    MenuCommand("cancel"),
    MenuCommand("invite", admin=True),
    MenuCommand("staff", admin=True),
    MenuCommand("requests", admin=True),
    MenuCommand("subscriptions", frozenset({Capability.LIST_NEW_LEADS}), admin=True),
    MenuCommand("stats", frozenset({_C.LEAD_STATS}), admin=True),
    MenuCommand("status", admin=True),
)


def available(capabilities: Iterable[Capability], *, admin: bool = False) -> list[MenuCommand]:
    have = frozenset(capabilities)
    return [c for c in MENU if c.offered(have) and (admin or not c.admin)]


def bot_commands(
    i18n: Translator, capabilities: Iterable[Capability], *, admin: bool = False
) -> list[BotCommand]:
    return [
        BotCommand(command=c.name, description=i18n(f"cmd.{c.name}"))
        for c in available(capabilities, admin=admin)
    ]


async def set_menus(
    bot: Bot, i18n: Translator, capabilities: Iterable[Capability], admins: Iterable[int]
) -> None:
    """Everyone gets the staff menu (in the bot's language, and in each other language for
    users whose Telegram is set to it); each admin's private chat also gets the admin one."""
    have = frozenset(capabilities)
    await bot.set_my_commands(bot_commands(i18n, have), scope=BotCommandScopeDefault())
    for code in LANGUAGES:
        localized = bot_commands(Translator(code), have)
        await bot.set_my_commands(localized, scope=BotCommandScopeDefault(), language_code=code)
    for admin_id in admins:
        await set_menu_for(bot, i18n, have, admin_id, admin=True)


async def set_menu_for(
    bot: Bot, i18n: Translator, capabilities: Iterable[Capability], chat_id: int, *, admin: bool
) -> None:
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        if admin:
            await bot.set_my_commands(bot_commands(i18n, capabilities, admin=True), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramAPIError as exc:  # an admin who never opened the bot has no chat yet
        log.info("no admin menu for chat %s: %s", chat_id, exc)
