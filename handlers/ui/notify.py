"""Messages the bot sends on its own (to admins, to a displaced user): never raise."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Translator, plain

log = logging.getLogger("bot.notify")


async def send(
    bot: Bot | None, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    if bot is None:
        return None
    try:
        return await bot.send_message(chat_id, text, reply_markup=markup)
    except TelegramAPIError as exc:
        log.warning("could not send to chat %s: %s", chat_id, type(exc).__name__)
        return None


async def edit(
    bot: Bot | None,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Redraw a message; 'not modified' is not an error. When Telegram refuses the edit
    (the message is gone, too old, or the call failed), the text comes as a new message, so
    the user still learns the outcome."""
    if bot is None:
        return
    try:
        await bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
        return
    except TelegramBadRequest as exc:
        if "not modified" in exc.message:
            return
        log.warning("could not edit message in chat %s: %s", chat_id, exc.message)
    except TelegramAPIError as exc:
        log.warning("could not edit message in chat %s: %s", chat_id, type(exc).__name__)
    await send(bot, chat_id, text, markup)


async def tell_displaced(bot: Bot | None, i18n: Translator, user_id: int | None) -> None:
    """Tell a user that an admin gave their CRM employee to someone else."""
    if user_id is not None:
        await send(bot, user_id, i18n("access.displaced"))


async def alert(query: CallbackQuery, text: str) -> None:
    """Answer a button press with a pop-up (plain text, at most 200 characters)."""
    try:
        await query.answer(plain(text)[:200], show_alert=True)
    except TelegramAPIError as exc:
        log.info("could not answer a button press: %s", type(exc).__name__)
