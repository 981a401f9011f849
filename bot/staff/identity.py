"""Who sent an update, as the bot sees them at that moment."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store import Binding


@dataclass(frozen=True, slots=True)
class Identity:
    """The sender as the bot sees them at this moment."""

    user_id: int
    binding: Binding | None
    is_admin: bool

    @property
    def employee_key(self) -> str | None:
        b = self.binding
        return b.employee_key if b is not None and b.is_active else None
