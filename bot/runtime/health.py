"""Liveness: the bot touches a heartbeat file after every answered long poll.

`python -m bot.runtime.health` (the Docker healthcheck) exits 0 while that file is fresh. It
reads only DATABASE_PATH, so it costs no aiogram import.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HEARTBEAT_NAME = "heartbeat"
MAX_AGE_SECONDS = 120.0  # several long polls (25 s each) without an answer


def heartbeat_path(database_path: Path) -> Path:
    return database_path.parent / HEARTBEAT_NAME


def beat(path: Path) -> None:
    path.touch(exist_ok=True)
    os.utime(path)


def is_fresh(path: Path, now: float | None = None, max_age: float = MAX_AGE_SECONDS) -> bool:
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return False
    return age <= max_age


def main() -> int:
    database = Path(os.environ.get("DATABASE_PATH", "./data/bot.sqlite3"))
    path = heartbeat_path(database)
    if is_fresh(path):
        return 0
    print(f"unhealthy: no answered poll for over {MAX_AGE_SECONDS:.0f} s ({path})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
