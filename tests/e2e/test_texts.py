"""Texts a person reads: an admin by ADMIN_IDS is shown as an admin, /help on the sandbox
says it is the sandbox, and names stay in the nominative (no Russian declension needed)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.access_kit import ADMIN1, IVAN, bind_by_contact, current, know_admins, press, say
from tests.e2e.harness import make_settings, running_bot
from tests.e2e.test_access_admin import make_invite
from tests.fakes.telegram import FakeTelegram


async def test_an_admin_by_setting_is_shown_as_an_admin(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))):
        await bind_by_contact(tg, ADMIN1, "+79161110001")
        listing = await say(tg, ADMIN1, "/staff")
        assert "Админ Первый — Анна Смирнова, администратор" in listing.text
        assert "Роль: администратор" in (await say(tg, ADMIN1, "/whoami")).text


async def test_help_on_the_sandbox_names_it(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(make_settings(tmp_path, tg.url)):
        help_ = await say(tg, IVAN, "/help")
        assert "CRM: встроенная демо-CRM (sandbox) с вымышленными данными." in help_.text


async def test_names_stay_in_the_nominative(tg: FakeTelegram, tmp_path: Path) -> None:
    know_admins(tg)
    async with running_bot(make_settings(tmp_path, tg.url, admin_ids=str(ADMIN1.id))):
        code = await make_invite(tg, "Елена Волкова")
        picker = next(m for m in reversed(tg.sent(ADMIN1.id)) if "Приглашение" in m.text)
        assert picker.text.startswith("Приглашение: Елена Волкова — одноразовая ссылка")
        await say(tg, IVAN, f"/start {code}")
        listing = await say(tg, ADMIN1, "/staff")
        await press(tg, ADMIN1, listing, "Ivan")
        await press(tg, ADMIN1, current(tg, listing), "Отвязать")
        await press(tg, ADMIN1, current(tg, listing), "Да, отвязать")
        assert current(tg, listing).text.startswith("Отвязан: Ivan.")
