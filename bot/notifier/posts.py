"""Keeping the group messages of a lead true once it is claimed: every group that shows
it, and every digest it sits in, says who took it and offers the deal."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup

from bot.notifier.messages import Messages
from bot.store import LeadClaim, Store

log = logging.getLogger("bot.notifier")


class Posts:
    def __init__(self, bot: Bot, store: Store, messages: Messages) -> None:
        self._bot = bot
        self._store = store
        self._messages = messages

    async def show_claim(self, lead_id: str) -> LeadClaim | None:
        """Redraw every message showing the lead with its claim; the claim (None if none)."""
        claim = await self._store.claim_of(lead_id)
        if claim is None:
            return None
        for chat_id, message_id in await self._store.lead_posts(lead_id):
            items = await self._store.message_items(chat_id, message_id)
            if len(items) > 1:
                claims = {}
                for item in items:
                    if item.lead_id and (other := await self._store.claim_of(item.lead_id)):
                        claims[item.lead_id] = other
                text, markup = self._messages.digest([i.payload for i in items], claims)
            else:
                payload = items[0].payload if items else {}
                text, markup = self._messages.claimed(payload, claim)
            await self._edit(chat_id, message_id, text, markup)
        return claim

    async def _edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        try:
            await self._bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                log.info("a lead's message in chat %s was not updated: %s", chat_id, exc.message)
        except TelegramAPIError as exc:
            log.info("a lead's message in chat %s was not updated: %s", chat_id, type(exc).__name__)
