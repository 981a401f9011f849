"""Both ends of the pipe on which a bot process tells the world process what it handled.

The bot process (bench/child.py) writes one JSON line per event with ``os.write`` on the
pipe's write end (a line is far below PIPE_BUF, so it arrives whole): ``{"ready": true}``
once the bot has started, then ``{"update": id, "ended": t, "spans": [[start, end], ...]}``
for every update it finished handling, with its CRM requests. Times are ``time.monotonic()``
in the bot process: CLOCK_MONOTONIC is one clock for all the processes of a Linux machine,
so they compare with the fake Telegram server's. In the world process ``RemoteProbe`` reads
the lines and resolves the drivers' waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from typing import Any

from bench.crm_clock import Tally
from bench.probe import Handled


class Reporter:
    """The bot process's end: writes the lines on the pipe's write end ``fd``."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self.fd, json.dumps(message, separators=(",", ":")).encode() + b"\n")

    def ready(self) -> None:
        self._send({"ready": True})

    def handled(self, update_id: int, handled: Handled) -> None:
        self._send({"update": update_id, "ended": handled.ended, "spans": handled.tally.spans})


class RemoteProbe:
    """The world process's end: what the bot process reported, and waits for it."""

    def __init__(self) -> None:
        self.ready = asyncio.Event()
        self.closed = asyncio.Event()  # the pipe reached its end: the bot process is gone
        self._handled: dict[int, Handled] = {}
        self._waiters: dict[int, asyncio.Future[None]] = {}
        self._reading: asyncio.Task[None] | None = None
        self._transport: asyncio.ReadTransport | None = None

    async def attach(self, fd: int) -> None:
        """Start reading the pipe's read end ``fd`` (the probe owns and closes it)."""
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        pipe = os.fdopen(fd, "rb", buffering=0)
        try:
            self._transport, _ = await loop.connect_read_pipe(
                lambda: asyncio.StreamReaderProtocol(reader), pipe
            )
        except BaseException:
            pipe.close()
            raise
        self._reading = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while (line := await reader.readline()).endswith(b"\n"):
                self._take(json.loads(line))
        finally:
            self.closed.set()
            for waiter in self._waiters.values():
                if not waiter.done():
                    waiter.set_result(None)

    def _take(self, message: dict[str, Any]) -> None:
        if message.get("ready"):
            self.ready.set()
            return
        spans = [(float(a), float(b)) for a, b in message["spans"]]
        update_id = int(message["update"])
        self._handled[update_id] = Handled(float(message["ended"]), Tally(spans))
        waiter = self._waiters.pop(update_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait(self, update_id: int, timeout: float) -> Handled | None:
        """The update once handled; None if the bot did not finish it within ``timeout`` (or
        its process is gone). Each report is handed out once, so memory stays flat."""
        if update_id not in self._handled and not self.closed.is_set():
            waiter = self._waiters.setdefault(update_id, asyncio.get_running_loop().create_future())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(waiter), timeout)
            self._waiters.pop(update_id, None)
        return self._handled.pop(update_id, None)

    async def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
        if self._reading is not None:
            self._reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reading
