"""/deal: by phone (three forms), e-mail, number and words; the card and what it costs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite

from bot.crm.models import NewLead
from bot.sandbox import seed
from tests.e2e.access_kit import ANNA, bind_by_contact, current, press, press_data, say
from tests.e2e.deals_kit import (
    CARD_BUTTONS_EN,
    CARD_BUTTONS_RU,
    CONSULT,
    CONTRACT,
    LICENCE,
    SUPPLY,
    mark,
    paths_since,
)
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram

CARD_READ = ["client/get", "deal/getTask", "deal/log/list"]  # the deal's client already known


async def stored_time(tmp_path: Path, sql: str, ident: int, zone: str) -> str:
    """A Unix time the sandbox stored, as the card must show it in `zone`."""
    async with (
        aiosqlite.connect(tmp_path / "sandbox.sqlite3") as db,
        db.execute(sql, (ident,)) as rows,
    ):
        row = await rows.fetchone()
    assert row is not None
    return datetime.fromtimestamp(int(row[0]), ZoneInfo(zone)).strftime("%d.%m.%Y %H:%M")


async def test_a_phone_in_three_forms_opens_the_card(tg: FakeTelegram, tmp_path: Path) -> None:
    zone = "Asia/Vladivostok"  # not the sandbox's default: the time must follow TIMEZONE
    async with running_bot(make_settings(tmp_path, tg.url, timezone=zone)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        due = await stored_time(tmp_path, "SELECT time FROM tasks WHERE id = ?", 6851, zone)
        said_at = await stored_time(
            tmp_path,
            "SELECT created_at FROM logs WHERE crm_element_id = 3 AND element_id = ?",
            CONTRACT.id,
            zone,
        )
        for typed in ("+7 (926) 555-00-02", "8 926 555 00 02", "79265550002"):
            since = mark(app)
            card = await say(tg, ANNA, f"/deal {typed}")  # one message: the card
            assert card.text == "\n".join(
                [
                    f"Годовой контракт · сделка №{CONTRACT.id}",
                    "Воронка: Продажи",
                    "Этап: Переговоры",
                    "Клиент: ООО «Вектор»",
                    "Контакты: +7 926 555-00-02, info@vector.example",
                    "Ответственный: Мария Кузнецова",
                    "Источник: Добавлен вручную",
                    f"Задача: Отправить договор — {due}",
                    f"Последний комментарий (Мария Кузнецова, {said_at}):",
                    "Согласовали скидку 5%",
                ]
            )
            assert [label for label, _ in card.buttons()] == CARD_BUTTONS_RU
            # deal/search, then the card's reads at once; the client came with the search
            assert paths_since(app, since) == sorted(["deal/search", *CARD_READ])


async def test_email_number_words_and_nothing(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        listed = await say(tg, ANNA, "/deal Kozlov@Example.ru")
        assert listed.text == "Нашлось сделок: 2. Какую открыть?"
        assert [label for label, _ in listed.buttons()] == [
            f"№{SUPPLY.id} · Андрей Козлов · Квалификация",
            f"№{LICENCE.id} · Андрей Козлов · Успешно реализована",
        ]
        assert app.sandbox is not None
        assert app.sandbox.calls[-1].params == {"email": "kozlov@example.ru"}

        since = mark(app)
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, listed, f"№{LICENCE.id} · Андрей Козлов · Успешно реализована")
        opened = await tg.wait_message(ANNA.id, after=seen)
        assert opened.text.startswith(f"Продление лицензии · сделка №{LICENCE.id}\n")
        assert "Этап: Успешно реализована ✅ успешно" in opened.text
        assert "Задача: нет активной" in opened.text and "Комментариев нет" in opened.text
        assert paths_since(app, since) == sorted(CARD_READ)

        since = mark(app)
        by_id = await say(tg, ANNA, f"/deal {CONSULT.id}")
        assert by_id.text.startswith(f"Консультация · сделка №{CONSULT.id}\n")
        assert "Ответственный: администратор CRM" in by_id.text
        assert "Клиент: Екатерина Белова" in by_id.text
        # first sight of this deal: deal/get names the client, client/get follows
        assert paths_since(app, since) == sorted(["deal/get", *CARD_READ])
        since = mark(app)
        again = await say(tg, ANNA, f"/deal №{CONSULT.id}")
        assert again.text == by_id.text
        assert paths_since(app, since) == sorted(CARD_READ)

        by_words = await say(tg, ANNA, "/deal поставка")
        assert by_words.text.startswith(f"Поставка оборудования · сделка №{SUPPLY.id}\n")
        several = await say(tg, ANNA, "/deal Андрей")
        assert several.text == "Нашлось сделок: 2. Какую открыть?"
        assert len(several.buttons()) == 2

        none = await say(tg, ANNA, "/deal   нет такой  ")
        assert none.text == "Сделок по запросу «нет такой» не нашлось."
        assert (await say(tg, ANNA, "/deal 99999")).text.startswith("Сделок по запросу «99999»")
        asked = await say(tg, ANNA, "/deal")  # as tapped in the menu: asks, and waits
        assert asked.text.startswith("Пришлите телефон, e-mail, номер сделки или слова")
        answered_card = await say(tg, ANNA, "40052")
        assert answered_card.text.startswith("Поставка оборудования · сделка №40052")
        assert (await say(tg, ANNA, "/deal a@b")).text.startswith("Не похоже на e-mail")
        unknown = await press_data(tg, ANNA, listed, "do:99999")
        assert unknown == "Не нашлось: такой записи в CRM нет."


async def test_english_card_and_html_in_names(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        # the lead «Тест <b>&» taken into work: its client and deal carry the name
        taken = await app.crm.take_lead(str(seed.HTML_LEAD.id), as_employee="182")
        since = mark(app)
        card = await say(tg, ANNA, f"/deal {taken.deal_id}")
        assert paths_since(app, since) == sorted(CARD_READ)  # lead/start told the client
        assert card.text.startswith(f"Тест <b>& · deal #{taken.deal_id}\n")
        assert "Client: Тест <b>&" in card.text
        assert f"<b>Тест &lt;b&gt;&amp;</b> · deal #{taken.deal_id}" in card.source
        assert "Contacts: +7 903 123-45-03, test-html@example.ru" in card.text
        assert "Responsible: Анна Смирнова" in card.text
        assert [label for label, _ in card.buttons()] == CARD_BUTTONS_EN
        by_words = await say(tg, ANNA, "/deal <b>&")
        assert by_words.text == card.text
        nothing = await say(tg, ANNA, "/deal no such words")
        assert nothing.text == "No deals found for “no such words”."
        missing = await say(tg, ANNA, "/deal 8 999 555 00 09")
        assert missing.text.startswith("The number reads as +7 999 555-00-09.\nNo deals found")


async def test_a_crm_timeout_is_one_sentence_and_the_next_command_works(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, crm_timeout=0.5)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        assert app.sandbox is not None
        app.sandbox.fail_next("deal/get", "timeout", times=3)  # every attempt of the read
        late = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert late.text == "CRM не ответила вовремя. Попробуйте ещё раз через минуту."
        card = await say(tg, ANNA, f"/deal {SUPPLY.id}")
        assert card.text.startswith(f"Поставка оборудования · сделка №{SUPPLY.id}\n")


async def test_many_deals_page_with_buttons(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        assert app.crm is not None
        for i in range(12):  # twelve deals whose client is called «Листаем NN»
            created = await app.crm.create_lead(
                NewLead(name=f"Листаем {i:02d}", phone=f"+7 999 700-00-{i:02d}")
            )
            assert created.effective_id is not None
            await app.crm.take_lead(created.effective_id, as_employee="182")
        await bind_by_contact(tg, ANNA, "+79161110001")
        listed = await say(tg, ANNA, "/deal Листаем")
        assert listed.text == "Нашлось сделок: 12. Какую открыть?"
        labels = [label for label, _ in listed.buttons()]
        assert len(labels) == 10 + 2 and labels[-2:] == ["1/2", "▶"]
        await press(tg, ANNA, listed, "▶")
        await tg.wait_idle()
        second = current(tg, listed)
        labels = [label for label, _ in second.buttons()]
        assert len(labels) == 2 + 2 and labels[-2:] == ["◀", "2/2"]
        assert second.message_id == listed.message_id  # turned in place
