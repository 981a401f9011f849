"""What the notifier posts: a lead (with Take into work), a digest of several, a summary of
leads that came while the bot was down, the same messages once leads are claimed, reminders
and lists of leads nobody took, and personal alerts (text built when queued, and a link).

The outbox keeps a payload per message (`lead_payload`); these are rendered when sent, in
the bot's language (a group has many readers) and time zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.crm.models import Lead
from bot.i18n import Html, Translator, plain
from bot.phones import format_phone
from bot.store import LeadClaim

NAME_SHOWN = 120
COMMENT_SHOWN = 400
LABEL_SHOWN = 40
SUMMARY_LISTED = 20
TAKE_BUTTONS = 10  # Take buttons under one list of leads


class ClaimLead(CallbackData, prefix="lg"):
    """Take into work the lead `lead` posted in a team group (as whoever presses)."""

    lead: str


def lead_payload(lead: Lead) -> dict[str, Any]:
    """What the outbox keeps of a lead to post it (client data: scrubbed after delivery)."""
    return {
        "kind": "lead",
        "lead_id": lead.id,
        "name": lead.name,
        "phone": lead.phone,
        "email": lead.email,
        "source": lead.source,
        "comment": lead.comment,
        "created_at": lead.created_at.isoformat() if lead.created_at else None,
    }


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Messages:
    """Renders payloads for the groups."""

    def __init__(
        self, i18n: Translator, tz: ZoneInfo, bot_username: str, *, crm_takes: bool = True
    ) -> None:
        self.i18n = i18n
        self.tz = tz
        self.bot_username = bot_username
        self.crm_takes = crm_takes  # False: a claim from a post is kept in the bot only

    def _when(self, iso: str | None) -> str:
        if not iso:
            return "—"
        return datetime.fromisoformat(iso).astimezone(self.tz).strftime("%d.%m.%Y %H:%M")

    def _lines(self, p: Mapping[str, Any]) -> list[str]:
        i18n = self.i18n
        name = self._name(p)
        lines: list[str] = [i18n("post.title", name=name, id=p.get("lead_id", ""))]
        if p.get("phone"):
            lines.append(i18n("post.phone", phone=format_phone(str(p["phone"]))))
        if p.get("email"):
            lines.append(i18n("post.email", email=_clip(str(p["email"]), NAME_SHOWN)))
        if p.get("source"):
            lines.append(i18n("post.source", source=_clip(str(p["source"]), NAME_SHOWN)))
        if p.get("comment"):
            lines.append(i18n("post.comment", comment=_clip(str(p["comment"]), COMMENT_SHOWN)))
        lines.append(i18n("post.created", at=self._when(p.get("created_at"))))
        return lines

    def render(self, payload: Mapping[str, Any]) -> tuple[Html, InlineKeyboardMarkup | None]:
        """A payload as first sent."""
        kind = payload.get("kind")
        if kind == "catchup":
            return self._summary(payload), None
        if kind == "notice":
            return Html(escape(str(payload.get("text", "")), quote=False)), None
        if kind == "reminder":
            return self._reminder(payload), self._take(payload)
        if kind == "untaken":
            return self._untaken(payload)
        if kind == "alert":
            return Html(str(payload.get("text", ""))), self._link(payload)
        return Html("\n".join(self._lines(payload))), self._take(payload)

    def _link(self, p: Mapping[str, Any]) -> InlineKeyboardMarkup | None:
        """A personal alert's button: a deep link that opens its card in the private chat."""
        if not p.get("start") or not p.get("button") or not self.bot_username:
            return None
        url = f"https://t.me/{self.bot_username}?start={p['start']}"
        button = InlineKeyboardButton(text=plain(str(p["button"])), url=url)
        return InlineKeyboardMarkup(inline_keyboard=[[button]])

    def _name(self, p: Mapping[str, Any]) -> str:
        return _clip(p.get("name") or "", NAME_SHOWN) or self.i18n("post.no_name")

    def _take(self, p: Mapping[str, Any]) -> InlineKeyboardMarkup:
        label = plain(self.i18n("post.take"))
        data = ClaimLead(lead=str(p.get("lead_id", ""))).pack()
        return InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)]]
        )

    def claimed(
        self, payload: Mapping[str, Any], claim: LeadClaim
    ) -> tuple[Html, InlineKeyboardMarkup | None]:
        """The post once taken: who, when, and a button to the deal in a private chat."""
        full = payload.get("kind") == "lead" and (payload.get("name") or payload.get("phone"))
        lines = self._lines(payload) if full else []
        if not lines:  # a reminder, or the client data was scrubbed: the number is left
            lines = [self.i18n("post.title_bare", id=claim.lead_id)]
        lines += ["", self._who(claim)]
        return Html("\n".join(lines)), self._open_deal(claim)

    def _who(self, claim: LeadClaim) -> str:
        at = claim.claimed_at.astimezone(self.tz).strftime("%H:%M")
        if claim.name and claim.tg_user_id is not None and not self.crm_takes:
            return self.i18n("post.claimed_in_bot", name=claim.name, at=at)
        if claim.name:
            return self.i18n("post.claimed", name=claim.name, at=at)
        return self.i18n("post.claimed_in_crm", at=at)

    def _open_deal(self, claim: LeadClaim) -> InlineKeyboardMarkup | None:
        if not claim.deal_id or not self.bot_username:
            return None
        url = f"https://t.me/{self.bot_username}?start=deal_{claim.deal_id}"
        label = plain(self.i18n("post.open_deal", id=claim.deal_id))
        return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, url=url)]])

    def digest(
        self, payloads: Sequence[Mapping[str, Any]], claims: Mapping[str, LeadClaim]
    ) -> tuple[Html, InlineKeyboardMarkup | None]:
        """Several leads in one message, each with its own Take button until claimed."""
        i18n = self.i18n
        lines: list[str] = [i18n("post.digest_title", count=len(payloads))]
        rows = []
        for n, p in enumerate(payloads, start=1):
            lead_id = str(p.get("lead_id", ""))
            name = self._name(p)
            phone = format_phone(str(p["phone"])) if p.get("phone") else "—"
            line = i18n("post.digest_line", n=n, name=name, id=lead_id, phone=phone)
            claim = claims.get(lead_id)
            lines.append(line + (" — " + self._who(claim) if claim else ""))
            if claim is None:
                label = plain(i18n("post.take_one", n=n, name=_clip(name, LABEL_SHOWN)))
                data = ClaimLead(lead=lead_id).pack()
                rows.append([InlineKeyboardButton(text=label, callback_data=data)])
        markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
        return Html("\n".join(lines)), markup

    def _summary(self, p: Mapping[str, Any]) -> Html:
        """Leads that came while the bot was down, older than CATCHUP_HOURS: one message."""
        i18n = self.i18n
        leads = list(p.get("leads", []))
        lines: list[str] = [
            i18n("post.summary_title", count=p.get("count", len(leads)), hours=p.get("hours", ""))
        ]
        for item in leads[:SUMMARY_LISTED]:
            name = self._name(item)
            link = f"https://t.me/{self.bot_username}?start=lead_{item.get('lead_id', '')}"
            lines.append(
                i18n("post.summary_line", name=name, id=item.get("lead_id", ""), link=link)
            )
        if len(leads) > SUMMARY_LISTED:
            lines.append(i18n("post.summary_more", more=len(leads) - SUMMARY_LISTED))
        return Html("\n".join(lines))

    def _reminder(self, p: Mapping[str, Any]) -> Html:
        """A reply to a lead's post nobody took within ESCALATE_MINUTES."""
        text = self.i18n(
            "post.reminder", id=p.get("lead_id", ""), name=self._name(p), minutes=p.get("minutes")
        )
        return Html(str(text))

    def _untaken(self, p: Mapping[str, Any]) -> tuple[Html, InlineKeyboardMarkup | None]:
        """The day's list of a group's leads nobody took, the first ones with Take buttons."""
        i18n = self.i18n
        leads = list(p.get("leads", []))
        lines: list[str] = [i18n("post.untaken_title", count=len(leads))]
        rows: list[list[InlineKeyboardButton]] = []
        for n, item in enumerate(leads[:SUMMARY_LISTED], start=1):
            name = self._name(item)
            at = self._when(item.get("sent_at"))
            lines.append(i18n("post.untaken_line", n=n, name=name, id=item["lead_id"], at=at))
            if len(rows) < TAKE_BUTTONS:
                label = plain(i18n("post.take_one", n=n, name=_clip(name, LABEL_SHOWN)))
                data = ClaimLead(lead=str(item["lead_id"])).pack()
                rows.append([InlineKeyboardButton(text=label, callback_data=data)])
        if len(leads) > SUMMARY_LISTED:
            lines.append(i18n("post.summary_more", more=len(leads) - SUMMARY_LISTED))
        markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
        return Html("\n".join(lines)), markup
