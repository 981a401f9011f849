"""/newlead: a dialog of four checked, skippable steps, then the lead in the CRM."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.access_kit import ANNA, bind_by_contact, current, press, press_data, say
from tests.e2e.harness import make_settings, running_bot
from tests.fakes.telegram import FakeTelegram


async def test_new_lead_step_by_step(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        ask_name = await say(tg, ANNA, "/newlead")
        assert ask_name.text.startswith("Новый лид. Как зовут клиента?")
        assert (await say(tg, ANNA, "Игорь <Тест>")).text == "Телефон клиента?"
        bad = await say(tg, ANNA, "12")
        assert bad.text.startswith("Не похоже на номер телефона. Пример:")
        inside = await say(tg, ANNA, "/deal 40052")  # a command works inside the dialog...
        assert inside.text.startswith("Поставка оборудования · сделка №40052")
        # ...which goes on where it was
        assert (await say(tg, ANNA, "8 (999) 765-43-21")).text == "E-mail клиента?"
        assert (await say(tg, ANNA, "not-an-email")).text.startswith("Не похоже на e-mail.")
        assert (await say(tg, ANNA, "Igor@Example.RU")).text == "Комментарий к лиду?"
        summary = await say(tg, ANNA, "Хочет демо")
        assert "Имя: Игорь <Тест>" in summary.text
        assert "Телефон: +7 999 765-43-21" in summary.text
        assert "E-mail: igor@example.ru" in summary.text
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert done.text.startswith("✅ Лид №") and done.text.endswith("создан.")
        assert done.buttons()[0][0] == "Открыть лид"
        assert app.sandbox is not None
        [created] = [c for c in app.sandbox.calls if c.path == "lead/set"]
        assert created.params["values"] == {
            "name": "Игорь <Тест>",
            "phone": "79997654321",
            "email": "igor@example.ru",
            "comment": "Хочет демо",
        }
        assert created.employee_id == "182"
        [entry] = await app.store.audit_entries(action="lead.create")
        assert entry.result == "ok" and entry.detail["phone"] == "+79997654321"


async def test_skips_and_a_contact_is_required(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, language="en")) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        ask = await say(tg, ANNA, "/newlead")
        for _ in range(3):  # skip name, phone and e-mail: the rule is checked at once
            seen = len(tg.sent(ANNA.id))
            await press(tg, ANNA, ask, "Skip")
            ask = await tg.wait_message(ANNA.id, after=seen)
        assert ask.text == "A phone or an e-mail is needed, or the lead cannot be found."
        phone_again = await tg.wait_message(ANNA.id, after=seen + 1)
        assert phone_again.text == "The client's phone?"
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, "-")  # a dash skips too
        await tg.wait_message(ANNA.id, after=seen)
        await say(tg, ANNA, "lead@example.com")  # the e-mail, then the comment question
        summary = await say(tg, ANNA, "-")
        assert "E-mail: lead@example.com" in summary.text and "Phone: —" in summary.text
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Create")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert done.text.startswith("✅ Lead #")
        assert app.sandbox is not None
        [created] = [c for c in app.sandbox.calls if c.path == "lead/set"]
        assert created.params["values"] == {"email": "lead@example.com"}


async def test_a_lead_with_known_contacts_is_merged(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        await say(tg, ANNA, "Сергей")
        await say(tg, ANNA, "+7 903 123-45-01")  # Сергей Орлов's number, an untaken lead
        await say(tg, ANNA, "-")
        summary = await say(tg, ANNA, "-")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        done = await tg.wait_message(ANNA.id, after=seen)
        assert done.text == (
            "✅ В CRM уже был лид с этими контактами: данные добавлены в лид №979190."
        )


async def test_cancel_in_the_middle_creates_nothing(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        await say(tg, ANNA, "Игорь")
        assert (await say(tg, ANNA, "/cancel")).text == "Отменено."
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path in ("lead/set", "lead/workset")]


async def test_lead_found_by_contacts_when_the_crm_gives_no_id(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url, crm_timeout=0.3)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        await say(tg, ANNA, "Игорь")
        await say(tg, ANNA, "+7 999 765-43-21")
        await say(tg, ANNA, "-")
        summary = await say(tg, ANNA, "-")
        assert app.sandbox is not None
        app.sandbox.fail_next("lead/set", "timeout")  # the answer is lost: lead/workset follows
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        done = await tg.wait_message(ANNA.id, after=seen, timeout=10)
        assert done.text.startswith("✅ Лид создан. CRM не сообщила его номер; по контактам")
        paths = [c.path for c in app.sandbox.calls]
        assert paths.count("lead/set") == 1 and paths.count("lead/workset") == 1
        assert app.crm is not None
        assert len(await app.crm.find_leads(phone="+79997654321")) == 1  # not twice


async def test_the_summary_edits_one_field_cancels_and_old_buttons_say_so(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)) as app:
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        refused = await say(tg, ANNA, "12345")
        assert refused.text.startswith("В имени нужна хотя бы одна буква.")
        for answer in ("Игорь", "+7 999 765-43-21", "-"):
            await say(tg, ANNA, answer)
        summary = await say(tg, ANNA, "-")
        assert [label for label, _ in summary.buttons()] == ["Создать", "Изменить", "Отмена"]
        await press(tg, ANNA, summary, "Изменить")
        await tg.wait_idle()
        fields = [label for label, _ in current(tg, summary).buttons()]
        assert fields == ["Имя", "Телефон", "E-mail", "Комментарий"]
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, current(tg, summary), "Имя")
        assert (await tg.wait_message(ANNA.id, after=seen)).text.startswith("Новый лид.")
        again = await say(tg, ANNA, "Игорь Петров")  # straight back to the summary
        assert "Имя: Игорь Петров" in again.text and "Телефон: +7 999 765-43-21" in again.text
        await press(tg, ANNA, again, "Отмена")
        await tg.wait_idle()
        assert current(tg, again).text.endswith("Лид не создан: диалог отменён.")
        # the last summary's Create, pressed after the dialog ended
        ended = await press_data(tg, ANNA, again, again.button_data("Создать"))
        assert ended == "Этот диалог уже закончен."
        assert app.sandbox is not None
        assert not [c for c in app.sandbox.calls if c.path == "lead/set"]
