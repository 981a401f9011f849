"""The benchmark's main phase: the real bot (App) against the fake Telegram server and the
sandbox CRM, all in this process; N bound staff run the action mix at once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bench.crew import Member, bind, prepare
from bench.driver import Driver, StepFailed
from bench.measure import measure
from bench.phase import STOP_TIMEOUT, TOKEN, Phase, everyone
from bench.probe import Probe
from bench.scenario import DEAL_ACTIONS, LEAD_ACTIONS, work
from bot.app import App
from bot.config import load_settings
from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from tests.fakes.telegram import FakeTelegram


class WarmUpFailed(Exception):
    """The bot did not get through the lead actions once before the measured run."""


async def _warm_up(driver: Driver, member: Member) -> bool:
    """One member runs the script unmeasured (caches filled); True when /deal is served."""
    try:
        await work(driver, member, deals=True)
    except StepFailed as exc:
        if driver.actions and driver.actions[-1].kind == "Open deal":
            return False
        raise WarmUpFailed(str(exc)) from None
    return True


async def run_bot(staff: int, latency: float, workdir: Path, timeout: float) -> Phase:
    """``timeout``: seconds one action may take before it counts as unanswered."""
    phase = Phase()
    async with FakeTelegram(token=TOKEN, bot_username="crm_bench_bot") as tg:
        sandbox = SandboxServer(workdir / "sandbox.sqlite3", SANDBOX_API_KEY)
        await sandbox.start()
        try:
            prepared = await prepare(sandbox, staff + 1)
            settings = load_settings(
                _env_file=None,
                bot_token=TOKEN,
                telegram_api_url=tg.url,
                crm_kind="envybox",
                crm_url=sandbox.url,
                crm_api_key=SANDBOX_API_KEY,
                database_path=workdir / "bot.sqlite3",
            )
            app = App(settings)
            try:
                await app.start()
                assert app.dispatcher is not None
                probe = Probe()
                probe.install(app.dispatcher)
                warm, *members = await bind(app.store, prepared)
                serving = asyncio.create_task(app.serve(handle_signals=False))
                try:
                    await tg.wait_polling(timeout)
                    sandbox.latency = latency
                    phase.deals = await _warm_up(Driver(tg, probe, timeout), warm)
                    driver = Driver(tg, probe, timeout)
                    per_user = LEAD_ACTIONS + (DEAL_ACTIONS if phase.deals else 0)
                    mark, started = len(sandbox.calls), time.monotonic()
                    scripts = [work(driver, m, deals=phase.deals) for m in members]
                    phase.stuck = await everyone(scripts, timeout * (per_user + 1))
                    phase.wall = time.monotonic() - started
                    phase.crm_calls = len(sandbox.calls) - mark
                    phase.actions = driver.actions
                finally:
                    app.stop()
                    await asyncio.wait_for(serving, STOP_TIMEOUT)
            finally:
                await app.close()
        finally:
            await sandbox.stop()
        phase.measured = measure(tg, phase.actions)
    return phase
