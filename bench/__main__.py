"""``python -m bench [--staff N] [--latency-ms L] [--timeout S]``: prints the figures; exits
1 when any action got no reply (or not the one the next action needed)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from bench.run import benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--staff", type=int, default=200, help="simulated staff (N)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="added CRM latency (L)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds one action may take at most"
    )
    args = parser.parse_args(argv)
    if args.staff < 1 or args.latency_ms < 0 or args.timeout <= 0:
        parser.error("--staff must be >= 1, --latency-ms >= 0, --timeout > 0")
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as workdir:
        lines, ok = asyncio.run(benchmark(args.staff, args.latency_ms, Path(workdir), args.timeout))
    print("\n".join(lines))
    if not ok:
        print("FAILED: some actions got no reply or not the expected one", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
