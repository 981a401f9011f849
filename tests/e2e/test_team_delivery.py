"""Delivery of lead posts: bursts, Telegram's 429s, digests, a group that removed the bot,
a group that became a supergroup, and leads that came while the bot was down."""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from bot.notifier.teams import NEW_LEADS
from bot.sandbox import SANDBOX_API_KEY, SandboxServer
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN2,
    ADMIN_IDS,
    ANNA,
    ANNA_EMPLOYEE,
    answered,
    bind_by_contact,
    current,
    know_admins,
)
from tests.e2e.groups_kit import (
    CALLS,
    SALES,
    cursor_set,
    lead_ids_shown,
    new_lead,
    polls_pass,
    subscribe,
    team_bot,
    until,
    wait_post,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeChat, FakeTelegram


async def _burst(crm: App | SandboxServer, count: int, first: int = 0) -> list[str]:
    """`count` leads with phones of their own (a known phone would merge into its lead)."""
    numbers = range(first, first + count)
    return [await new_lead(crm, name=f"Клиент {n}", phone=f"7999{n:07d}") for n in numbers]


async def _all_shown(
    tg: FakeTelegram, chat_id: int, leads: list[str], timeout: float = 30.0
) -> None:
    async def done() -> bool:
        return set(lead_ids_shown(tg, chat_id, leads)) == set(leads)

    await until(done, f"all {len(leads)} leads in chat {chat_id}", timeout)


async def test_a_burst_of_100_under_429s_reaches_both_groups_once_in_order(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await subscribe(tg, SALES)
        await subscribe(tg, CALLS)
        tg.fail_next("sendMessage", 429, retry_after=1, times=3)
        leads = await _burst(app, 100)
        for group in (SALES, CALLS):
            await _all_shown(tg, group.id, leads)
        await polls_pass(app)  # more polls: nothing comes twice
        for group in (SALES, CALLS):
            assert lead_ids_shown(tg, group.id, leads) == leads  # once each, oldest first
        refused = [c for c in tg.calls_of("sendMessage") if c.error_code == 429]
        assert len(refused) == 3
        digests = [m for m in tg.sent(SALES.id) if "Новые лиды" in m.text]
        assert digests and len(tg.sent(SALES.id)) < 30  # digests, within 20 a minute
        assert app.notifier is not None and app.notifier.sender.failures == 0


async def test_a_digest_button_takes_its_own_lead(tg: FakeTelegram, tmp_path: Path) -> None:
    async with team_bot(tmp_path, tg, digest_threshold=3) as app:
        await bind_by_contact(tg, ANNA, ANNA_EMPLOYEE.phone)
        await subscribe(tg, SALES)
        leads = await _burst(app, 12)
        await _all_shown(tg, SALES.id, leads)
        digest = next(m for m in tg.sent(SALES.id) if "Новые лиды" in m.text)
        label, data = next((t, d) for t, d in digest.buttons() if t.startswith("Взять 2:"))
        assert data is not None
        said = await answered(tg, tg.press(ANNA, digest, data))
        assert said == "Лид ваш: сделка создана."
        shown = current(tg, digest)
        [line] = [x for x in shown.text.splitlines() if x.startswith("2.")]
        assert "Анна Смирнова" in line
        assert label not in [t for t, _ in shown.buttons()]
        assert len(shown.buttons()) == len(digest.buttons()) - 1


async def test_a_group_that_removed_the_bot_is_dropped_and_admins_told(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await subscribe(tg, SALES)
        await subscribe(tg, CALLS)
        tg.remove_bot(SALES)
        lead = await new_lead(app, name="Глеб", phone="79990001122")
        await wait_post(tg, CALLS.id, lead)
        for admin in (ADMIN1, ADMIN2):
            notice = await tg.wait_message(admin.id, after=0)
            assert "Продажи" in notice.text and "/subscribe" in notice.text
        assert [s.chat_id for s in await app.store.subscriptions(NEW_LEADS)] == [CALLS.id]
        later = await new_lead(app, name="Вера", phone="79990003344")
        await wait_post(tg, CALLS.id, later)
        assert len([c for c in tg.calls_of("sendMessage") if c.error_code == 403]) == 1


async def test_a_group_that_becomes_a_supergroup_mid_burst_keeps_every_lead(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    team = FakeChat.group(-4001, "Отдел продаж")
    async with team_bot(tmp_path, tg, digest_threshold=0) as app:
        await subscribe(tg, team)
        first = await _burst(app, 3)
        await _all_shown(tg, team.id, first)
        upgraded = tg.upgrade_group(team, -1004001, by=ADMIN1)
        rest = await _burst(app, 5, first=3)
        await _all_shown(tg, upgraded.id, rest)
        shown = lead_ids_shown(tg, team.id, first + rest) + lead_ids_shown(
            tg, upgraded.id, first + rest
        )
        assert sorted(shown) == sorted(first + rest)  # each once, in one of the two chats
        [sub] = await app.store.subscriptions(NEW_LEADS)
        assert sub.chat_id == upgraded.id


async def test_the_upgrade_is_followed_from_the_send_error_too(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    team = FakeChat.group(-4002, "Отдел продаж")
    async with team_bot(tmp_path, tg, digest_threshold=0) as app:
        await subscribe(tg, team)
        tg.state.upgraded[team.id] = -1004002  # the service message has not come yet
        tg.add_chat(FakeChat.group(-1004002, "Отдел продаж"))
        lead = await new_lead(app, name="Глеб", phone="79990001122")
        await wait_post(tg, -1004002, lead)
        [sub] = await app.store.subscriptions(NEW_LEADS)
        assert sub.chat_id == -1004002


async def test_leads_that_came_while_the_bot_was_down_are_posted_on_restart(
    tg: FakeTelegram, sandbox: SandboxServer, tmp_path: Path
) -> None:
    know_admins(tg)
    settings = make_settings(
        tmp_path,
        tg.url,
        crm_kind="envybox",
        crm_url=sandbox.url,
        crm_api_key=SANDBOX_API_KEY,
        admin_ids=ADMIN_IDS,
        poll_interval=1,
    )
    async with running_bot(settings) as app:
        await until(lambda: cursor_set(app), "the first poll")
        await subscribe(tg, SALES)
        before = await new_lead(sandbox, name="До", phone="79990000001")
        await wait_post(tg, SALES.id, before)
    meanwhile = await _burst(sandbox, 3, first=10)
    async with running_bot(settings) as app:
        await _all_shown(tg, SALES.id, meanwhile)
        await polls_pass(app)
        assert lead_ids_shown(tg, SALES.id, [before, *meanwhile]) == [before, *meanwhile]
