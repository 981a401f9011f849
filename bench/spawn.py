"""The world process's side of a bot process: spawning it (``python -m <module>`` from the
repository's root, with the report pipe's write end passed down and its stderr in a file of
the work directory), waiting until it has started, and always stopping it: SIGTERM, a bounded
wait, then SIGKILL. A bot process that fails or dies early fails the benchmark with the
last lines of its stderr."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

from bench.child import ChildArgs
from bench.remote import RemoteProbe

ROOT = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 30.0  # the bot lets in-flight updates finish first (App.close: up to 25 s)
TAIL_LINES = 30


class ChildFailed(Exception):
    """A bot process did not start, or exited before it was told to stop."""


@dataclass
class BotProcess:
    module: str
    process: asyncio.subprocess.Process
    probe: RemoteProbe
    stderr: Path
    spawned: float  # time.monotonic() just before the process was spawned

    @property
    def pid(self) -> int:
        return self.process.pid

    def tail(self) -> str:
        """The last lines the process wrote to its stderr."""
        try:
            lines = self.stderr.read_text(errors="replace").splitlines()
        except OSError as exc:
            return f"(cannot read {self.stderr}: {exc})"
        return "\n".join(lines[-TAIL_LINES:])

    def failed(self, what: str) -> ChildFailed:
        return ChildFailed(f"{self.module} {what}; the end of its stderr:\n{self.tail()}")

    def check(self) -> None:
        """ChildFailed if the process is gone (it should run until it is stopped)."""
        code = self.process.returncode
        if code is not None or self.probe.closed.is_set():
            raise self.failed(f"exited early (exit code {code})")

    async def wait_started(self, timeout: float) -> None:
        ready = asyncio.create_task(self.probe.ready.wait())
        exited = asyncio.create_task(self.process.wait())
        try:
            await asyncio.wait(
                {ready, exited}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            ready.cancel()
            exited.cancel()
        if not self.probe.ready.is_set():
            code = self.process.returncode
            raise self.failed(f"did not start within {timeout:g} s (exit code {code})")

    async def stop(self) -> None:
        """SIGTERM (the bot finishes what it is handling and closes), then SIGKILL."""
        process = self.process
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                print(f"{self.module} did not stop in {STOP_TIMEOUT:g} s: killed", file=sys.stderr)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        if process.stdin is not None:
            process.stdin.close()
        if process.returncode not in (0, -signal.SIGKILL):
            print(str(self.failed(f"exited with {process.returncode}")), file=sys.stderr)


@contextlib.asynccontextmanager
async def spawned(
    module: str, args: ChildArgs, workdir: Path, timeout: float
) -> AsyncIterator[BotProcess]:
    """``python -m <module>`` running and started (it reported ready); stopped on leaving."""
    read_end, write_end = os.pipe()
    stderr = workdir / f"{module}.stderr"
    spawned_at = time.monotonic()
    try:
        with stderr.open("wb") as errors:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                module,
                *replace(args, report_fd=write_end).argv(),
                cwd=ROOT,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=errors,
                pass_fds=(write_end,),
                start_new_session=True,  # Ctrl-C reaches the world process only, which stops it
            )
    except BaseException:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)  # the child has its copy: the pipe ends when the child does
    child = BotProcess(module, process, RemoteProbe(), stderr, spawned_at)
    try:
        await child.probe.attach(read_end)
        await child.wait_started(timeout)
        yield child
    finally:
        try:
            await child.stop()
        finally:
            await child.probe.close()
