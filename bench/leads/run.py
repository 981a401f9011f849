"""The real bot (App) with its notifier, the sandbox CRM and the fake Telegram server in
one process. Leads are created over the sandbox's HTTP API, as a site form would; a lead's
latency runs from the moment the CRM confirmed it to the moment the fake Telegram server
received the message that shows it."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.stats import percentile
from bot.app import App
from bot.config import load_settings
from bot.notifier.poller import CURSOR
from bot.notifier.sender import OVERALL, PER_CHAT
from bot.notifier.teams import NEW_LEADS
from bot.sandbox import SANDBOX_API_KEY, SandboxServer, seed
from bot.store import Store
from tests.fakes.telegram import FakeChat, FakeTelegram

TOKEN = "123456:bench-token-for-the-fake-server"
SHOWN = re.compile(r"№(\d+)")
GROUPS = [FakeChat.group(-1009000 - n, f"Группа {n}") for n in range(5)]


class Leads:
    """Creates leads in the sandbox; remembers when each was confirmed."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self._http = httpx.AsyncClient(base_url=f"{sandbox.url}/openapi/v1/", timeout=10)
        self.created: dict[str, float] = {}
        self._n = 0

    async def create(self) -> str:
        self._n += 1
        request = {
            "method": "create",
            "inbox_type_id": seed.INBOX_SITE,
            "values": {"name": f"Клиент {self._n}", "phone": f"7998{self._n:07d}"},
        }
        r = await self._http.post(
            "lead/set/", params={"api_key": SANDBOX_API_KEY}, json={"request": request}
        )
        lead_id = str(r.json()["id"])
        self.created[lead_id] = time.monotonic()
        return lead_id

    async def close(self) -> None:
        await self._http.aclose()


def first_shown(tg: FakeTelegram, chat_id: int) -> dict[str, float]:
    """Lead id → when the fake server received the first message in the chat showing it."""
    seen: dict[str, float] = {}
    for call in tg.calls_of("sendMessage"):
        if call.ok and int(call.params.get("chat_id", 0)) == chat_id:
            for lead_id in SHOWN.findall(str(call.params.get("text", ""))):
                seen.setdefault(lead_id, call.received)
    return seen


async def _subscribe(db: Path, groups: Iterable[FakeChat]) -> None:
    async with Store(db) as store:
        for group in groups:
            await store.subscribe(group.id, NEW_LEADS, group.title or "", None)
        await store.set_cursor(CURSOR, datetime.now(UTC).isoformat())


async def _wait_shown(
    tg: FakeTelegram, groups: list[FakeChat], leads: set[str], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(leads <= set(first_shown(tg, g.id)) for g in groups):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"not every lead was posted within {timeout:.0f} s")


async def _run(
    workdir: Path, name: str, interval: float, groups: list[FakeChat], body: str, count: int
) -> tuple[FakeTelegram, Leads, float, float]:
    """One bot run; `body` is 'spread' (leads at random moments) or 'burst'."""
    folder = workdir / name
    folder.mkdir()
    sandbox = SandboxServer(folder / "sandbox.sqlite3", SANDBOX_API_KEY)
    await sandbox.start()
    tg = FakeTelegram(token=TOKEN, bot_username="crm_bench_bot")
    await tg.start()
    for group in groups:
        tg.add_chat(group)
    await _subscribe(folder / "bot.sqlite3", groups)
    settings = load_settings(
        _env_file=None,
        bot_token=TOKEN,
        telegram_api_url=tg.url,
        database_path=folder / "bot.sqlite3",
        crm_kind="envybox",
        crm_url=sandbox.url,
        crm_api_key=SANDBOX_API_KEY,
        poll_interval=interval,
        log_level="WARNING",
        admin_ids="1",
    )
    app = App(settings)
    leads = Leads(sandbox)
    try:
        await app.start()
        serving = asyncio.create_task(app.serve(handle_signals=False))
        await asyncio.sleep(interval + 0.5)  # past the first poll
        started = time.monotonic()
        rng = random.Random(7)
        for _ in range(count):
            if body == "spread":  # a moment anywhere in the poll's cycle
                await asyncio.sleep(rng.uniform(0.2, interval * 1.3))
            await leads.create()
        await _wait_shown(tg, groups, set(leads.created), timeout=120 + 2 * interval)
        finished = time.monotonic()
        app.stop()
        await asyncio.wait_for(serving, 30)
    finally:
        await app.close()
        await leads.close()
        await tg.stop()
        await sandbox.stop()
    return tg, leads, started, finished


async def benchmark(workdir: Path, count: int, burst: int, intervals: list[float]) -> list[str]:
    lines = ["# lead → group message (one group; leads created at random moments)"]
    for interval in intervals:
        tg, leads, _, _ = await _run(
            workdir, f"latency-{interval:g}", interval, GROUPS[:1], "spread", count
        )
        shown = first_shown(tg, GROUPS[0].id)
        waits = [shown[x] - at for x, at in leads.created.items()]
        lines.append(
            f"POLL_INTERVAL={interval:g} s, {len(waits)} leads: p50 {percentile(waits, 50):.2f} s,"
            f" p95 {percentile(waits, 95):.2f} s, max {max(waits):.2f} s"
        )
    per_chat, per_seconds = PER_CHAT
    overall, overall_seconds = OVERALL
    lines += [
        "",
        f"# a burst of {burst} leads (DIGEST_THRESHOLD=10: digests of up to 10 leads)",
        f"Telegram's limits: {per_chat} messages per {per_seconds:g} s into one group,"
        f" {overall} per {overall_seconds:g} s in all",
    ]
    for size in (1, 5):
        groups = GROUPS[:size]
        tg, leads, started, finished = await _run(
            workdir, f"burst-{size}", 1.0, groups, "burst", burst
        )
        messages = [c for c in tg.calls_of("sendMessage") if c.ok]
        refused = [c for c in tg.calls_of("sendMessage") if not c.ok]
        spent = finished - started
        lines.append(
            f"{size} group(s): {burst} leads in each in {spent:.2f} s"
            f" ({burst * size / spent:.1f} lead posts/s), {len(messages)} messages"
            f" ({len(messages) / spent:.1f} messages/s), {len(refused)} refused by Telegram"
        )
    return lines
