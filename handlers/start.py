"""`/start` and `/help`: the greeting and the list of what this CRM allows."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.crm.base import CRM
from bot.i18n import Html, Translator
from handlers.menu import available


async def start(message: Message, i18n: Translator, crm_name: str) -> None:
    name = message.from_user.first_name if message.from_user else ""
    await message.answer(i18n("start.greeting", name=name, crm_name=crm_name))


async def help_(message: Message, i18n: Translator, crm: CRM) -> None:
    lines = [i18n("help.title")]
    lines += [
        i18n("help.line", command=c.name, description=i18n(f"cmd.{c.name}"))
        for c in available(crm.capabilities)
    ]
    lines.append(i18n("help.crm", crm_kind=crm.kind))
    await message.answer(Html("\n".join(lines)))


def router() -> Router:
    r = Router(name="start")
    r.message.register(start, CommandStart())
    r.message.register(help_, Command("help"))
    return r
