"""The benchmark (bench/, issue 5 item 12) run small, so that it cannot rot: it must run the
whole action mix through the real bot in a process of its own, answer every action (the
soak's too), print sane figures and a line for every target of the speed issue."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_TIMEOUT = 180  # two bot processes start (aiogram's import alone takes seconds), a soak
FIGURE = re.compile(r"^(?P<label>[^#:][^:]*): (?P<value>-?\d+(?:\.\d+)?)(?: (?P<rest>.*))?$")


def run_bench(*args: str) -> tuple[int, dict[str, float], str]:
    done = subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BENCH_TIMEOUT,
        check=False,
    )
    figures: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith("#"):
            continue
        found = FIGURE.match(line)
        assert found is not None, f"not a figure line: {line!r}"
        figures[found["label"]] = float(found["value"])
    return done.returncode, figures, done.stdout + done.stderr


TARGETS = {
    "target throughput (>= 70% of bare)",
    "target overhead p50 (<= 1.5x bare p50 latency)",
    "target overhead p95 (<= 2x bare p95 latency)",
    "target no-CRM action latency p50 (<= 1.5x bare p50)",
    "target CPU per action (<= 3x bare)",
    "target round trips (1 per write and list)",
    "target peak RSS (< 150 MB)",
    "target soak growth (< 5%)",
    "target start-up (< import aiogram + 1 s)",
}


def percentiles(figures: dict[str, float], label: str) -> list[float]:
    return [figures[f"{label} p{p}"] for p in (50, 95, 99)]


def test_small_benchmark_answers_every_action_with_sane_figures() -> None:
    code, figures, output = run_bench(
        "--staff", "5", "--bound", "20", "--latency-ms", "5", "--timeout", "15", "--soak", "3"
    )
    assert code == 0, output
    assert figures["staff (N)"] == 5 and figures["added CRM latency (L)"] == 5
    assert figures["bound staff (B)"] == 20
    assert figures["deal actions in the mix"] == 1, "the /deal actions dropped out of the mix"
    assert figures["actions"] == 5 * 8
    for label in ("actions without a reply", "actions with an unexpected reply"):
        assert figures[label] == 0 and figures[f"bare aiogram bot {label}"] == 0
    assert figures["bare aiogram bot actions"] == figures["actions"]
    for label in ("latency", "bot overhead", "bare aiogram bot latency"):
        p50, p95, p99 = percentiles(figures, label)
        assert 0 <= p50 <= p95 <= p99 < 15_000, (label, p50, p95, p99)
    # every reply that needs the CRM waits at least the added latency for it
    assert figures["latency p50, /lead"] >= 5
    assert figures["CRM calls per action"] > 0
    assert figures["CRM calls per action, /lead"] >= 1
    assert figures["CRM calls per action, Comment (lead)"] == 0  # asking for the text only
    assert figures["throughput"] > 0 and figures["bare aiogram bot throughput"] > 0
    assert figures["bare aiogram bot Telegram calls per action"] == 1  # its one sendMessage
    assert figures["Telegram calls per action"] >= 1  # every action is answered at least once
    assert figures["peak resident memory"] > 10
    assert figures["bot CPU per action"] > 0 and figures["bare aiogram bot CPU per action"] > 0
    assert figures["start-up to first getUpdates"] > 0 and figures["import aiogram"] > 0
    assert figures["CRM round trips per action, /lead"] >= 1
    for label in [label for label in figures if label.startswith("CRM round trips per action")]:
        calls = figures[label.replace("round trips", "calls")]
        assert figures[label] <= calls, label  # calls made at once share a round trip
    assert figures["soak"] >= 3 and figures["soak actions without a reply"] == 0
    assert figures["resident memory at the end of the soak"] > 10
    assert -100 < figures["memory growth over the soak's second half"] < 100
    targets = {label for label in figures if label.startswith("target ")}
    assert targets == TARGETS, output


def test_bad_arguments_are_refused() -> None:
    code, _, output = run_bench("--staff", "0")
    assert code == 2 and "--staff" in output
    code, _, output = run_bench("--staff", "5", "--bound", "4")
    assert code == 2 and "--bound" in output


def test_the_lead_benchmark_runs_small_and_times_every_lead() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.leads", "--leads", "3", "--burst", "12", "--intervals", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [latency] = re.findall(
        r"POLL_INTERVAL=1 s, 3 leads: p50 ([\d.]+) s, p95 ([\d.]+) s", done.stdout
    )
    p50, p95 = map(float, latency)
    assert 0 < p50 <= p95 < 5  # a poll a second: well under five seconds
    bursts = re.findall(r"(\d) group\(s\): 12 leads in each in [\d.]+ s", done.stdout)
    assert bursts == ["1", "5"]
