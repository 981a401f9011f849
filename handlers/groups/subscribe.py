"""/subscribe, /unsubscribe and /subscriptions: which groups get the new leads, and which.

Only the bot's admins change subscriptions (a Telegram group admin who is not one is
refused by the gate). A subscription's filters, a lead pipeline and an inbox type, are
chosen with buttons under the confirmation; a filter the CRM cannot list is not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.crm.capabilities import Capability as C
from bot.crm.errors import CRMError
from bot.crm.models import PipelineKind
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.notifier.teams import NEW_LEADS, TeamGroups
from bot.store import Store, Subscription
from handlers.middlewares.gate import ADMIN, GROUP, needs
from handlers.ui.callbacks import SubFilter, SubSet
from handlers.ui.keyboards import button
from handlers.ui.notify import edit

IN_GROUP = F.chat.type.in_({"group", "supergroup"})
FILTERS = {"pipeline": C.LIST_PIPELINES, "inbox": C.LIST_INBOX_TYPES}


async def _choices(crm: CRM, what: str) -> dict[str, str]:
    """id → name of what a filter may be set to (empty when the CRM does not answer)."""
    try:
        if what == "pipeline":
            return {p.id: p.name for p in await crm.pipelines() if p.kind is PipelineKind.LEAD}
        return {t.id: t.name for t in await crm.inbox_types()}
    except CRMError:
        return {}


async def _filters_line(i18n: Translator, crm: CRM, filters: Mapping[str, Any]) -> str:
    names = {}
    for what in FILTERS:
        chosen = filters.get(what)
        names[what] = (
            (await _choices(crm, what)).get(chosen, chosen) if chosen else i18n("group.any")
        )
    return i18n("group.filters", pipeline=names["pipeline"], inbox=names["inbox"])


def _filter_buttons(i18n: Translator, crm: CRM) -> InlineKeyboardMarkup | None:
    rows = [
        [button(i18n(f"group.pick_{what}"), SubFilter(what=what))]
        for what, capability in FILTERS.items()
        if capability in crm.capabilities
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


async def _summary(
    i18n: Translator, crm: CRM, sub: Subscription, head: str
) -> tuple[Html, InlineKeyboardMarkup | None]:
    line = await _filters_line(i18n, crm, sub.filters)
    return Html(f"{head}\n\n{line}"), _filter_buttons(i18n, crm)


async def subscribe(
    message: Message, i18n: Translator, crm: CRM, store: Store, teams: TeamGroups
) -> None:
    chat = message.chat
    user = message.from_user
    title = chat.title or str(chat.id)
    added = await store.subscribe(chat.id, NEW_LEADS, title, user.id if user else None)
    teams.add(chat.id)
    sub = await store.subscription(chat.id, NEW_LEADS)
    assert sub is not None
    head = i18n("group.subscribed") if added else i18n("group.already")
    text, markup = await _summary(i18n, crm, sub, head)
    await message.answer(text, reply_markup=markup)


async def unsubscribe(message: Message, i18n: Translator, store: Store, teams: TeamGroups) -> None:
    removed = await store.unsubscribe(message.chat.id, NEW_LEADS)
    teams.discard(message.chat.id)
    await message.answer(i18n("group.unsubscribed") if removed else i18n("group.not_subscribed"))


async def in_private(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("group.send_in_group"))


async def this_group(message: Message, i18n: Translator, crm: CRM, store: Store) -> None:
    sub = await store.subscription(message.chat.id, NEW_LEADS)
    if sub is None:
        await message.answer(i18n("group.not_subscribed"))
        return
    text, markup = await _summary(i18n, crm, sub, i18n("group.is_subscribed"))
    await message.answer(text, reply_markup=markup)


async def every_group(message: Message, i18n: Translator, crm: CRM, store: Store) -> None:
    subs = await store.subscriptions(NEW_LEADS)
    if not subs:
        await message.answer(i18n("group.none"))
        return
    lines = [i18n("group.list_title", count=len(subs))]
    for sub in subs:
        line = await _filters_line(i18n, crm, sub.filters)
        lines.append(i18n("group.list_line", title=sub.title, id=sub.chat_id, filters=Html(line)))
    await message.answer("\n".join(lines))


async def pick(query: CallbackQuery, callback_data: SubFilter, i18n: Translator, crm: CRM) -> None:
    what = callback_data.what
    if what not in FILTERS or not isinstance(query.message, Message):
        await query.answer()
        return
    choices = await _choices(crm, what)
    rows = [[button(i18n("group.any_button"), SubSet(what=what))]]
    rows += [[button(name, SubSet(what=what, value=key))] for key, name in choices.items()]
    message = query.message
    text = i18n(f"group.choose_{what}")
    await edit(
        query.bot,
        message.chat.id,
        message.message_id,
        text,
        InlineKeyboardMarkup(inline_keyboard=rows),
    )
    await query.answer()


async def set_filter(
    query: CallbackQuery, callback_data: SubSet, i18n: Translator, crm: CRM, store: Store
) -> None:
    chat_id = query.message.chat.id if query.message is not None else 0
    sub = await store.subscription(chat_id, NEW_LEADS)
    what, value = callback_data.what, callback_data.value
    if sub is None or what not in FILTERS or not isinstance(query.message, Message):
        await query.answer(i18n("group.not_subscribed"), show_alert=True)
        return
    if value and value not in await _choices(crm, what):
        await query.answer(i18n("group.choice_gone"), show_alert=True)
        return
    filters = {k: v for k, v in sub.filters.items() if k != what}
    if value:
        filters[what] = value
    await store.set_filters(chat_id, NEW_LEADS, filters)
    sub = sub.model_copy(update={"filters": filters})
    text, markup = await _summary(i18n, crm, sub, i18n("group.is_subscribed"))
    await edit(query.bot, chat_id, query.message.message_id, text, markup)
    await query.answer(i18n("group.saved"))


def router() -> Router:
    r = Router(name="groups.subscribe")
    in_group = needs(C.LIST_NEW_LEADS, **ADMIN, **GROUP)
    r.message.register(subscribe, Command("subscribe"), IN_GROUP, flags=in_group)
    r.message.register(unsubscribe, Command("unsubscribe"), IN_GROUP, flags={**ADMIN, **GROUP})
    r.message.register(this_group, Command("subscriptions"), IN_GROUP, flags={**ADMIN, **GROUP})
    r.message.register(every_group, Command("subscriptions"), flags=ADMIN)
    r.message.register(in_private, Command("subscribe", "unsubscribe"), flags=ADMIN)
    r.callback_query.register(pick, SubFilter.filter(), flags={**ADMIN, **GROUP})
    r.callback_query.register(set_filter, SubSet.filter(), flags={**ADMIN, **GROUP})
    return r
