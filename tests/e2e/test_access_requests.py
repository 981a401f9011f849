"""Access requests to admins: sent once, approved or rejected, first admin wins."""

from __future__ import annotations

import asyncio
from pathlib import Path

from handlers.ui.callbacks import ApproveAs, RejectRequest
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN2,
    ADMIN_IDS,
    ANNA,
    IVAN_EMPLOYEE,
    STRANGER,
    answered,
    bind_by_contact,
    current,
    know_admins,
    press,
    press_data,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage


async def ask_for_access(tg: FakeTelegram, user: FakeUser) -> tuple[SentMessage, SentMessage]:
    """The user shares an unknown number, presses 'Request access'; each admin's copy."""
    await bind_by_contact(tg, user, "+7 999 000-00-00")
    offer = await tg.wait_message(user.id, after=1)
    await press(tg, user, offer, "Запросить доступ")
    first = await tg.wait_message(ADMIN1.id)
    second = await tg.wait_message(ADMIN2.id)
    await tg.wait_message(user.id, after=2)  # "your request has gone to the admins"
    return first, second


async def test_request_reaches_every_admin_once(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        first, second = await ask_for_access(tg, STRANGER)
        for card in (first, second):
            assert "Запрос доступа" in card.text
            assert f"Олег (@oleg, id {STRANGER.id})" in card.text
            assert "Телефон: +7 999 000-00-00" in card.text
            assert [b[0] for b in card.buttons()] == ["Одобрить как…", "Отклонить"]
        sent = tg.sent(STRANGER.id)[2]
        assert sent.text.startswith("Запрос отправлен администраторам")

        offer = tg.sent(STRANGER.id)[1]
        for _ in range(3):  # pressing again does not spam the admins
            assert "уже отправлен" in await press(tg, STRANGER, offer, "Запросить доступ")
        await tg.wait_idle()
        assert len(tg.sent(ADMIN1.id)) == 1 and len(tg.sent(ADMIN2.id)) == 1
        assert len(await app.store.audit_entries(action="access.requested")) == 1


async def test_approval_binds_and_every_admin_sees_who_decided(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        first, second = await ask_for_access(tg, STRANGER)
        calls_before = len(app.sandbox.calls) if app.sandbox else 0
        await press(tg, ADMIN1, first, "Одобрить как…")
        picker = current(tg, first)
        names = [b[0] for b in picker.buttons()]
        assert "Иван Петров" in names and "Отклонить" in names
        seen = len(tg.sent(STRANGER.id))
        await press(tg, ADMIN1, picker, "Иван Петров")

        told = await tg.wait_message(STRANGER.id, after=seen)
        assert "Доступ открыт" in told.text and "Иван Петров" in told.text
        binding = await app.store.get_binding(STRANGER.id)
        assert binding is not None and binding.employee_key == str(IVAN_EMPLOYEE.id)
        await tg.wait_idle()
        for card in (current(tg, first), current(tg, second)):
            assert "✅ Одобрено. Решение: Админ Первый. Сотрудник CRM: Иван Петров" in card.text
            assert card.buttons() == []
        [entry] = await app.store.audit_entries(action="access.approved")
        assert entry.actor_tg_id == ADMIN1.id
        assert entry.target == f"{STRANGER.id}:{IVAN_EMPLOYEE.id}"
        assert app.sandbox is not None and len(app.sandbox.calls) == calls_before  # cached list


async def test_rejection_tells_the_user(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    settings = make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS, language="en")
    async with running_bot(settings) as app:
        await bind_by_contact(tg, STRANGER, "+7 999 000-00-00")
        offer = await tg.wait_message(STRANGER.id, after=1)
        await press(tg, STRANGER, offer, "Request access")
        card = await tg.wait_message(ADMIN2.id)
        await tg.wait_message(STRANGER.id, after=2)
        await press(tg, ADMIN2, card, "Reject")
        told = await tg.wait_message(STRANGER.id, after=3)
        assert told.text == "An admin declined your access request."
        await tg.wait_idle()
        assert "❌ Rejected by Админ Второй" in current(tg, card).text
        assert "❌ Rejected by Админ Второй" in current(tg, tg.sent(ADMIN1.id)[0]).text
        assert await app.store.get_binding(STRANGER.id) is None
        assert await app.store.audit_entries(action="access.rejected")


async def test_two_admins_pressing_at_once_one_decision_wins(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        first, second = await ask_for_access(tg, STRANGER)
        request = (await app.store.open_request(STRANGER.id, "", None, None))[0]
        approve = ApproveAs(req=request.id, emp=str(IVAN_EMPLOYEE.id)).pack()
        reject = RejectRequest(req=request.id).pack()
        q1 = tg.press_forged(ADMIN1, first, approve)  # as if picked from ADMIN1's list
        q2 = tg.press(ADMIN2, second, reject)
        texts = sorted(await asyncio.gather(answered(tg, q1), answered(tg, q2)))
        assert texts[0] == "Готово"
        assert texts[1].startswith("Запрос уже решён: Админ")
        await tg.wait_idle()
        decided = await app.store.get_request(request.id)
        assert decided is not None and decided.status.value in ("approved", "rejected")
        cards = {current(tg, first).text, current(tg, second).text}
        assert len(cards) == 1, cards  # both admins see the same outcome
        bound = await app.store.get_binding(STRANGER.id)
        assert (bound is not None) == (decided.status.value == "approved")
        outcomes = [
            e.action for e in await app.store.audit_entries() if e.action.startswith("access.")
        ]
        assert sorted(outcomes) in (
            ["access.approved", "access.requested"],
            ["access.rejected", "access.requested"],
        )


async def test_staff_cannot_decide_requests(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        own = await bind_by_contact(tg, ANNA, "+79161110001")
        await ask_for_access(tg, STRANGER)
        request = (await app.store.open_request(STRANGER.id, "", None, None))[0]
        # an admin's button, forged onto a message in her own chat
        answer = await press_data(tg, ANNA, own, ApproveAs(req=request.id, emp="182").pack())
        assert answer == "Это могут только администраторы бота."
        assert await app.store.get_binding(STRANGER.id) is None


async def test_forged_admin_buttons_change_nothing(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=ADMIN_IDS)) as app:
        first, _ = await ask_for_access(tg, STRANGER)
        request = (await app.store.open_request(STRANGER.id, "", None, None))[0]
        for data, expected in (
            (ApproveAs(req=request.id, emp="99999"), "Такого сотрудника нет в CRM"),
            (ApproveAs(req=request.id + 100, emp="182"), "Эта кнопка устарела"),
            (RejectRequest(req=request.id + 100), "Эта кнопка устарела"),
        ):
            assert (await press_data(tg, ADMIN1, first, data.pack())).startswith(expected)
        still = await app.store.get_request(request.id)
        assert still is not None and still.status.value == "pending"
        assert await app.store.get_binding(STRANGER.id) is None
