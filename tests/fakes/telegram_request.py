"""Decoding a Bot API request into typed parameters, the way Telegram reads them.

Parameters come from the query string and from the body: ``application/json``,
``application/x-www-form-urlencoded`` or ``multipart/form-data`` (what aiogram sends: every
value a string, complex fields such as ``reply_markup`` JSON-encoded, numbers as digits,
booleans as ``true``/``false``). Form values are converted per field name.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fakes.telegram_types import ApiError

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "media",
        "menu_button",
    }
)
INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "message_thread_id",
        "reply_to_message_id",
        "user_id",
        "from_chat_id",
        "max_connections",
    }
)
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
    }
)
_TRUE = {"true", "1", "True"}
_FALSE = {"false", "0", "False", ""}


def _convert(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise ApiError.bad_request(
                    "can't parse reply keyboard markup JSON object"
                ) from None
            raise ApiError.bad_request(f"can't parse {name} JSON object") from None
    if name in INT_FIELDS:
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        return value  # "@channelusername" and the like
    if name in BOOL_FIELDS:
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


async def _body(request: web.Request) -> dict[str, Any]:
    if request.method not in ("POST", "PUT") or not request.can_read_body:
        return {}
    content_type = request.content_type
    if content_type == "application/json":
        try:
            data = await request.json()
        except ValueError:
            raise ApiError.bad_request("can't parse JSON body") from None
        if not isinstance(data, dict):
            raise ApiError.bad_request("JSON object expected")
        return data
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.post()
        result: dict[str, Any] = {}
        for key, value in form.items():
            result[key] = value if isinstance(value, str) else f"<file {key}>"
        return result
    await request.read()
    return {}


async def decode_params(request: web.Request) -> dict[str, Any]:
    """Merged, typed parameters of one Bot API request (body wins over the query string)."""
    raw: dict[str, Any] = dict(request.query)
    raw.update(await _body(request))
    return {name: _convert(name, value) for name, value in raw.items()}
