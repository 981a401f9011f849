"""The ceiling of the stack: a bare aiogram bot (one handler answering a fixed text) on the
same fake Telegram server, the same N users each sending the same number of messages."""

from __future__ import annotations

import asyncio
import contextlib
import time

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Message

from bench.crew import FIRST_USER_ID
from bench.driver import Driver
from bench.measure import measure
from bench.phase import STOP_TIMEOUT, TOKEN, Phase, everyone
from bench.probe import Probe
from bench.scenario import chat
from tests.fakes.telegram import FakeTelegram, FakeUser

POLLING_TIMEOUT = 25  # as the bot's


async def _answer(message: Message) -> None:
    await message.answer("OK")


async def run_bare(staff: int, messages: int, timeout: float) -> Phase:
    phase = Phase()
    async with FakeTelegram(token=TOKEN, bot_username="bare_bench_bot") as tg:
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.url))
        bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
        dp = Dispatcher()
        probe = Probe()
        probe.install(dp)
        dp.message.register(_answer)
        polling = asyncio.create_task(
            dp.start_polling(bot, handle_signals=False, polling_timeout=POLLING_TIMEOUT)
        )
        try:
            await tg.wait_polling(timeout)
            users = [
                FakeUser(id=FIRST_USER_ID + n, first_name=f"User{n}") for n in range(staff + 1)
            ]
            await chat(Driver(tg, probe, timeout), users[0], 1)  # warm-up, not measured
            driver = Driver(tg, probe, timeout)
            started = time.monotonic()
            scripts = [chat(driver, user, messages) for user in users[1:]]
            phase.stuck = await everyone(scripts, timeout * (messages + 1))
            phase.wall = time.monotonic() - started
            phase.actions = driver.actions
        finally:
            with contextlib.suppress(RuntimeError):
                await dp.stop_polling()
            try:
                await asyncio.wait_for(polling, STOP_TIMEOUT)
            finally:
                await bot.session.close()
        phase.measured = measure(tg, phase.actions)
    return phase
