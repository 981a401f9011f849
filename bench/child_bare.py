"""``python -m bench.child_bare``: the ceiling of the stack, a bare aiogram bot (one handler
answering a fixed text) in a process of its own, on the world process's fake Telegram
server; started and stopped by bench/bare.py (bench/child.py says how)."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Message

from bench.child import ChildArgs, main

POLLING_TIMEOUT = 25  # as the bot's


async def _answer(message: Message) -> None:
    await message.answer("OK")


class BareBot:
    """Started, served and closed the way bench/child.py runs the real bot's App."""

    def __init__(self, args: ChildArgs) -> None:
        self.args = args
        self.dispatcher: Dispatcher | None = None
        self._bot: Bot | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(self.args.telegram_url))
        properties = DefaultBotProperties(parse_mode=ParseMode.HTML)
        self._bot = Bot(self.args.token, session=session, default=properties)
        self.dispatcher = Dispatcher()
        self.dispatcher.message.register(_answer)

    async def serve(self, *, handle_signals: bool = False) -> int:
        assert self._bot is not None and self.dispatcher is not None
        polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self._bot,
                handle_signals=handle_signals,
                close_bot_session=False,
                polling_timeout=POLLING_TIMEOUT,
            )
        )
        stop = asyncio.create_task(self._stopping.wait())
        await asyncio.wait({polling, stop}, return_when=asyncio.FIRST_COMPLETED)
        if not polling.done():
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
        await polling
        stop.cancel()
        return 0

    def stop(self) -> None:
        self._stopping.set()

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.session.close()


if __name__ == "__main__":
    sys.exit(main(BareBot))
