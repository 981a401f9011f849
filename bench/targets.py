"""The targets of the speed issue, one line each: ``target <what> (<goal>): <value> <unit>
(<the figures it compares>) met`` or ``not met``. A target that could not be measured gets a
``#`` line saying so. Not meeting a target does not fail the benchmark."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bench.measure import Timing, mean_by_kind
from bench.phase import Phase
from bench.stats import percentile

NO_CRM_ACTION = "Comment (lead)"  # the bot asks for the comment's text: nothing to read
WRITES_AND_LISTS = (
    "/lead",
    "comment text (lead)",
    "Take into work",
    "/deal",
    "comment text (deal)",
)
PEAK_RSS_MB = 150.0
SOAK_GROWTH = 5.0  # percent
STARTUP_OVER_IMPORT = 1.0  # seconds


def _verdict(met: bool) -> str:
    return "met" if met else "not met"


def _p(values: Sequence[float], p: int) -> float | None:
    return percentile(values, p) if values else None


def _ms_ratio(goal: str, bot: float | None, bare: float | None, limit: float) -> str:
    """A bot time against a bare time; met when at most ``limit`` times the bare one."""
    if bot is None or not bare:
        return f"# target {goal}: not measured"
    ratio = bot / bare
    figures = f"(bot {bot * 1000:.1f} ms, bare {bare * 1000:.1f} ms)"
    return f"target {goal}: {ratio:.2f} x {figures} {_verdict(ratio <= limit)}"


def _throughput(bot: Phase, bare: Phase) -> str:
    goal = "throughput (>= 70% of bare)"
    if not bare.throughput:
        return f"# target {goal}: not measured"
    share = bot.throughput / bare.throughput * 100
    figures = f"(bot {bot.throughput:.1f}/s, bare {bare.throughput:.1f}/s)"
    return f"target {goal}: {share:.1f} % {figures} {_verdict(share >= 70)}"


def _no_crm_action(timings: list[Timing], bare: list[float]) -> Iterator[str]:
    own = [t for t in timings if t.kind == NO_CRM_ACTION]
    calls = sum(t.crm_calls for t in own)
    yield f"# the action that needs no CRM request: {NO_CRM_ACTION} ({calls} CRM calls in all)"
    if calls:
        yield f"# WARNING: {NO_CRM_ACTION} made CRM requests, so it is not free of the CRM"
    latency = _p([t.latency for t in own], 50)
    yield _ms_ratio("no-CRM action latency p50 (<= 1.5x bare p50)", latency, _p(bare, 50), 1.5)


def _round_trips(timings: list[Timing]) -> Iterator[str]:
    trips = mean_by_kind(timings, lambda t: t.crm_round_trips)
    counted = {kind: trips[kind] for kind in WRITES_AND_LISTS if kind in trips}
    yield f"# round trips: the worst of {', '.join(counted)} (per kind above)"
    goal = "round trips (1 per write and list)"
    if not counted:
        yield f"# target {goal}: not measured"
        return
    worst = max(counted, key=counted.__getitem__)
    value = counted[worst]
    yield f"target {goal}: {value:.2f} (worst: {worst}) {_verdict(value <= 1)}"


def target_lines(bot: Phase, bare: Phase, import_aiogram: float) -> Iterator[str]:
    timings = bot.measured.timings
    bare_latency = [t.latency for t in bare.measured.timings]
    overhead = [t.overhead for t in timings]
    yield "# targets of the speed issue: the bot's figure beside the bare aiogram bot's"
    yield _throughput(bot, bare)
    for p, limit in ((50, 1.5), (95, 2.0)):
        goal = f"overhead p{p} (<= {limit:g}x bare p{p} latency)"
        yield _ms_ratio(goal, _p(overhead, p), _p(bare_latency, p), limit)
    yield from _no_crm_action(timings, bare_latency)
    cpu, bare_cpu = bot.cpu_per_action, bare.cpu_per_action
    yield _ms_ratio("CPU per action (<= 3x bare)", cpu, bare_cpu, 3.0)
    yield from _round_trips(timings)
    rss = bot.peak_rss_mb
    yield f"target peak RSS (< {PEAK_RSS_MB:g} MB): {rss:.1f} MB {_verdict(rss < PEAK_RSS_MB)}"
    goal = f"soak growth (< {SOAK_GROWTH:g}%)"
    if bot.soak is None:
        yield f"# target {goal}: skipped (no soak)"
    else:
        growth = bot.soak.growth
        yield f"target {goal}: {growth:.1f} % {_verdict(growth < SOAK_GROWTH)}"
    limit = import_aiogram + STARTUP_OVER_IMPORT
    figures = f"(import aiogram {import_aiogram:.2f} s)"
    goal = f"start-up (< import aiogram + {STARTUP_OVER_IMPORT:g} s)"
    yield f"target {goal}: {bot.startup:.2f} s {figures} {_verdict(bot.startup < limit)}"
