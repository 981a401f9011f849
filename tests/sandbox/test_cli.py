"""``python -m bot.sandbox`` runs standalone and stops cleanly on SIGTERM / Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.sandbox import SANDBOX_API_KEY

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_main_data(url: str, deadline: float) -> httpx.Response:
    with httpx.Client(timeout=1) as http:
        while True:
            try:
                return http.get(f"{url}/openapi/v1/main/data/", params={"api_key": SANDBOX_API_KEY})
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_module_runs_and_stops_on_signal(tmp_path: Path, sig: signal.Signals) -> None:
    port = free_port()
    db = tmp_path / "cli.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.sandbox", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answer = wait_for_main_data(f"http://127.0.0.1:{port}", time.monotonic() + 20)
        assert answer.status_code == 200 and answer.json()["message"] == "success"
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line and SANDBOX_API_KEY in line
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert db.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
