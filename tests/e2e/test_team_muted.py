"""A team group where Telegram refuses the bot's posts for want of rights: the posts wait,
the admins are told once with the group's title and the reason, /status lists it, and
what waited is posted once the rights are back; the subscription stays."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.notifier.muted import MAX_RETRY, refuses_posts, retry_delay
from bot.notifier.teams import NEW_LEADS
from tests.e2e.access_kit import ADMIN1, ADMIN2, say
from tests.e2e.groups_kit import (
    SALES,
    new_lead,
    posts_of,
    subscribe,
    team_bot,
    until_true,
    wait_post,
)
from tests.fakes.telegram import FakeTelegram, FakeUser

MUTED = "Telegram не даёт боту писать в группу «Продажи»"
BACK = "Бот снова пишет в группу «Продажи»"


def said(tg: FakeTelegram, user: FakeUser, words: str) -> list[str]:
    return [m.text for m in tg.sent(user.id) if words in m.text]


def refused(tg: FakeTelegram) -> int:
    return sum(
        1
        for c in tg.calls_of("sendMessage")
        if c.error_code == 400 and str(c.params.get("chat_id")) == str(SALES.id)
    )


async def test_a_muted_group_keeps_its_posts_and_gets_them_when_rights_are_back(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        await subscribe(tg, SALES)
        tg.mute(SALES, by=ADMIN1)
        leads = [await new_lead(app, name="Клиент", phone=f"7999000500{n}") for n in range(3)]
        for admin in (ADMIN1, ADMIN2):
            await until_true(lambda a=admin: bool(said(tg, a, MUTED)), f"the notice to {admin}")
        notice = said(tg, ADMIN1, MUTED)[0]
        assert "not enough rights to send text messages" in notice
        assert await app.store.subscription(SALES.id, NEW_LEADS) is not None
        assert (await app.store.outbox_counts()).get("failed", 0) == 0  # nothing given up
        report = (await say(tg, ADMIN1, "/status")).text
        assert "Не может писать в группу «Продажи»" in report
        assert 1 <= refused(tg) <= 2  # the next try waits for the backoff (or the rights)

        tg.mute(SALES, by=ADMIN1, muted=False)  # Telegram tells the bot: tried at once
        for lead in leads:
            await wait_post(tg, SALES.id, lead)
        for admin in (ADMIN1, ADMIN2):
            await until_true(lambda a=admin: bool(said(tg, a, BACK)), f"the news to {admin}")
        later = await new_lead(app, name="Позже", phone="79990005101")
        await wait_post(tg, SALES.id, later)
        for lead in [*leads, later]:
            assert len(posts_of(tg, SALES.id, lead)) == 1, lead
        assert len(said(tg, ADMIN1, MUTED)) == 1 and len(said(tg, ADMIN1, BACK)) == 1
        assert "Не может писать" not in (await say(tg, ADMIN1, "/status")).text


def test_retries_of_a_muted_group_grow_to_an_hour_apart() -> None:
    delays = [retry_delay(attempts) for attempts in range(20)]
    assert delays[0] == timedelta(seconds=10)
    assert delays == sorted(delays)
    assert delays[-1] == timedelta(seconds=MAX_RETRY) == timedelta(hours=1)


def test_which_refusals_mean_no_rights() -> None:
    assert refuses_posts("Bad Request: not enough rights to send text messages to the chat")
    assert refuses_posts("Bad Request: TOPIC_CLOSED")
    assert refuses_posts("Bad Request: CHAT_WRITE_FORBIDDEN")
    assert not refuses_posts("Bad Request: message is too long")
    assert not refuses_posts("Bad Request: can't parse entities")
