"""The bot's deals and tasks on SalesMan CRM (API 2.0), through the fake Telegram server and
the SalesMan emulator: /deal by phone and words, the card, a stage move with its comment,
reassign, close, a task set at the right Moscow time and done with its outcome, /tasks; each
call acting as the person who pressed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot import clock
from tests.e2e.access_kit import ANNA, IVAN, bind_by_contact, current, press, say
from tests.e2e.harness import running_bot
from tests.e2e.salesman_kit import calls, settings_for
from tests.fakes.salesman import BOT_LOGIN, MOSCOW, SalesmanServer
from tests.fakes.telegram import FakeTelegram, SentMessage


async def step(tg: FakeTelegram, message: SentMessage, label: str) -> SentMessage:
    """Press `label` on `message`; the message as the bot left it."""
    await press(tg, ANNA, message, label)
    await tg.wait_idle()
    return current(tg, message)


async def test_deal_by_phone_opens_the_card_of_the_one_deal_anna_may_see(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, "/deal 8 916 200-30-40")  # Вектор: 7002 hers, 7003 Ivan's
        assert card.text.startswith("СД7002: Годовой контракт · сделка №7002")
        assert "Задача: Отправить договор" in card.text and "просрочена" in card.text
        assert "Этап: 40% · Отправлено КП" in card.text
        assert "Клиент: Вектор, АО" in card.text
        assert "+7 916 200-30-40" in card.text  # the client's phones, from info's client
        assert "Ответственный: Анна Смирнова" in card.text
        assert "Сумма: 480 000,50" in card.text  # `info` gives null: read from the list
        assert "План закрытия: 31.01.2027" in card.text
        assert "Воронка" not in card.text
        labels = [label for label, _ in card.buttons()]
        assert labels == ["Этап", "Задача", "Задачи", "Ответственный", "Закрыть"]
    [found] = calls(salesman, "deal", "list")[:1]
    assert found.params["filter"] == {"phone": "9162003040"} and found.login == "anna"
    [info] = calls(salesman, "deal", "info")
    assert (info.login, info.params["did"], info.params["client"]) == ("anna", 7002, "yes")
    completing = calls(salesman, "deal", "list")[1:]
    assert {c.params["active"] for c in completing} == {"yes", "no"}  # closed deals too
    reference = {"steplist", "statusclose"}  # the bot's own, as CRM_LOGIN, like reminders
    hers = [c for c in salesman.calls if c.method == "deal" and c.action not in reference]
    assert {c.login for c in hers} == {"anna"}
    assert {c.login for c in salesman.calls if c.action in reference} == {BOT_LOGIN}


async def test_deal_by_words_and_someone_elses_deal(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, "/deal поставка")
        assert "СД7001: Поставка оборудования" in card.text
        assert calls(salesman, "deal", "list")[0].params["word"] == "поставка"
        none = await say(tg, ANNA, "/deal монтаж")  # Ivan's: SalesMan shows it to him only
        assert none.text == "Сделок по запросу «монтаж» не нашлось."
        denied = await say(tg, ANNA, "/deal 7003")
        assert denied.text.startswith("«SalesMan 127.0.0.1» не показывает вам эту запись")
        assert "7003" not in denied.text.replace("/deal 7003", "")


async def test_a_stage_move_takes_a_comment_and_the_current_stage_changes_nothing(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, "/deal 7001")
        picker = await step(tg, card, "Этап")
        stages = [label for label, _ in picker.buttons()]
        assert stages[:3] == [
            "0% · Проявлен/Выявлен интерес",
            "• 20% · Подтвержден интерес",
            "40% · Отправлено КП",
        ]
        seen = len(tg.sent(ANNA.id))
        waiting = await step(tg, picker, "60% · Обсуждение деталей - продукты, услуги, оплата")
        ask = tg.sent(ANNA.id)[seen]
        assert "Напишите комментарий" in ask.text
        assert [label for label, _ in waiting.buttons()] == ["Без комментария", "« К сделке"]
        assert not calls(salesman, "deal", "change.step")
        done = await say(tg, ANNA, "Согласовали детали, ждём договор")
        assert done.text.startswith("Сделка №7001 переведена на этап «60% · Обсуждение")
        [move] = calls(salesman, "deal", "change.step")
        assert move.login == "anna"
        assert move.params == {
            "did": 7001,
            "step": "60",
            "description": "Согласовали детали, ждём договор",
        }
        assert "Этап: 60% · Обсуждение" in current(tg, card).text
        assert salesman.deals[7001].step == "60"

        picker = await step(tg, current(tg, card), "Этап")
        same = await press(
            tg, ANNA, picker, "• 60% · Обсуждение деталей - продукты, услуги, оплата"
        )
        assert same == "Сделка уже на этом этапе."
        waiting = await step(
            tg, current(tg, card), "90% · Получена предоплата, Выполнение договора"
        )
        back = await step(tg, waiting, "« К сделке")  # changed her mind: the move is dropped
        assert "Этап" in [label for label, _ in back.buttons()]
        other = await say(tg, ANNA, "просто сообщение")
        assert "переведена" not in other.text
        picker = await step(tg, current(tg, card), "Этап")
        waiting = await step(tg, picker, "80% · Согласован договор, Выставлен счет")
        moved = await step(tg, waiting, "Без комментария")
        assert "Этап: 80% · Согласован договор" in moved.text
        assert [c.params for c in calls(salesman, "deal", "change.step")][1] == {
            "did": 7001,
            "step": "80",
        }
        assert len(calls(salesman, "deal", "change.step")) == 2  # the same stage was not sent


async def test_reassign_hands_over_client_and_contacts_and_the_deal_leaves_annas_view(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await bind_by_contact(tg, IVAN, "+79161110002")
        card = await say(tg, ANNA, "/deal 7001")
        picker = await step(tg, card, "Ответственный")
        people = [label for label, _ in picker.buttons()]
        assert "Иван Петров" in people and "Ольга Гусева" not in people  # inactive: not listed
        seen = len(tg.sent(IVAN.id))
        answer = await press(tg, ANNA, picker, "Иван Петров")
        await tg.wait_idle()
        assert answer == "Ответственный: Иван Петров"
        [handed] = calls(salesman, "deal", "change.user")
        assert handed.login == "anna"
        assert handed.params == {
            "did": 7001,
            "user": "ivan",
            "client.send": "yes",
            "person.send": "yes",
        }
        assert salesman.deals[7001].iduser == 3
        gone = current(tg, card)
        assert gone.text == "Сделка №7001 передана: Иван Петров. Теперь CRM не показывает её вам."
        assert not gone.buttons()
        alert = await tg.wait_message(IVAN.id, after=seen)
        assert "назначил(а) вам сделку" in alert.text


async def test_close_with_a_status_an_amount_and_a_comment(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, "/deal 7002")
        reasons = await step(tg, card, "Закрыть")
        labels = [label for label, _ in reasons.buttons()]
        assert labels == ["Победа полная", "Проигрыш по цене", "Отменена Заказчиком", "« К сделке"]
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, reasons, "Победа полная")
        ask = await tg.wait_message(ANNA.id, after=seen)
        assert "Фактическая сумма" in ask.text
        assert [label for label, _ in ask.buttons()] == ["Как в сделке: 480 000,50"]
        bad = await say(tg, ANNA, "много")
        assert bad.text.startswith("Не понял сумму")
        comment = await say(tg, ANNA, "450 000,00")
        assert "Комментарий к закрытию" in comment.text
        done = await say(tg, ANNA, "Подписали договор")
        assert done.text == "🏁 Сделка №7002 закрыта: Победа полная."
        [closed] = calls(salesman, "deal", "change.close")
        assert closed.login == "anna"
        assert closed.params == {
            "did": 7002,
            "status_close": "1",
            "kol_fact": "450000.00",
            "des_fact": "Подписали договор",
        }
        assert "🏁 Закрыта: Победа полная" in current(tg, card).text
        again = await press(tg, ANNA, current(tg, card), "Закрыть")
        assert again == "Сделка №7002 уже закрыта: Победа полная."
        assert len(calls(salesman, "deal", "change.close")) == 1


async def test_a_task_set_at_moscow_time_listed_and_done_with_its_outcome_once(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        card = await say(tg, ANNA, "/deal 7001")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, card, "Задача")
        await tg.wait_message(ANNA.id, after=seen)
        await say(tg, ANNA, "Выслать счёт")
        day = clock.now(MOSCOW).date() + timedelta(days=3)
        set_ = await say(tg, ANNA, f"{day:%d.%m.%Y} 15:30")
        assert "Выслать счёт" in set_.text and "15:30" in set_.text
        [added] = calls(salesman, "task", "add")
        assert added.login == "anna"
        assert added.params == {
            "user": "anna",
            "did": 7001,
            "datum": day.isoformat(),
            "totime": "15:30",
            "title": "Выслать счёт",
        }

        mine = await say(tg, ANNA, "/tasks")
        lines = mine.text.splitlines()
        assert "Отправить договор" in lines[1] and "просрочена" in lines[1]  # yesterday's first
        assert "Позвонить по КП" in lines[2] and "Выслать счёт" in lines[3]
        listed = calls(salesman, "task", "list")[-1]
        assert listed.params["active"] == "yes" and listed.params["user"] == "anna"

        tasks = await say(tg, ANNA, "/deal 7001")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, tasks, "Задачи")
        listing = await tg.wait_message(ANNA.id, after=seen)
        done_data = next(d for label, d in listing.buttons() if label == "✅ Готово")
        seen = len(tg.sent(ANNA.id))
        tg.press(ANNA, listing, done_data)
        how = await tg.wait_message(ANNA.id, after=seen)
        assert how.text == "Задача «Позвонить по КП. Уточнить сроки»: как прошло?"
        await press(tg, ANNA, how, "✅ Успешно")
        await tg.wait_idle()
        closed = await say(tg, ANNA, "Договорились о поставке в январе")
        assert closed.text == (
            "Задача «Позвонить по КП. Уточнить сроки» закрыта: ✅ Успешно.\n"
            "Результат: Договорились о поставке в январе"
        )
        [doit] = calls(salesman, "task", "doit")
        assert doit.login == "anna"
        assert doit.params == {
            "id": 9001,
            "status": 1,
            "description": "Договорились о поставке в январе",
        }
        again = await press(tg, ANNA, listing, "✅ Готово")  # the old button, tapped again
        assert again == "Этой задачи уже нет среди открытых."
        assert len(calls(salesman, "task", "doit")) == 1  # SalesMan would do it twice
