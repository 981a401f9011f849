"""``python -m bench [--staff N] [--bound B] [--latency-ms L] [--timeout S] [--soak S]``:
prints the figures and the targets; exits 1 when any action got no reply (or not the one
the next action needed) or a bot process failed; a target not met does not fail it."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from bench.phase import Plan
from bench.run import benchmark
from bench.spawn import ChildFailed


def _plan(argv: list[str] | None) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--staff", type=int, default=200, help="simulated staff who act (N)")
    parser.add_argument("--bound", type=int, default=1000, help="staff bound in the store (B >= N)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="added CRM latency (L)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds one action may take at most"
    )
    parser.add_argument(
        "--soak", type=float, default=600.0, help="seconds of soak after the run (0: none)"
    )
    args = parser.parse_args(argv)
    if args.staff < 1 or args.latency_ms < 0 or args.timeout <= 0 or args.soak < 0:
        parser.error("--staff must be >= 1, --latency-ms >= 0, --timeout > 0, --soak >= 0")
    if args.bound < args.staff:
        parser.error("--bound must be >= --staff")
    return Plan(args.staff, args.bound, args.latency_ms, args.timeout, args.soak)


def main(argv: list[str] | None = None) -> int:
    plan = _plan(argv)
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as workdir:
        try:
            lines, ok = asyncio.run(benchmark(plan, Path(workdir)))
        except ChildFailed as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    print("\n".join(lines))
    if not ok:
        print("FAILED: some actions got no reply or not the expected one", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
