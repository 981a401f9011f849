from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox import SandboxServer
from tests.sandbox.api import Api


@pytest.fixture
async def http(sandbox: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{sandbox.url}/openapi/v1/", timeout=5) as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient, sandbox: SandboxServer) -> Api:
    return Api(http, sandbox.api_key)
