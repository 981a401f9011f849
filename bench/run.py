"""The whole benchmark: the bot's phase (with its soak), then the bare aiogram bot's, then
the time ``import aiogram`` takes; the figures and the targets compared."""

from __future__ import annotations

from pathlib import Path

from bench.bare import run_bare
from bench.bot_phase import run_bot
from bench.phase import Plan
from bench.report import bare_lines, bot_lines
from bench.scenario import actions_per_user
from bench.startup import import_aiogram_seconds
from bench.targets import target_lines


async def benchmark(plan: Plan, workdir: Path) -> tuple[list[str], bool]:
    """The printed lines, and whether every action got the reply it needed. The bot and
    the bare bot run one after the other, never at the same time."""
    bot = await run_bot(plan, workdir)
    lines = list(bot_lines(bot, plan))
    per_user = actions_per_user(deals=bot.deals)
    bare = await run_bare(plan.staff, per_user, workdir, plan.timeout)
    import_aiogram = await import_aiogram_seconds()
    lines += bare_lines(bare, import_aiogram)
    lines += target_lines(bot, bare, import_aiogram)
    return lines, bot.complete() and bare.complete()
