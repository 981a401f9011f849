"""Runs `python -m bot` as a separate process, for tests of the process itself."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """A `python -m bot` child with a clean environment; stderr lines are collected."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
        self.cwd = cwd
        self.lines: list[str] = []
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._new_line = asyncio.Event()

    async def __aenter__(self) -> BotProcess:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.cwd,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        proc = self._proc
        if proc is not None and proc.returncode is None:
            proc.kill()
            await asyncio.wait_for(proc.wait(), 10)
        if self._reader is not None:
            await asyncio.wait_for(self._reader, 10)

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        async for raw in self._proc.stdout:
            self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
            self._new_line.set()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    async def wait_line(self, pattern: str, timeout: float = 30.0) -> str:
        regex = re.compile(pattern)
        async with asyncio.timeout(timeout):
            while True:
                for line in self.lines:
                    if regex.search(line):
                        return line
                self._new_line.clear()
                await self._new_line.wait()

    def signal(self, sig: signal.Signals) -> None:
        assert self._proc is not None
        self._proc.send_signal(sig)

    async def exit_code(self, timeout: float = 30.0) -> int:
        assert self._proc is not None
        code = await asyncio.wait_for(self._proc.wait(), timeout)
        if self._reader is not None:
            await asyncio.wait_for(self._reader, timeout)
        return code
