"""The Docker healthcheck: healthy while the heartbeat file is fresh."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bot.runtime.health import MAX_AGE_SECONDS, beat, heartbeat_path, is_fresh


def test_fresh_and_stale_heartbeat(tmp_path: Path) -> None:
    path = heartbeat_path(tmp_path / "bot.sqlite3")
    assert not is_fresh(path)  # no file yet
    beat(path)
    assert is_fresh(path)
    old = time.time() - MAX_AGE_SECONDS - 5
    os.utime(path, (old, old))
    assert not is_fresh(path)


def test_health_command_exit_codes(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    run = [sys.executable, "-m", "bot.runtime.health"]
    sick = subprocess.run(run, env=env, capture_output=True, text=True, timeout=30)
    assert sick.returncode == 1
    assert "unhealthy" in sick.stderr
    beat(heartbeat_path(tmp_path / "bot.sqlite3"))
    assert subprocess.run(run, env=env, capture_output=True, timeout=30).returncode == 0
