"""What the benchmark's bot processes (``python -m bench.child_bot`` and ``bench.child_bare``)
share: their command line, logging as deployed, the probe reporting on the pipe to the world
process, and stopping on SIGTERM or when the world process closes their stdin."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from aiogram import Dispatcher

from bench.crm_clock import timing_crm_calls
from bench.probe import Probe
from bench.remote import Reporter
from bot.runtime.logs import setup_logging


@dataclass(frozen=True)
class ChildArgs:
    """What a bot process is told; the world process fills ``report_fd`` when it spawns it."""

    token: str
    telegram_url: str
    crm_url: str = ""
    database: Path | None = None
    report_fd: int = -1

    def argv(self) -> list[str]:
        args = ["--token", self.token, "--telegram-url", self.telegram_url]
        args += ["--report-fd", str(self.report_fd)]
        if self.crm_url:
            args += ["--crm-url", self.crm_url]
        if self.database is not None:
            args += ["--database", str(self.database)]
        return args

    @classmethod
    def parse(cls, argv: list[str]) -> ChildArgs:
        parser = argparse.ArgumentParser(description=__doc__)
        parser.add_argument("--token", required=True)
        parser.add_argument("--telegram-url", required=True)
        parser.add_argument("--report-fd", type=int, required=True)
        parser.add_argument("--crm-url", default="")
        parser.add_argument("--database", type=Path)
        args = parser.parse_args(argv)
        return cls(args.token, args.telegram_url, args.crm_url, args.database, args.report_fd)


class Servable(Protocol):
    """A bot as bot.app.App runs one: start, serve until stopped, close."""

    @property
    def dispatcher(self) -> Dispatcher | None: ...

    async def start(self) -> None: ...

    async def serve(self, *, handle_signals: bool = ...) -> int: ...

    def stop(self) -> None: ...

    async def close(self) -> None: ...


async def _stop_when_stdin_ends(stop: Callable[[], None]) -> None:
    """A line on stdin, or its end (the world process is gone), stops the bot."""
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    await reader.readline()
    stop()


PROFILE_ENV = "BENCH_PROFILE"  # a path: each bot process is profiled while it serves


@contextmanager
def _profiled(path: str | None) -> Iterator[None]:
    """cProfile over the serving (not the imports or the start) when ``path`` is set."""
    if not path:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(f"{path}.{Path(sys.argv[0]).stem}")  # .child_bot, .child_bare


async def _run(make: Callable[[ChildArgs], Servable], args: ChildArgs) -> int:
    reporter = Reporter(args.report_fd)
    with timing_crm_calls():
        bot = make(args)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, bot.stop)
        stdin = asyncio.create_task(_stop_when_stdin_ends(bot.stop))
        try:
            await bot.start()
            assert bot.dispatcher is not None
            Probe(reporter.handled).install(bot.dispatcher)
            reporter.ready()
            with _profiled(os.environ.get(PROFILE_ENV)):
                return await bot.serve(handle_signals=False)
        finally:
            stdin.cancel()
            await bot.close()


def main(make: Callable[[ChildArgs], Servable]) -> int:
    """Runs the bot ``make`` builds until it is told to stop; the process's exit code."""
    args = ChildArgs.parse(sys.argv[1:])
    setup_logging("INFO", [args.token])  # as bot/__main__.py: the bot pays for its logs
    return asyncio.run(_run(make, args))
