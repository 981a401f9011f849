"""The soak: after the measured run, the same active staff keep working their script, round
after round, each round on a fresh batch of untaken leads, for S seconds. The bot process's
resident memory (VmRSS) is read at every tenth of it: the first tenth counts as warm."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from bench.crew import Member, with_leads
from bench.driver import Driver
from bench.phase import Soak, everyone
from bench.process import rss_mb
from bench.scenario import actions_per_user, work
from bench.spawn import BotProcess
from bot.sandbox import SandboxServer
from tests.fakes.telegram import FakeTelegram

SAMPLES = 10  # VmRSS readings over the soak, one a tenth; the first counts as warm


def _forget_round(tg: FakeTelegram, members: Sequence[Member]) -> None:
    """Drop what the fake server keeps of a finished round (its call log, the users' chats),
    so that the world process's bookkeeping (and its drivers' cost per action, which reads a
    user's whole chat) stays the same however long the soak runs. Nothing of it is read any
    more: the next round starts from a new /lead."""
    tg.calls.clear()
    users = {m.user.id for m in members}
    state = tg.state
    for user_id in users:
        state.bot_messages.pop(user_id, None)
    for key in [key for key in state.messages if key[0] in users]:
        del state.messages[key]


async def _sample_rss(pid: int, every: float, into: list[float]) -> None:
    """VmRSS of process ``pid`` every ``every`` seconds, into ``into``, until cancelled."""
    while True:
        await asyncio.sleep(every)
        into.append(rss_mb(pid))


async def soak(
    seconds: float,
    child: BotProcess,
    tg: FakeTelegram,
    sandbox: SandboxServer,
    members: Sequence[Member],
    *,
    deals: bool,
    first_lead: int,
    timeout: float,
) -> Soak:
    """Rounds until ``seconds`` have passed (the last one is finished); leads get phones
    numbered from ``first_lead``; ``timeout``: seconds one action may take at most."""
    round_timeout = timeout * (actions_per_user(deals=deals) + 1)
    started = time.monotonic()
    samples: list[float] = []
    sampler = asyncio.create_task(_sample_rss(child.pid, seconds / SAMPLES, samples))
    actions = unanswered = stuck = 0
    first = first_lead
    try:
        while time.monotonic() - started < seconds:
            team = await with_leads(sandbox, members, first)
            first += len(team)
            driver = Driver(tg, child.probe, timeout)
            stuck += await everyone([work(driver, m, deals=deals) for m in team], round_timeout)
            child.check()
            actions += len(driver.actions)
            unanswered += sum(action.handled is None for action in driver.actions)
            _forget_round(tg, team)
        end = rss_mb(child.pid)
    finally:
        sampler.cancel()
    rss = (*samples[: SAMPLES - 1], end)  # the tenth reading is the end's
    return Soak(time.monotonic() - started, actions, unanswered, stuck, rss)
