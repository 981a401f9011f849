"""Paged employee pickers: 8 a page, arrows between pages, pages clamped."""

from __future__ import annotations

from bot.crm.models import Employee
from bot.i18n import Translator
from handlers.ui.callbacks import InviteFor, InvitePage
from handlers.ui.keyboards import employee_picker

STAFF = [Employee(key=str(100 + i), name=f"Сотрудник {i:02d}") for i in range(20)]


def labels(page: int) -> list[list[str]]:
    markup = employee_picker(
        Translator("ru"), STAFF, page, lambda e: InviteFor(emp=e.key), lambda p: InvitePage(page=p)
    )
    return [[b.text for b in row] for row in markup.inline_keyboard]


def test_first_page_has_eight_and_a_way_forward() -> None:
    rows = labels(0)
    assert [r[0] for r in rows[:8]] == [f"Сотрудник {i:02d}" for i in range(8)]
    assert rows[8] == ["1/3", "▶"]


def test_last_page_has_the_rest_and_a_way_back() -> None:
    rows = labels(2)
    assert [r[0] for r in rows[:-1]] == [f"Сотрудник {i:02d}" for i in range(16, 20)]
    assert rows[-1] == ["◀", "3/3"]


def test_page_out_of_range_is_clamped() -> None:
    assert labels(99) == labels(2)
    assert labels(-5) == labels(0)


def test_one_page_needs_no_arrows() -> None:
    markup = employee_picker(
        Translator("en"), STAFF[:3], 0, lambda e: InviteFor(emp=e.key), lambda p: InvitePage(page=p)
    )
    assert len(markup.inline_keyboard) == 3
