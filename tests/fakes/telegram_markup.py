"""Reply markup validation of the fake Telegram Bot API, with Telegram's error wording."""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram_types import ApiError

MAX_BUTTONS = 100
INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")


def _bad_markup() -> ApiError:
    return ApiError.bad_request("can't parse reply keyboard markup JSON object")


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request(f'field "{key}" of the reply markup must be an array of arrays')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise ApiError.bad_request("reply markup is too long")
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise ApiError.bad_request("can't parse inline keyboard button: object expected")
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError.bad_request("BUTTON_TEXT_INVALID")
    actions = [key for key in INLINE_ACTIONS if key in button]
    if not actions:
        raise ApiError.bad_request("text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        reason = f"can't parse inline keyboard button: more than one action: {actions}"
        raise ApiError.bad_request(reason)
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise ApiError.bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(_URL_SCHEMES) or " " in url:
            raise ApiError.bad_request("BUTTON_URL_INVALID")


def _check_reply_button(button: Any) -> None:
    text = button.get("text") if isinstance(button, dict) else button
    if not isinstance(text, str) or not text.strip():
        raise ApiError.bad_request("BUTTON_TEXT_INVALID")


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any]:
    """Check a decoded reply_markup like Telegram; return it unchanged when valid.

    Inline keyboards: every button has text and exactly one action; callback_data is 1–64
    bytes of UTF-8; url is http(s) or tg. Reply keyboards (request_contact...), remove_keyboard
    and force_reply are accepted unless ``inline_only`` (edits accept inline keyboards only).
    """
    if not isinstance(markup, dict):
        raise _bad_markup()
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return markup
    if inline_only:
        raise ApiError.bad_request("inline keyboard expected")
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                _check_reply_button(button)
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise _bad_markup()


def inline_callback_data(markup: dict[str, Any] | None) -> list[str]:
    """All callback_data values on an inline keyboard (empty for other markups)."""
    rows = (markup or {}).get("inline_keyboard") or []
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]
