"""The bot process killed (SIGKILL) at several points of a burst of leads and started
again each time: every lead is in every group exactly once.

The kills land outside the one window the Bot API leaves (a send Telegram received whose
answer the bot never got): Telegram is made to refuse sends, or to ask the bot to wait, so
that no send is on its way at the moment of the kill.
"""

from __future__ import annotations

import signal
import sqlite3
from datetime import UTC
from pathlib import Path

from bot import clock
from bot.notifier.poller import CURSOR
from bot.notifier.teams import NEW_LEADS
from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from bot.store import Store
from tests.e2e.access_kit import ADMIN_IDS, know_admins
from tests.e2e.groups_kit import CALLS, SALES, lead_ids_shown, new_lead, until
from tests.e2e.harness import TOKEN
from tests.e2e.process import BotProcess
from tests.fakes.telegram import FakeTelegram

PER_ROUND = 10  # leads per round; five rounds, the last adding as many while the bot runs
SEND = "sendMessage"


def _outbox(db: Path) -> dict[str, int]:
    with sqlite3.connect(db, timeout=5) as conn:
        return dict(conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))


async def _burst(sandbox: SandboxServer, leads: list[str]) -> None:
    for n in range(len(leads), len(leads) + PER_ROUND):
        leads.append(await new_lead(sandbox, name=f"Клиент {n}", phone=f"7999{n:07d}"))


def _refused(tg: FakeTelegram, code: int) -> list[int]:
    return [int(c.params["chat_id"]) for c in tg.calls_of(SEND) if c.error_code == code]


async def test_sigkill_at_any_point_of_a_burst_loses_and_repeats_nothing(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "bot.sqlite3"
    async with Store(db) as store:  # two team groups, subscribed before the burst
        for group in (SALES, CALLS):
            tg.add_chat(group)
            await store.subscribe(group.id, NEW_LEADS, group.title or "", None)
        await store.set_cursor(CURSOR, clock.now(UTC).isoformat())
    know_admins(tg)
    env = {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": tg.url,
        "DATABASE_PATH": str(db),
        "CRM_KIND": "envybox",
        "CRM_URL": sandbox.url,
        "CRM_API_KEY": SANDBOX_API_KEY,
        "ADMIN_IDS": ADMIN_IDS,
        "POLL_INTERVAL": "1",
    }
    tg.slow_down(SEND, 0.3)  # a send takes a while, as over a real network
    leads: list[str] = []

    async def queued() -> bool:
        return _outbox(db).get("pending", 0) > 0 and len(_refused(tg, 502)) >= 2

    async def all_sent() -> bool:
        counts = _outbox(db)
        return counts.get("pending", 0) == 0 and counts.get("sent", 0) > sent_before

    # 1: killed as soon as it started, before or during its first poll
    await _burst(sandbox, leads)
    tg.fail_next(SEND, 502, times=10_000)
    async with BotProcess(env, cwd=tmp_path) as proc:
        await proc.wait_line(r"started: crm=envybox", timeout=60)
        proc.signal(signal.SIGKILL)
        assert await proc.exit_code() == -signal.SIGKILL
    # 2: killed once the leads are queued, none sent (Telegram refuses every send)
    await _burst(sandbox, leads)
    async with BotProcess(env, cwd=tmp_path) as proc:
        await until(queued, "leads queued and refused by Telegram", 60)
        proc.signal(signal.SIGKILL)
        assert await proc.exit_code() == -signal.SIGKILL
    tg.stop_failing(SEND)
    # 3: killed between two sends of each group, while Telegram asks it to wait
    await _burst(sandbox, leads)
    sent_before = _outbox(db).get("sent", 0)
    async with BotProcess(env, cwd=tmp_path) as proc:

        async def some_sent() -> bool:
            return _outbox(db).get("sent", 0) > sent_before

        async def both_told_to_wait() -> bool:
            return set(_refused(tg, 429)) == {SALES.id, CALLS.id}

        await until(some_sent, "a first send", 60)
        tg.fail_next(SEND, 429, retry_after=5, times=2)
        await until(both_told_to_wait, "a 429 for each group", 30)
        assert _outbox(db).get("pending", 0) > 0
        proc.signal(signal.SIGKILL)
        assert await proc.exit_code() == -signal.SIGKILL
    # 4: killed after everything was sent
    await _burst(sandbox, leads)
    sent_before = _outbox(db).get("sent", 0)
    async with BotProcess(env, cwd=tmp_path) as proc:
        await until(all_sent, "every post sent", 60)
        proc.signal(signal.SIGKILL)
        assert await proc.exit_code() == -signal.SIGKILL
    # 5: leads while it was down and while it runs; then it stops as on SIGTERM
    await _burst(sandbox, leads)
    async with BotProcess(env, cwd=tmp_path) as proc:
        await proc.wait_line(r"started: crm=envybox", timeout=60)
        await _burst(sandbox, leads)

        async def everything_shown() -> bool:
            return all(set(lead_ids_shown(tg, g.id, leads)) == set(leads) for g in (SALES, CALLS))

        await until(everything_shown, "every lead in both groups", 60)
        proc.signal(signal.SIGTERM)
        assert await proc.exit_code() == 0
    assert len(leads) == 6 * PER_ROUND
    for group in (SALES, CALLS):
        shown = lead_ids_shown(tg, group.id, leads)
        assert sorted(shown, key=int) == sorted(leads, key=int), group.title  # each once
    assert "Traceback" not in proc.output
