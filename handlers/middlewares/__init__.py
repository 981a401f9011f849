"""What runs around every handler: the press answers, the deadline, the language, the staff
gate, the dialogs' rules and the typing action (the app puts them in their order)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import TelegramObject

Next = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
"""What a middleware calls to go on: the next middleware, or the handler."""
