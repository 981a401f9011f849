"""How long a bot takes to start: from spawning its process to the moment the fake Telegram
server receives its first getUpdates; and, for scale, how long ``import aiogram`` takes."""

from __future__ import annotations

import asyncio
import sys
import time

from bench.spawn import ROOT, BotProcess
from tests.fakes.telegram import FakeTelegram

IMPORT_TRIES = 3
IMPORT_TIMEOUT = 60.0


def startup_seconds(tg: FakeTelegram, child: BotProcess) -> float:
    """Spawn to first getUpdates. The fake server records a call when it answers it, so ask
    once the first long poll has been answered (after the first update went out)."""
    polls = [call.received for call in tg.calls if call.method == "getUpdates"]
    return min(polls) - child.spawned if polls else 0.0


async def import_aiogram_seconds() -> float:
    """The best of three ``python -c "import aiogram"``, interpreter start-up included."""
    best = float("inf")
    for _ in range(IMPORT_TRIES):
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "import aiogram", cwd=ROOT
        )
        try:
            code = await asyncio.wait_for(process.wait(), IMPORT_TIMEOUT)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        if code != 0:
            raise RuntimeError(f'python -c "import aiogram" exited with {code}')
        best = min(best, time.monotonic() - started)
    return best
