"""Leads the CRM lists oddly (a phone as a list, a date that is not one, a date far ahead,
an id too long for a button): the ones the bot can read and show are all posted, once; the
unreadable ones are reported to the admins once and counted in /status; none holds any
other lead back."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from bot import clock
from tests.e2e.access_kit import ADMIN1, ADMIN2, say
from tests.e2e.groups_kit import (
    SALES,
    new_lead,
    posts_of,
    subscribe,
    team_bot,
    until,
    until_true,
    wait_post,
)
from tests.fakes.telegram import FakeTelegram, FakeUser

UNREADABLE = "не удалось прочитать из CRM"


def told(tg: FakeTelegram, admin: FakeUser, lead_id: str) -> list[str]:
    return [m.text for m in tg.sent(admin.id) if f"Лид №{lead_id} {UNREADABLE}" in m.text]


async def test_odd_leads_are_posted_or_reported_and_hold_no_lead_back(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with team_bot(tmp_path, tg) as app:
        sandbox = app.sandbox
        assert sandbox is not None and app.notifier is not None
        await subscribe(tg, SALES)
        sandbox.fail_next("lead/list", "http_502", times=10_000)  # the leads land together
        two_phones = await new_lead(app, name="Два телефона", phone="79990003001")
        sandbox.distort_lead(two_phones, phone=["79990003001", "79990003002"])
        broken = await new_lead(app, name="Битая дата", phone="79990003003")
        sandbox.distort_lead(broken, created_at="вчера вечером")
        ahead = await new_lead(app, name="Из будущего", phone="79990003004")
        await sandbox.date_lead(ahead, clock.now(UTC) + timedelta(days=200))
        odd_id = await new_lead(app, name="Длинный номер", phone="79990003005")
        sandbox.distort_lead(odd_id, id="9" * 70)  # too long for a Take button: no post
        ordinary = [await new_lead(app, name="Клиент", phone=f"7999000310{n}") for n in range(3)]
        sandbox.clear_faults()

        for lead in [two_phones, ahead, *ordinary]:
            await wait_post(tg, SALES.id, lead)
        for admin in (ADMIN1, ADMIN2):
            await until_true(lambda a=admin: bool(told(tg, a, broken)), f"the notice to {admin}")
        later = await new_lead(app, name="Позже", phone="79990003201")  # after the one ahead
        await wait_post(tg, SALES.id, later)

        polls = app.notifier.poll_failures
        seen = app.notifier.poller.last_success

        async def polled_again() -> bool:
            return app.notifier is not None and app.notifier.poller.last_success != seen

        await until(polled_again, "another poll")
        assert app.notifier.poll_failures == polls  # an odd lead fails no poll
        for lead in [two_phones, ahead, *ordinary, later]:
            assert len(posts_of(tg, SALES.id, lead)) == 1, lead
        assert posts_of(tg, SALES.id, broken) == []
        assert len(told(tg, ADMIN1, broken)) == 1
        assert "created_at" in told(tg, ADMIN1, broken)[0]
        assert (await app.store.outbox_counts()).get("failed") == 1  # the odd id's post
        report = (await say(tg, ADMIN1, "/status")).text
        assert "Лидов, которые не удалось прочитать из CRM (не опубликованы): 1" in report
