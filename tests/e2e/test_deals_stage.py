"""The card's Stage and Reassign buttons: pickers in place, writes as the presser, audited."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import seed
from handlers.ui.callbacks import DealSetStage
from tests.e2e.access_kit import ANNA, IVAN, bind_by_contact, current, press, press_data, say
from tests.e2e.deals_kit import (
    CARD_BUTTONS_EN,
    CARD_BUTTONS_RU,
    CONTRACT,
    REPAIR,
    SUPPLY,
    calls_since,
    mark,
    paths_since,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram

CARD_READ = ["client/get", "deal/getTask", "deal/log/list"]


async def test_stage_change_redraws_the_card_in_place(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert "Этап: Квалификация" in card.text

        since = mark(app)
        assert await press(tg, ANNA, card, "Этап") == ""
        picker = current(tg, card)
        assert picker.text == card.text  # the card stays; its buttons become the stages
        assert [label for label, _ in picker.buttons()] == [
            "Новая",
            "• Квалификация",
            "Переговоры",
            "Успешно реализована",
            "Не реализована",
            "« К сделке",
        ]
        assert paths_since(app, since) == ["deal/get"]

        since = mark(app)
        await press(tg, ANNA, picker, "Переговоры")
        redrawn = current(tg, card)
        assert redrawn.edited and "Этап: Переговоры" in redrawn.text
        assert "Этап: Квалификация" not in redrawn.text
        assert [label for label, _ in redrawn.buttons()] == CARD_BUTTONS_RU
        [write] = [c for c in calls_since(app, since) if c.path == "deal/updateDealStage"]
        assert write.employee_id == str(seed.EMPLOYEES[0].id)  # Анна, the presser
        assert write.params["stage_id"] == seed.SALES_TALKS
        # one write, then the card's three reads at once
        assert paths_since(app, since) == sorted(["deal/updateDealStage", *CARD_READ])
        [audit] = await app.store.audit_entries(action="deal.stage")
        assert (audit.actor_tg_id, audit.actor_employee_key) == (ANNA.id, "182")
        assert (audit.target, audit.result) == (f"deal:{SUPPLY.id}", "ok")
        assert audit.detail == {"stage": str(seed.SALES_TALKS)}

        await press(tg, ANNA, redrawn, "Этап")
        back = current(tg, card)
        assert "• Переговоры" in [label for label, _ in back.buttons()]
        since = mark(app)
        await press(tg, ANNA, back, "« К сделке")
        assert [label for label, _ in current(tg, card).buttons()] == CARD_BUTTONS_RU
        assert calls_since(app, since) == []


async def test_a_pipeline_without_manual_change_says_so(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {REPAIR.id}")
        assert "Pipeline: Сервис" in card.text
        said = await press(tg, ANNA, card, "Stage")
        assert said == (
            "In the pipeline “Сервис” the stage cannot be changed by hand: "
            "the CRM is set up that way."
        )
        assert [label for label, _ in current(tg, card).buttons()] == CARD_BUTTONS_EN
        assert await app.store.audit_entries(action="deal.stage") == []


async def test_a_forged_stage_of_another_pipeline_is_refused(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        # «В работе» of «Сервис»
        forged = DealSetStage(deal=str(SUPPLY.id), stage=str(seed.SERVICE_WORK)).pack()
        said = await press_data(tg, ANNA, card, forged)
        assert said.startswith("Этой сделке такой этап не подходит")
        assert current(tg, card).text == card.text
        deal = await app.crm.get_deal(str(SUPPLY.id))
        assert deal.stage_id == str(seed.SALES_QUALIFY)
        done = DealSetStage(deal=str(REPAIR.id), stage=str(seed.SERVICE_DONE)).pack()
        also = await press_data(tg, ANNA, card, done)
        assert also.startswith("Этой сделке такой этап не подходит")  # «Сервис»: not by hand
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path == "deal/updateDealStage"]
        assert await app.store.audit_entries(action="deal.stage") == []  # nothing was tried


async def test_reassign_from_the_employee_list(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, IVAN, "+79161110002")
        card = await say(tg, IVAN, f"/deal {SUPPLY.id}")
        assert "Ответственный: Иван Петров" in card.text
        await press(tg, IVAN, card, "Ответственный")
        picker = current(tg, card)
        names = [label for label, _ in picker.buttons()]
        assert names == [*sorted(f"{e.name} {e.surname}" for e in seed.EMPLOYEES), "« К сделке"]

        since = mark(app)
        said = await press(tg, IVAN, picker, "Мария Кузнецова")
        assert said == "Ответственный: Мария Кузнецова"
        redrawn = current(tg, card)
        assert "Ответственный: Мария Кузнецова" in redrawn.text
        assert [label for label, _ in redrawn.buttons()] == CARD_BUTTONS_RU
        [write] = [c for c in calls_since(app, since) if c.path == "deal/updateEmployee"]
        assert write.params == {"deal_id": SUPPLY.id, "employee_id": 184}
        assert paths_since(app, since) == sorted(["deal/updateEmployee", *CARD_READ])
        [audit] = await app.store.audit_entries(action="deal.reassign")
        assert (audit.actor_employee_key, audit.detail, audit.result) == (
            "183",
            {"employee": "184"},
            "ok",
        )
        refused = await press_data(tg, IVAN, card, f"dra:{SUPPLY.id}:999")
        assert refused.startswith("Такого сотрудника")


async def test_closing_a_deal_asks_first_and_a_lost_one_asks_why(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.crm is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        await press(tg, ANNA, card, "Этап")
        await press(tg, ANNA, current(tg, card), "Успешно реализована")
        await tg.wait_idle()
        asked = current(tg, card)
        labels = [label for label, _ in asked.buttons()]
        assert labels == ["Да, закрыть как успешную: «Успешно реализована»", "« К сделке"]
        assert (await app.crm.get_deal(str(SUPPLY.id))).stage_id == str(seed.SALES_QUALIFY)
        await press(tg, ANNA, asked, "« К сделке")  # changed nothing

        card = await say(tg, ANNA, f"/deal {CONTRACT.id}")
        await press(tg, ANNA, card, "Этап")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, current(tg, card), "Не реализована")
        why = await tg.wait_message(ANNA.id, after=seen)
        assert why.text.startswith(f"Сделка №{CONTRACT.id} уходит в нереализованные. Почему?")
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, "Выбрали другого поставщика")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert done.text.startswith(f"Сделка №{CONTRACT.id} закрыта как нереализованная")
        deal = await app.crm.get_deal(str(CONTRACT.id))
        assert deal.stage_id == str(seed.SALES_LOST)
        redrawn = current(tg, card)
        assert "Этап: Не реализована ❌ не реализована" in redrawn.text
        assert redrawn.text.endswith("[Анна Смирнова] Причина: Выбрали другого поставщика")


async def test_a_lost_deal_whose_reason_the_crm_refuses_is_moved_once_and_says_so(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.crm is not None and app.sandbox is not None
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, f"/deal {CONTRACT.id}")
        await press(tg, ANNA, card, "Этап")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, current(tg, card), "Не реализована")
        await tg.wait_message(ANNA.id, after=seen)
        since = mark(app)
        app.sandbox.fail_next("deal/createComment", "refused")
        done = await say(tg, ANNA, "Выбрали другого поставщика")
        assert done.text.startswith(f"Сделка №{CONTRACT.id} закрыта как нереализованная, но")
        assert "Неверный request" in done.text and "Добавьте её комментарием" in done.text
        assert (await app.crm.get_deal(str(CONTRACT.id))).stage_id == str(seed.SALES_LOST)
        again = await say(tg, ANNA, "Выбрали другого поставщика")  # typed again: not an answer
        assert again.text.startswith("Не понял.")
        moves = [c for c in calls_since(app, since) if c.path == "deal/updateDealStage"]
        assert len(moves) == 1
