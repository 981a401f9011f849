from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from tests.sandbox.api import Api


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox.sqlite3", SANDBOX_API_KEY)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def http(sandbox: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{sandbox.url}/openapi/v1/", timeout=5) as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient, sandbox: SandboxServer) -> Api:
    return Api(http, sandbox.api_key)
