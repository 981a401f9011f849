"""Envybox clients: client/get in domain terms, and which client each deal belongs to.

deal/get names the deal's client only by id, so a deal card needs client/get as well. But
client/get carries the client's deals in full (name, stage, responsible), so once the adapter
knows a deal's client, client/get alone gives the deal *and* its client: one call, not two.
`DealClients` remembers that link for every deal the adapter has seen (bounded, newest kept).
"""

from __future__ import annotations

from collections import OrderedDict

from bot.crm.envybox.wire import CONTACT_EMAIL, CONTACT_PHONE
from bot.crm.envybox.wire_deals import WireClientCard, WireContact
from bot.crm.models import Client, Contact, ContactKind
from bot.phones import normalize_email, normalize_phone

_KINDS = {CONTACT_PHONE: ContactKind.PHONE, CONTACT_EMAIL: ContactKind.EMAIL}


def contact_from(wire: WireContact) -> Contact | None:
    if not wire.value or wire.deleted_at:
        return None
    kind = _KINDS.get(wire.type_id or 0, ContactKind.OTHER)
    value = wire.value
    if kind is ContactKind.PHONE:
        value = normalize_phone(value) or value
    elif kind is ContactKind.EMAIL:
        value = normalize_email(value) or value
    return Contact(kind=kind, value=value)


def client_from(wire: WireClientCard) -> Client:
    """The client with its contacts, the primary ones first."""
    ordered = sorted(wire.contacts, key=lambda c: not c.primary)
    contacts = tuple(c for c in (contact_from(w) for w in ordered) if c is not None)
    return Client(id=wire.id, name=wire.title(), contacts=tuple(dict.fromkeys(contacts)))


class DealClients:
    """deal id → client id for the deals seen lately; at most `size` links."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._links: OrderedDict[str, str] = OrderedDict()

    def remember(self, deal_id: str, client_id: str | None) -> None:
        if not deal_id or not client_id:
            return
        self._links[deal_id] = client_id
        self._links.move_to_end(deal_id)
        while len(self._links) > self._size:
            self._links.popitem(last=False)

    def forget(self, deal_id: str) -> None:
        self._links.pop(deal_id, None)

    def get(self, deal_id: str) -> str | None:
        return self._links.get(deal_id)
