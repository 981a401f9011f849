"""The printed figures: one per line, ``label: value unit``; lines starting with ``#`` explain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from bench.measure import Timing
from bench.phase import Phase
from bench.stats import ms_lines


def _by_kind(timings: list[Timing]) -> dict[str, list[Timing]]:
    kinds: dict[str, list[Timing]] = defaultdict(list)
    for t in timings:
        kinds[t.kind].append(t)
    return kinds


def _counts(prefix: str, phase: Phase) -> Iterator[str]:
    actions = len(phase.actions)
    yield f"{prefix}actions: {actions}"
    yield f"{prefix}actions without a reply: {len(phase.measured.unanswered)}"
    yield f"{prefix}actions with an unexpected reply: {len(phase.measured.problems)}"
    yield f"{prefix}users who could not finish their script: {phase.stuck}"
    yield f"{prefix}wall time: {phase.wall:.2f} s"
    rate = actions / phase.wall if phase.wall > 0 else 0.0
    yield f"{prefix}throughput: {rate:.1f} actions/s"


def bot_lines(phase: Phase, staff: int, latency_ms: float, peak_rss_mb: float) -> Iterator[str]:
    timings = phase.measured.timings
    yield "# the bot: App (aiogram Dispatcher, SQLite store, Envybox adapter) polling the fake"
    yield "# Telegram server, against the sandbox CRM; all three run in this one process"
    yield "# latency: getUpdates answer carrying the update -> the last reply to it arrives"
    yield "# overhead: latency minus the time a CRM request of that action was open"
    yield f"staff (N): {staff} users"
    yield f"added CRM latency (L): {latency_ms:g} ms"
    yield f"deal actions in the mix: {int(phase.deals)} (1 = yes, 0 = /deal not served)"
    yield from _counts("", phase)
    yield from ms_lines("latency", [t.latency for t in timings])
    yield from ms_lines("bot overhead", [t.overhead for t in timings])
    actions = len(phase.actions)
    per_action = phase.crm_calls / actions if actions else 0.0
    yield f"CRM calls per action: {per_action:.2f} (sandbox log: {phase.crm_calls} / {actions})"
    for kind, group in _by_kind(timings).items():
        calls = sum(t.crm_calls for t in group) / len(group)
        yield f"CRM calls per action, {kind}: {calls:.2f}"
    for kind, group in _by_kind(timings).items():
        yield from ms_lines("latency", [t.latency for t in group], f", {kind}", (50, 95))
        yield from ms_lines("bot overhead", [t.overhead for t in group], f", {kind}", (50,))
    yield (
        f"peak resident memory: {peak_rss_mb:.1f} MB (ru_maxrss of this process, which runs "
        "the bot, the fake Telegram server and the sandbox CRM)"
    )


def bare_lines(phase: Phase) -> Iterator[str]:
    yield "# bare aiogram bot: one handler answering a fixed text, same fake server, same users"
    yield from _counts("bare aiogram bot ", phase)
    yield from ms_lines("bare aiogram bot latency", [t.latency for t in phase.measured.timings])
