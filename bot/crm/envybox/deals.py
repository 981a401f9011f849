"""Envybox deals and their clients: search, get, stage, responsible, comments, tags, history."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

from bot.crm.envybox.api import wire_contacts, wire_id
from bot.crm.envybox.base import PAGE_MAX, EnvyboxBase, next_offset
from bot.crm.envybox.clients import client_from
from bot.crm.envybox.wire import Ack
from bot.crm.envybox.wire_deals import ClientGet, DealGet, DealList, DealSearch, DealUpdateEmployee
from bot.crm.errors import NotFound
from bot.crm.models import Client, Deal, LogEntry, Page


class EnvyboxDeals(EnvyboxBase):
    async def find_deals(
        self, *, phone: str | None = None, email: str | None = None
    ) -> Sequence[Deal]:
        ref = await self._reference.get()
        found = await self._api.call(
            "deal/search", DealSearch, wire_contacts(phone, email), read=True
        )
        deals: list[Deal] = []
        for c in found.clients:
            client = Client(id=c.id, name=c.name)
            deals.extend(self._deal(ref, w, client=client) for w in c.deals_for_event)
        return deals

    async def search_deals(self, text: str, *, offset: int = 0, limit: int = 10) -> Page[Deal]:
        ref = await self._reference.get()
        request = {"keyword": text, "limit": min(limit, PAGE_MAX), "offset": offset}
        page = await self._api.call("deal/list", DealList, request, read=True)
        return Page[Deal](
            items=tuple(self._deal(ref, w) for w in page.result),
            total=page.count,
            next_offset=next_offset(offset, page.offset),
        )

    async def get_deal(self, deal_id: str) -> Deal:
        ref = await self._reference.get()
        got = await self._api.call("deal/get", DealGet, {"deal_id": wire_id(deal_id)}, read=True)
        return self._deal(ref, got.result, deal_id=deal_id)

    async def _client_card(self, client_id: str) -> tuple[Client, list[Deal]]:
        ref = await self._reference.get()
        request = {"client_id": wire_id(client_id)}
        got = (await self._api.call("client/get", ClientGet, request, read=True)).result
        client = client_from(got)
        deals = [self._deal(ref, w, client=client) for w in got.deals if not w.deleted_at]
        return client, deals

    async def get_client(self, client_id: str) -> Client:
        return (await self._client_card(client_id))[0]

    async def deal_with_client(self, deal_id: str) -> Deal:
        """One call (client/get) for a deal whose client is known, else deal/get + client/get.

        client/get lists the client's deals in full; a deal no longer among them (moved to
        another client, deleted) falls back to deal/get.
        """
        client_id = self._deal_clients.get(deal_id)
        if client_id is not None:
            with suppress(NotFound):
                _, deals = await self._client_card(client_id)
                deal = next((d for d in deals if d.id == deal_id), None)
                if deal is not None:
                    return deal
            self._deal_clients.forget(deal_id)
        deal = await self.get_deal(deal_id)
        if deal.client is None:
            return deal
        client, _ = await self._client_card(deal.client.id)
        return deal.model_copy(update={"client": client})

    async def last_deal_comment(self, deal_id: str) -> LogEntry | None:
        """The newest comment among the deal's last PAGE_MAX log lines (oldest come first:
        one call for a short log, a second one for the last page of a long one)."""
        page = await self._logs("deal/log/list", "deal_id", deal_id, 0, PAGE_MAX)
        if page.next_offset is not None and page.total:
            last = max(page.total - PAGE_MAX, 0)
            page = await self._logs("deal/log/list", "deal_id", deal_id, last, PAGE_MAX)
        return next((e for e in reversed(page.items) if e.is_comment), None)

    async def change_deal_stage(
        self, deal_id: str, stage_id: str, *, as_employee: str, comment: str | None = None
    ) -> None:
        """deal/updateDealStage takes no comment (Envybox has no trait STAGE_COMMENT)."""
        if comment is not None:
            raise ValueError("Envybox moves a deal without a comment")
        request = {
            "deal_id": wire_id(deal_id),
            "stage_id": wire_id(stage_id),
            "employee_id": wire_id(as_employee),
        }
        await self._api.call("deal/updateDealStage", Ack, request, read=False)

    async def reassign_deal(self, deal_id: str, employee_key: str) -> Deal:
        ref = await self._reference.get()
        request = {"deal_id": wire_id(deal_id), "employee_id": wire_id(employee_key)}
        updated = await self._api.call(
            "deal/updateEmployee", DealUpdateEmployee, request, read=False
        )
        wire = updated.result.deal if updated.result else None
        if wire is None:
            return await self.get_deal(deal_id)
        return self._deal(ref, wire, deal_id=deal_id)

    async def comment_deal(self, deal_id: str, text: str, *, as_employee: str) -> LogEntry:
        request = {
            "deal_id": wire_id(deal_id),
            "comment": text,
            "employee_id": wire_id(as_employee),
        }
        await self._api.call("deal/createComment", Ack, request, read=False)
        # the documented call takes no employee: Envybox may record the key's owner as the
        # author, so the entry names nobody (employee_id is sent anyway, should it be read)
        return LogEntry(text=text, created_at=self._now(), is_comment=True)

    async def deal_history(
        self, deal_id: str, *, offset: int = 0, limit: int = 20
    ) -> Page[LogEntry]:
        return await self._logs("deal/log/list", "deal_id", deal_id, offset, limit)

    async def tag_deal(self, deal_id: str, tags: Sequence[str]) -> None:
        request = {"deal_id": wire_id(deal_id), "tags": list(tags)}
        await self._api.call("deal/tag/addDealTags", Ack, request, read=False)
