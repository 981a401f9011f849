"""The whole benchmark: the bot's phase, its peak memory, then the bare aiogram bot."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from bench.bare import run_bare
from bench.bot_phase import run_bot
from bench.crm_clock import timing_crm_calls
from bench.phase import Phase
from bench.report import bare_lines, bot_lines


def peak_rss_mb() -> float:
    """The process's peak resident set size (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def complete(phase: Phase) -> bool:
    measured = phase.measured
    return bool(phase.actions) and not (measured.unanswered or measured.problems or phase.stuck)


async def benchmark(
    staff: int, latency_ms: float, workdir: Path, timeout: float
) -> tuple[list[str], bool]:
    """The printed lines, and whether every action got the reply it needed."""
    with timing_crm_calls():
        bot = await run_bot(staff, latency_ms / 1000, workdir, timeout)
    lines = list(bot_lines(bot, staff, latency_ms, peak_rss_mb()))
    per_user = len(bot.actions) // staff if staff else 0
    bare = await run_bare(staff, max(1, per_user), timeout)
    lines += bare_lines(bare)
    return lines, complete(bot) and complete(bare)
