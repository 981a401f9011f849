"""``python -m bench.leads [--leads N] [--burst B]``: prints the time from a lead's creation
in the sandbox CRM to its message in a team group (p50, p95 at POLL_INTERVAL 1 and 10), and
how fast a burst of B leads reaches 1 and 5 groups, next to Telegram's limits."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from bench.leads.run import benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.leads", description=__doc__)
    parser.add_argument("--leads", type=int, default=20, help="leads timed per POLL_INTERVAL")
    parser.add_argument("--burst", type=int, default=100, help="leads in the burst")
    parser.add_argument("--intervals", default="1,10", help="POLL_INTERVAL values to time")
    args = parser.parse_args(argv)
    intervals = [float(x) for x in args.intervals.split(",") if x.strip()]
    if args.leads < 1 or args.burst < 1 or not intervals or min(intervals) < 1:
        parser.error("--leads and --burst must be >= 1, --intervals >= 1 each")
    with tempfile.TemporaryDirectory(prefix="crm-bench-leads-") as workdir:
        lines = asyncio.run(benchmark(Path(workdir), args.leads, args.burst, intervals))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
