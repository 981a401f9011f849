"""The bot on SalesMan CRM (API 2.0), through the fake Telegram server and the SalesMan
emulator: start-up's settings and credentials, binding by a shared contact (the CRM's
`phone` or `mob`), and a menu of only what the adapter declares."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import clock
from bot.app import App
from bot.config import SettingsError
from bot.startup import EXIT_CONFIG, StartupError
from tests.e2e.access_kit import (
    ADMIN1,
    ADMIN_IDS,
    ANNA,
    IVAN,
    answered,
    bind_by_contact,
    current,
    know_admins,
    press,
    say,
)
from tests.e2e.groups_kit import SALES, cursor_set, posts_of, subscribe, until, wait_post
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.salesman_kit import settings_for
from tests.fakes.salesman import BOT_LOGIN, SalesmanServer
from tests.fakes.telegram import FakeTelegram


def test_salesman_needs_its_login(tg: FakeTelegram, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as err:
        make_settings(
            tmp_path,
            tg.url,
            crm_kind="salesman",
            crm_url="https://crm.example.ru",
            crm_api_key="k",
        )
    assert str(err.value).startswith("CRM_LOGIN is not set")


@pytest.mark.parametrize("wrong", [{"crm_api_key": "typo-key-77"}, {"crm_login": "robot"}])
async def test_a_refused_key_or_login_stops_start_with_one_line(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path, wrong: dict[str, str]
) -> None:
    app = App(settings_for(tmp_path, tg, salesman, **wrong))
    try:
        with pytest.raises(StartupError) as err:
            await app.start()
    finally:
        await app.close()
    assert str(err.value).startswith("CRM_API_KEY or CRM_LOGIN refused by the CRM")
    assert "typo-key-77" not in str(err.value)
    assert err.value.exit_code == EXIT_CONFIG
    assert not tg.calls_of("getUpdates")


async def test_staff_bind_by_their_phone_or_mobile_and_see_what_salesman_allows(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)) as app:
        assert app.crm_name == "SalesMan 127.0.0.1"
        anna = await bind_by_contact(tg, ANNA, "+79161110001")  # her `phone`
        assert "Анна Смирнова" in anna.text
        ivan = await bind_by_contact(tg, IVAN, "+7 916 111 00 02")  # only a `mob`
        assert "Иван Петров" in ivan.text
        binding = await app.store.get_binding(IVAN.id)
        assert binding is not None and binding.employee_key == "ivan"  # the key is the login
        menu = [c["command"] for c in tg.commands[("default", "")]]
        declared = ["lead", "deal", "tasks", "newlead", "alerts", "start", "help", "whoami"]
        assert menu == [*declared, "cancel"]
    assert {c.login for c in salesman.calls} == {BOT_LOGIN}  # binding is the bot's own work


async def test_a_new_lead_is_added_as_the_employee_and_its_card_opens(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        await say(tg, ANNA, "/newlead")
        await say(tg, ANNA, "Игорь Тестов")
        await say(tg, ANNA, "8 (999) 765-43-21")
        await say(tg, ANNA, "igor@example.ru")
        summary = await say(tg, ANNA, "Хочет демо")
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, summary, "Создать")
        done = await tg.wait_message(ANNA.id, after=seen)
        [added] = [c for c in salesman.calls if (c.method, c.action) == ("lead", "add")]
        assert added.login == "anna"  # as the person, not as the bot's login
        assert added.params == {
            "title": "Игорь Тестов",
            "phone": "79997654321",  # digits: SalesMan matches phones by substring
            "email": "igor@example.ru",
            "description": "Хочет демо",
        }
        new_id = max(salesman.leads)
        assert done.text == f"✅ Лид №{new_id} создан."
        seen = len(tg.sent(ANNA.id))
        await press(tg, ANNA, done, "Открыть лид")
        await tg.wait_idle()
        card = tg.sent(ANNA.id)[-1]
        assert "Игорь Тестов" in card.text and "Этап: Открыт" in card.text
        assert "Взять лид в работу из бота нельзя" in card.text
        assert "Взять в работу" not in [label for label, _ in card.buttons()]


async def test_a_lead_card_shows_status_result_and_responsible(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    async with running_bot(settings_for(tmp_path, tg, salesman)):
        await bind_by_contact(tg, IVAN, "+79161110002")
        card = await say(tg, IVAN, "/start lead_502")
        assert "Нина Белова" in card.text
        assert "Обработан · Другое" in card.text
        assert "Анна Смирнова" in card.text  # iduser 2, by the user list
        assert "нельзя" not in card.text  # processed: nothing to take
        missing = await say(tg, IVAN, "/start lead_999")
        assert missing.text == "Не нашлось: такой записи в CRM нет."
    reads = [c for c in salesman.calls if (c.method, c.action) == ("lead", "info")]
    assert [c.login for c in reads] == ["ivan", "ivan"]  # his SalesMan rules apply to him
    polls = [c for c in salesman.calls if c.action == "list"]
    assert polls and {c.login for c in polls} == {BOT_LOGIN}  # the notifier: the bot's own
    assert {c.login for c in salesman.calls if c.method == "user"} == {BOT_LOGIN}


async def test_lead_by_phone_looks_through_several_pages_and_says_so(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    server = SalesmanServer(newer_leads=450)  # Орлов's lead is on the third page
    async with server, running_bot(settings_for(tmp_path, tg, server)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, "/lead 8 903 123-45-01")
        await tg.wait_message(ANNA.id, after=seen + 1)
        await tg.wait_idle()
        note, card = tg.sent(ANNA.id)[seen : seen + 2]
        assert note.text == "🔎 Просмотрено лидов: 452 (новые первыми)."
        assert "Сергей Орлов" in card.text and "№501" in card.text
        assert "Источник: Сайт" in card.text
        pages = [c.params["offset"] for c in _searches(server)]
        assert pages == [0, 1, 2]  # 200 a page, stopping at the short last one

        seen = len(tg.sent(ANNA.id))
        before = len(_searches(server))
        tg.send_text(ANNA, "/lead nobody@example.ru")
        await tg.wait_message(ANNA.id, after=seen + 1)
        await tg.wait_idle()
        note, answer = tg.sent(ANNA.id)[seen : seen + 2]
        assert note.text == "🔎 Просмотрено лидов: 452 (новые первыми)."
        # of any status, as scanned; the clients with that e-mail have no deals either
        assert answer.text == "Лидов с такими контактами нет, и сделок с ними тоже нет."
        assert len(_searches(server)) - before == 3


async def test_the_scan_stops_at_its_page_cap(tg: FakeTelegram, tmp_path: Path) -> None:
    server = SalesmanServer(newer_leads=450)
    async with server, running_bot(settings_for(tmp_path, tg, server, lead_scan_pages=2)):
        await bind_by_contact(tg, ANNA, "+79161110001")
        seen = len(tg.sent(ANNA.id))
        tg.send_text(ANNA, "/lead 8 903 123-45-01")  # on page 3: beyond the cap
        await tg.wait_message(ANNA.id, after=seen + 1)
        await tg.wait_idle()
        note = tg.sent(ANNA.id)[seen]
        assert note.text == "🔎 Просмотрено лидов: 400 (новые первыми)."
        assert [c.params["offset"] for c in _searches(server)] == [0, 1]


def _searches(server: SalesmanServer) -> list[Any]:
    """The `lead list` calls of `/lead` (the notifier's carry `dateStart`)."""
    return [
        c
        for c in server.calls
        if (c.method, c.action) == ("lead", "list") and "dateStart" not in c.params
    ]


async def test_a_new_lead_is_posted_once_and_a_claim_is_kept_in_the_bot(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    know_admins(tg)
    settings = settings_for(tmp_path, tg, salesman, admin_ids=ADMIN_IDS, poll_interval=1)
    async with running_bot(settings) as app:
        await until(lambda: cursor_set(app), "the first poll")
        await bind_by_contact(tg, ANNA, "+79161110001")
        await subscribe(tg, SALES)
        lead = str(salesman.add_lead("Глеб Новиков", "79990004455"))
        post = await wait_post(tg, SALES.id, lead)
        assert "Глеб Новиков" in post.text and "+7 999 000-44-55" in post.text
        said = await answered(tg, tg.press(ANNA, post, post.button_data("Взять в работу")))
        assert said.startswith("Лид за вами — отмечено в боте. В CRM ничего не изменено")
        await tg.wait_idle()
        shown = current(tg, post)
        assert "Взял(а): Анна Смирнова" in shown.text and "в CRM не изменено" in shown.text
        assert "Взять в работу" not in str(shown.buttons())
        polls = len([c for c in salesman.calls if "dateStart" in c.params])
        await until(lambda: _more_polls(salesman, polls + 2), "two more looks for new leads")
        assert len(posts_of(tg, SALES.id, lead)) == 1
    writes = [c for c in salesman.calls if c.action not in ("list", "info", "user", "user.list")]
    assert writes == []  # SalesMan was not changed


async def _more_polls(server: SalesmanServer, count: int) -> bool:
    return len([c for c in server.calls if "dateStart" in c.params]) >= count


async def test_stats_show_this_months_leads_per_employee_to_admins(
    tg: FakeTelegram, salesman: SalesmanServer, tmp_path: Path
) -> None:
    know_admins(tg)
    for n, (status, owner) in enumerate([(1, 2), (0, 2), (2, 2), (3, 3)]):
        salesman.add_lead(f"Клиент {n}", f"7999111000{n}", status=status, iduser=owner)
    async with running_bot(settings_for(tmp_path, tg, salesman, admin_ids=ADMIN_IDS)):
        report = await say(tg, ADMIN1, "/stats")
        await bind_by_contact(tg, ANNA, "+79161110001")
        refused = await say(tg, ANNA, "/stats")
    today = clock.now(ZoneInfo("Europe/Moscow")).date()
    assert report.text.startswith(f"Лиды за 01.{today:%m}–{today:%d.%m.%Y}")
    lines = report.text.splitlines()
    [anna] = [x for x in lines if x.startswith("Анна Смирнова")]
    [ivan] = [x for x in lines if x.startswith("Иван Петров")]
    [total] = [x for x in lines if x.startswith("Всего")]
    assert anna.split()[-2:] == ["2", "1"] and ivan.split()[-2:] == ["0", "1"]
    assert total.split()[-2:] == ["2", "2"]
    assert lines.index(anna) < lines.index(ivan)  # most open leads first
    assert refused.text == "Это могут только администраторы бота."
    [stat] = [c for c in salesman.calls if c.action == "stat"]
    assert stat.params == {"dateStart": f"{today:%Y-%m}-01", "dateEnd": today.isoformat()}
