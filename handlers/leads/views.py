"""Lead cards and their buttons."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from bot.crm.capabilities import Capability
from bot.crm.models import Deal, Lead, LogEntry, TakenLead
from bot.i18n import Html, Translator
from bot.phones import format_phone
from handlers.ui.callbacks import (
    DealOpen,
    History,
    LeadAssign,
    LeadComment,
    LeadShow,
    LeadTake,
)
from handlers.ui.keyboards import button, single
from handlers.ui.views import clip, deal_label, when

COMMENT_SHOWN = 500  # characters of a lead's comment shown on its card
NAME_SHOWN = 200  # characters of a name, an e-mail, a stage or a source
DEALS_OFFERED = 5  # deals offered when no lead has the contacts


def lead_message(
    i18n: Translator,
    lead: Lead,
    tz: ZoneInfo,
    capabilities: Collection[Capability],
    names: Mapping[str, str],
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """A lead's card and its buttons; a CRM that cannot take leads from the bot says so
    where the button would be."""
    card = lead_card(i18n, lead, tz, names)
    if Capability.TAKE_LEAD not in capabilities and not lead.taken:
        card = Html(card + "\n\n" + i18n("lead.take_not_here"))
    return card, lead_buttons(i18n, lead, capabilities)


def lead_card(i18n: Translator, lead: Lead, tz: ZoneInfo, names: Mapping[str, str]) -> Html:
    """Every value from the CRM clipped: the card fits one message whatever the CRM holds.
    `names`: employee key → name, for the responsible."""
    name = clip(lead.name, NAME_SHOWN) if lead.name else i18n("lead.no_name")
    lines = [i18n("lead.title", name=name, id=lead.id)]
    if lead.phone:
        lines.append(i18n("lead.phone", phone=clip(format_phone(lead.phone), NAME_SHOWN)))
    if lead.email:
        lines.append(i18n("lead.email", email=clip(lead.email, NAME_SHOWN)))
    if lead.stage_name:
        lines.append(i18n("lead.stage", stage=clip(lead.stage_name, NAME_SHOWN)))
    if lead.employee_key:
        employee = names.get(lead.employee_key, lead.employee_key)
        lines.append(i18n("lead.employee", employee=clip(employee, NAME_SHOWN)))
    if lead.source:
        lines.append(i18n("lead.source", source=clip(lead.source, NAME_SHOWN)))
    if lead.comment:
        lines.append(i18n("lead.comment", comment=clip(lead.comment, COMMENT_SHOWN)))
    if lead.created_at:
        lines.append(i18n("lead.created", at=when(lead.created_at, tz)))
    return Html("\n".join(lines))


def lead_buttons(
    i18n: Translator, lead: Lead, capabilities: Collection[Capability]
) -> InlineKeyboardMarkup | None:
    row = []
    if Capability.TAKE_LEAD in capabilities and not lead.taken:
        row.append(button(i18n("lead.take"), LeadTake(lead=lead.id)))
    if Capability.COMMENT_LEAD in capabilities:
        row.append(button(i18n("lead.comment_button"), LeadComment(lead=lead.id)))
    can_assign = {Capability.ASSIGN_LEAD, Capability.LIST_EMPLOYEES} <= set(capabilities)
    if can_assign and not lead.taken:
        row.append(button(i18n("lead.assign"), LeadAssign(lead=lead.id)))
    rows = [row] if row else []
    if Capability.LEAD_HISTORY in capabilities:
        rows.append([button(i18n("lead.history_button"), History(of="lead", id=lead.id))])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def taken_card(i18n: Translator, card: str, taken: TakenLead) -> tuple[Html, InlineKeyboardMarkup]:
    """The lead just taken into work (its card read afresh) and a button to the new deal."""
    text = Html(card + "\n\n" + i18n("lead.taken", deal=taken.deal_id))
    return text, single(i18n("lead.open_deal"), DealOpen(deal=taken.deal_id))


def open_deals_warning(
    i18n: Translator, card: str, lead: Lead, deals: Sequence[Deal]
) -> tuple[Html, InlineKeyboardMarkup]:
    """The client already has open deals: show them first; taking the lead is still possible."""
    shown = deals[:DEALS_OFFERED]
    lines = [card, "", i18n("lead.has_open_deals", count=len(deals))]
    rows = [
        [button(i18n("lead.deal_line", id=d.id, name=deal_label(d)), DealOpen(deal=d.id))]
        for d in shown
    ]
    rows.append([button(i18n("lead.take_anyway"), LeadTake(lead=lead.id, anyway=True))])
    rows.append([button(i18n("lead.back"), LeadShow(lead=lead.id))])
    return Html("\n".join(lines)), InlineKeyboardMarkup(inline_keyboard=rows)


def comment_stored(i18n: Translator, entry: LogEntry, tz: ZoneInfo) -> Html:
    at = when(entry.created_at, tz) if entry.created_at else ""
    return i18n("lead.comment_saved", text=entry.text, at=at)


def nothing_found(
    i18n: Translator,
    deals: Sequence[Deal],
    deals_searched: bool,
    phone: str | None,
    *,
    any_status: bool = False,
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """No lead: the deals with the same contacts, each a button, or a plain "nothing";
    with how a typed phone was read, since nothing else shows it. `any_status`: the
    search looked at leads of every status, not only those not yet taken."""
    read = i18n("lead.searched_as", phone=format_phone(phone)) + "\n" if phone else ""
    if not deals:
        key = "lead.none" if deals_searched else "lead.none_leads"
        return Html(read + i18n(key + "_any" if any_status else key)), None
    rows = [
        [button(i18n("lead.deal_line", id=d.id, name=deal_label(d)), DealOpen(deal=d.id))]
        for d in deals[:DEALS_OFFERED]
    ]
    text = Html(read + i18n("lead.none_but_deals", count=len(deals)))
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
