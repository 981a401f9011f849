"""What one phase of the benchmark (the bot, or the bare aiogram bot) produced."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field

from bench.driver import Action, StepFailed
from bench.measure import Measured

TOKEN = "123456:bench-token-for-the-fake-server"
STOP_TIMEOUT = 30.0


@dataclass
class Phase:
    actions: list[Action] = field(default_factory=list)
    measured: Measured = field(default_factory=Measured)
    wall: float = 0.0  # seconds from the first action sent to the last one handled
    stuck: int = 0  # users who could not finish their script
    crm_calls: int = 0  # requests the sandbox received during the measured actions
    deals: bool = False  # the deal actions were part of the mix


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
