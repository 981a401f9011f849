"""The ceiling of the stack: a bare aiogram bot (bench/child_bare.py, one handler answering a
fixed text) in a process of its own, on a fake Telegram server of its own in the world
process; the same N users each send the same number of messages."""

from __future__ import annotations

from pathlib import Path

from bench.child import ChildArgs
from bench.crew import FIRST_USER_ID
from bench.driver import Driver
from bench.measure import measure
from bench.phase import TOKEN, Phase, run_measured
from bench.process import peak_rss_mb
from bench.scenario import chat
from bench.spawn import spawned
from bench.startup import startup_seconds
from tests.fakes.telegram import FakeTelegram, FakeUser

BARE_MODULE = "bench.child_bare"


async def run_bare(staff: int, messages: int, workdir: Path, timeout: float) -> Phase:
    phase = Phase()
    async with (
        FakeTelegram(token=TOKEN, bot_username="bare_bench_bot") as tg,
        spawned(BARE_MODULE, ChildArgs(TOKEN, tg.url), workdir, timeout) as child,
    ):
        await tg.wait_polling(timeout)
        users = [FakeUser(id=FIRST_USER_ID + n, first_name=f"User{n}") for n in range(staff + 1)]
        await chat(Driver(tg, child.probe, timeout), users[0], 1)  # warm-up, not measured
        phase.startup = startup_seconds(tg, child)
        driver = Driver(tg, child.probe, timeout)
        scripts = [chat(driver, user, messages) for user in users[1:]]
        await run_measured(phase, child, driver, scripts, timeout * (messages + 1))
        phase.measured = measure(tg, phase.actions)
        phase.peak_rss_mb = peak_rss_mb(child.pid)
    return phase
