"""The sandbox's request journal is bounded, and keeps the indexes of the whole history."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from bot.sandbox.journal import Journal


def test_the_journal_keeps_the_latest_and_counts_them_all() -> None:
    journal: Journal[int] = Journal(3)
    for n in range(10):
        journal.append(n)
    assert len(journal) == 10 and list(journal) == [7, 8, 9]
    assert journal[7:] == [7, 8, 9] and journal[8:] == [8, 9] and journal[2:] == [7, 8, 9]
    assert journal[-1] == 9 and journal[7] == 7
    with pytest.raises(IndexError):
        journal[6]  # dropped


async def test_a_long_running_sandbox_keeps_a_bounded_journal(tmp_path: Path) -> None:
    server = SandboxServer(tmp_path / "s.sqlite3", SANDBOX_API_KEY, journal_size=5)
    await server.start()
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(12):
                await client.get(
                    f"{server.url}/openapi/v1/main/data/", params={"api_key": SANDBOX_API_KEY}
                )
        assert len(server.calls) == 12
        assert len(list(server.calls)) == 5
        assert [c.path for c in server.calls[10:]] == ["main/data", "main/data"]
    finally:
        await server.stop()
