"""Where a form dialog is, as kept in the SQLite FSM storage (so it survives a restart):
which form, the field being asked, the answers so far (and the names of chosen choices),
the fields answered in order (for Back), the fields the CRM refused (asked again first),
whether one field is being changed from the summary, and the token of the summary shown
last (its Create writes once)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.crm.forms import Creation


class FormDialog(StatesGroup):
    field = State()  # answering the field `Progress.at`
    confirm = State()  # the summary: Create, Edit or Cancel


@dataclass
class Progress:
    creates: str
    at: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # a choice's name, by field
    trail: list[str] = field(default_factory=list)
    queue: list[str] = field(default_factory=list)
    editing: bool = False
    page: int = 0
    attempt: str = ""  # the last summary's token (`bot.work.attempts`)

    @property
    def creation(self) -> Creation:
        return Creation(self.creates)

    def answer(self, key: str, value: str | None, name: str | None = None) -> None:
        self.names.pop(key, None)
        if value is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = value
            if name is not None:
                self.names[key] = name
        if key in self.trail:
            self.trail.remove(key)
        self.trail.append(key)


async def load(state: FSMContext) -> Progress | None:
    data: dict[str, Any] = await state.get_data()
    raw = data.get("form")
    if not isinstance(raw, dict):
        return None
    try:
        return Progress(**raw)
    except TypeError:
        return None


async def save(state: FSMContext, progress: Progress) -> None:
    await state.set_data({"form": asdict(progress)})
