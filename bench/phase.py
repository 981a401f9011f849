"""What the benchmark was asked for, what one phase of it (the bot, or the bare aiogram bot)
produced, and the measured run both phases make: all users' scripts at once, timed, with the
bot process's CPU."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field

from bench.driver import Action, Driver, StepFailed
from bench.measure import Measured
from bench.process import cpu_seconds
from bench.spawn import BotProcess

TOKEN = "123456:bench-token-for-the-fake-server"


@dataclass(frozen=True)
class Plan:
    """What the command line asked for."""

    staff: int  # N: the staff who act
    bound: int  # B: the staff bound in the store (N of them act)
    latency_ms: float  # L: added to every CRM request
    timeout: float  # seconds one action may take at most
    soak: float  # seconds of soak after the measured run (0: none)


@dataclass(frozen=True)
class Soak:
    """The bot phase's soak: the active staff working round after round after the run."""

    seconds: float
    actions: int
    unanswered: int  # actions the bot did not finish within the timeout
    stuck: int  # scripts (one per user and round) that could not finish
    rss_mb: tuple[float, ...]  # VmRSS of the bot process at each tenth of the soak, the
    # first counting as warm, the last at its end

    @property
    def warm_rss_mb(self) -> float:
        return self.rss_mb[0]

    @property
    def end_rss_mb(self) -> float:
        return self.rss_mb[-1]

    @property
    def growth(self) -> float:
        """Percent the resident memory grew from warm to the end."""
        return _percent(self.warm_rss_mb, self.end_rss_mb)

    @property
    def late_growth(self) -> float:
        """Percent it grew over the second half: a leak keeps growing, a filling cache or
        allocator levels off."""
        return _percent(self.rss_mb[(len(self.rss_mb) - 1) // 2], self.end_rss_mb)


def _percent(start: float, end: float) -> float:
    return (end - start) / start * 100 if start else 0.0


@dataclass
class Phase:
    actions: list[Action] = field(default_factory=list)
    measured: Measured = field(default_factory=Measured)
    wall: float = 0.0  # seconds from the first action sent to the last one handled
    stuck: int = 0  # users who could not finish their script
    crm_calls: int = 0  # requests the sandbox received during the measured actions
    # Bot API requests the bot made during the measured actions, by method (not getUpdates)
    telegram_calls: Counter[str] = field(default_factory=Counter)
    deals: bool = False  # the deal actions were part of the mix
    cpu: float = 0.0  # CPU seconds the bot process used over the measured actions
    startup: float = 0.0  # seconds from spawning the bot process to its first getUpdates
    peak_rss_mb: float = 0.0  # VmHWM of the bot process at the end of the phase
    soak: Soak | None = None

    @property
    def throughput(self) -> float:
        """Measured actions a second."""
        return len(self.actions) / self.wall if self.wall > 0 else 0.0

    @property
    def cpu_per_action(self) -> float:
        """CPU seconds of the bot process per measured action."""
        return self.cpu / len(self.actions) if self.actions else 0.0

    def complete(self) -> bool:
        """Every action got the reply the next one needed (the soak's too)."""
        soaked = self.soak is None or not (self.soak.unanswered or self.soak.stuck)
        measured = self.measured
        done = not (measured.unanswered or measured.problems or self.stuck)
        return bool(self.actions) and done and soaked


async def everyone(scripts: Sequence[Awaitable[None]], timeout: float) -> int:
    """Runs the users' scripts at once; how many did not finish (a step failed or timed out)."""

    async def one(script: Awaitable[None]) -> bool:
        try:
            await script
        except StepFailed:
            return False
        return True

    try:
        done = await asyncio.wait_for(asyncio.gather(*(one(s) for s in scripts)), timeout)
    except TimeoutError:
        return len(scripts)
    return done.count(False)


async def run_measured(
    phase: Phase,
    child: BotProcess,
    driver: Driver,
    scripts: Sequence[Awaitable[None]],
    timeout: float,
) -> None:
    """The measured run: ``scripts`` (driving ``driver``) at once; fills the phase's actions,
    stuck users, wall time, the bot process's CPU and its Bot API requests over them."""
    mark = len(driver.tg.calls)
    cpu, started = cpu_seconds(child.pid), time.monotonic()
    phase.stuck = await everyone(scripts, timeout)
    phase.wall = time.monotonic() - started
    phase.cpu = cpu_seconds(child.pid) - cpu
    made = driver.tg.calls[mark:]
    phase.telegram_calls = Counter(c.method for c in made if c.method != "getUpdates")
    phase.actions = driver.actions
    child.check()
