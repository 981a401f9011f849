"""The printed figures: one per line, ``label: value unit``; lines starting with ``#`` explain.
The targets of the speed issue, which compare these, are in bench/targets.py."""

from __future__ import annotations

from collections.abc import Iterator

from bench.measure import Timing, by_kind, mean_by_kind
from bench.phase import Phase, Plan, Soak
from bench.stats import ms_lines


def _counts(prefix: str, phase: Phase) -> Iterator[str]:
    yield f"{prefix}actions: {len(phase.actions)}"
    yield f"{prefix}actions without a reply: {len(phase.measured.unanswered)}"
    yield f"{prefix}actions with an unexpected reply: {len(phase.measured.problems)}"
    yield f"{prefix}users who could not finish their script: {phase.stuck}"
    yield f"{prefix}wall time: {phase.wall:.2f} s"
    yield f"{prefix}throughput: {phase.throughput:.1f} actions/s"
    yield _telegram(prefix, phase)


def _telegram(prefix: str, phase: Phase) -> str:
    actions = len(phase.actions) or 1
    calls = phase.telegram_calls
    each = ", ".join(f"{m} {n / actions:.2f}" for m, n in calls.most_common())
    total = sum(calls.values()) / actions
    return f"{prefix}Telegram calls per action: {total:.2f} ({each or 'none'}; not getUpdates)"


def _cpu(who: str, phase: Phase) -> str:
    ms = phase.cpu_per_action * 1000
    return f"{who} CPU per action: {ms:.2f} ms (utime+stime of its process / measured actions)"


def _startup(prefix: str, phase: Phase) -> str:
    return f"{prefix}start-up to first getUpdates: {phase.startup:.2f} s"


def _crm(phase: Phase, timings: list[Timing]) -> Iterator[str]:
    actions = len(phase.actions)
    per_action = phase.crm_calls / actions if actions else 0.0
    yield f"CRM calls per action: {per_action:.2f} (sandbox log: {phase.crm_calls} / {actions})"
    for kind, calls in mean_by_kind(timings, lambda t: t.crm_calls).items():
        yield f"CRM calls per action, {kind}: {calls:.2f}"
    yield "# a CRM round trip: the requests of an action that were open at overlapping times"
    for kind, trips in mean_by_kind(timings, lambda t: t.crm_round_trips).items():
        yield f"CRM round trips per action, {kind}: {trips:.2f}"


def _soak(seconds: float, soak: Soak | None) -> Iterator[str]:
    if soak is None:
        yield f"# soak: skipped (--soak {seconds:g})"
        return
    yield "# soak: the same active staff keep working their script, a round on fresh leads"
    yield "# after another; the bot process's VmRSS at each tenth (the first counts as warm)"
    yield f"soak: {soak.seconds:.0f} s, {soak.actions} actions"
    yield f"soak actions without a reply: {soak.unanswered}"
    yield f"soak scripts that could not finish: {soak.stuck}"
    yield f"resident memory once warm: {soak.warm_rss_mb:.1f} MB (VmRSS of the bot process)"
    yield f"resident memory at the end of the soak: {soak.end_rss_mb:.1f} MB"
    yield f"memory growth over the soak: {soak.growth:.1f} %"
    yield f"memory growth over the soak's second half: {soak.late_growth:.1f} %"
    curve = ", ".join(f"{mb:.0f}" for mb in soak.rss_mb)
    yield f"# resident memory at each tenth of the soak, MB: {curve}"


def bot_lines(phase: Phase, plan: Plan) -> Iterator[str]:
    timings = phase.measured.timings
    yield "# the bot: App (aiogram Dispatcher, SQLite store, Envybox adapter, logging at INFO)"
    yield "# in a process of its own (python -m bench.child_bot); the fake Telegram server, the"
    yield "# sandbox CRM and the simulated users run in this one, the world process"
    yield "# latency: getUpdates answer carrying the update -> the last reply to it arrives"
    yield "# overhead: latency minus the time a CRM request of that action was open"
    yield f"staff (N): {plan.staff} users"
    yield f"bound staff (B): {plan.bound} users (bound in the store; the first N act)"
    yield f"added CRM latency (L): {plan.latency_ms:g} ms"
    yield f"deal actions in the mix: {int(phase.deals)} (1 = yes, 0 = /deal not served)"
    yield from _counts("", phase)
    yield from ms_lines("latency", [t.latency for t in timings])
    yield from ms_lines("bot overhead", [t.overhead for t in timings])
    yield from _crm(phase, timings)
    for kind, group in by_kind(timings).items():
        yield from ms_lines("latency", [t.latency for t in group], f", {kind}", (50, 95))
        yield from ms_lines("bot overhead", [t.overhead for t in group], f", {kind}", (50,))
    yield _cpu("bot", phase)
    yield _startup("", phase)
    yield "# start-up: from spawning the bot process to the fake server receiving its first"
    yield "# getUpdates; it includes App.start(): the store, getMe, deleteWebhook, the CRM's"
    yield "# first calls (with the added latency) and setMyCommands"
    yield from _soak(plan.soak, phase.soak)
    yield (
        f"peak resident memory: {phase.peak_rss_mb:.1f} MB (VmHWM of the bot process, "
        f"{plan.bound} bound, {plan.staff} active)"
    )


def bare_lines(phase: Phase, import_aiogram: float) -> Iterator[str]:
    yield "# bare aiogram bot: one handler answering a fixed text, in a process of its own"
    yield "# (python -m bench.child_bare), a fake server of its own, the same users"
    yield from _counts("bare aiogram bot ", phase)
    yield from ms_lines("bare aiogram bot latency", [t.latency for t in phase.measured.timings])
    yield _cpu("bare aiogram bot", phase)
    yield _startup("bare aiogram bot ", phase)
    yield f"bare aiogram bot peak resident memory: {phase.peak_rss_mb:.1f} MB (VmHWM)"
    yield f'import aiogram: {import_aiogram:.2f} s (python -c "import aiogram", best of 3)'
