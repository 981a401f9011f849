"""The benchmark's main phase: the real bot in a process of its own (bench/child_bot.py)
against the fake Telegram server and the sandbox CRM, which run here in the world process;
B staff bound, the first N of them run the action mix at once, then the soak."""

from __future__ import annotations

from pathlib import Path

from bench.child import ChildArgs
from bench.crew import Member, bind, hire, with_leads
from bench.driver import Driver, StepFailed
from bench.measure import measure
from bench.phase import TOKEN, Phase, Plan, run_measured
from bench.process import peak_rss_mb
from bench.scenario import actions_per_user, work
from bench.soak import soak
from bench.spawn import spawned
from bench.startup import startup_seconds
from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from tests.fakes.telegram import FakeTelegram

BOT_MODULE = "bench.child_bot"


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


async def run_bot(plan: Plan, workdir: Path) -> Phase:
    phase = Phase()
    timeout = plan.timeout
    database = workdir / "bot.sqlite3"
    async with FakeTelegram(token=TOKEN, bot_username="crm_bench_bot") as tg:
        sandbox = SandboxServer(workdir / "sandbox.sqlite3", SANDBOX_API_KEY)
        await sandbox.start()
        try:
            staff = await hire(sandbox, plan.bound + 1)  # one more: the warm-up user
            await bind(database, staff)
            warm, *members = await with_leads(sandbox, staff[: plan.staff + 1], first=1)
            sandbox.latency = plan.latency_ms / 1000  # the bot's start-up waits on it too
            args = ChildArgs(TOKEN, tg.url, crm_url=sandbox.url, database=database)
            async with spawned(BOT_MODULE, args, workdir, timeout) as child:
                await tg.wait_polling(timeout)
                phase.deals = await _warm_up(Driver(tg, child.probe, timeout), warm)
                phase.startup = startup_seconds(tg, child)
                driver = Driver(tg, child.probe, timeout)
                per_user = actions_per_user(deals=phase.deals)
                mark = len(sandbox.calls)
                scripts = [work(driver, m, deals=phase.deals) for m in members]
                await run_measured(phase, child, driver, scripts, timeout * (per_user + 1))
                phase.crm_calls = len(sandbox.calls) - mark
                phase.measured = measure(tg, phase.actions)
                if plan.soak > 0:
                    phase.soak = await soak(
                        plan.soak,
                        child,
                        tg,
                        sandbox,
                        members,
                        deals=phase.deals,
                        first_lead=plan.staff + 2,
                        timeout=timeout,
                    )
                phase.peak_rss_mb = peak_rss_mb(child.pid)
        finally:
            await sandbox.stop()
    return phase
