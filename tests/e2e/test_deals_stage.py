"""The card's Stage and Reassign buttons: pickers in place, writes as the presser, audited."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import seed
from tests.e2e.access_kit import ANNA, IVAN, bind_by_contact, current, press, press_data, say
from tests.e2e.deals_kit import (
    CARD_BUTTONS_EN,
    CARD_BUTTONS_RU,
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
        forged = f"dss:{SUPPLY.id}:{seed.SERVICE_WORK}"  # «В работе» of «Сервис»
        said = await press_data(tg, ANNA, card, forged)
        assert said.startswith("Этой сделке такой этап не подходит")
        assert current(tg, card).text == card.text
        deal = await app.crm.get_deal(str(SUPPLY.id))
        assert deal.stage_id == str(seed.SALES_QUALIFY)
        also = await press_data(tg, ANNA, card, f"dss:{REPAIR.id}:{seed.SERVICE_DONE}")
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
