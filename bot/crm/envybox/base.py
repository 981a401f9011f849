"""The Envybox adapter's shared core: the API client, reference data, logs and deals as
the other parts need them (`leads`, `deals`, `tasks` extend it; `adapter` assembles them).

Every phone sent to the CRM goes as bare digits ("79991234567").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from bot import clock
from bot.crm.envybox.api import EnvyboxApi
from bot.crm.envybox.clients import DealClients
from bot.crm.envybox.reference import Reference, ReferenceCache, log_from
from bot.crm.envybox.wire import LogPage, MainData, WireLog
from bot.crm.envybox.wire_deals import WireDeal
from bot.crm.models import Client, Deal, Employee, InboxType, LogEntry, Page, Pipeline
from bot.crm.protocol import CRM

PAGE_MAX = 50

log = logging.getLogger("bot.crm.envybox")


def next_offset(offset: int, reported: int | None) -> int | None:
    return reported if reported is not None and reported > offset else None


class EnvyboxBase(CRM):
    kind = "envybox"

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timezone: ZoneInfo,
        timeout: float = 10.0,
        reference_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._tz = timezone
        self._api = EnvyboxApi(
            base_url,
            api_key,
            timezone=timezone,
            timeout=timeout,
            client=client,
            retries=retries,
            sleep=sleep,
        )
        self._reference = ReferenceCache(self._load_reference, reference_ttl)
        self._deal_clients = DealClients()

    async def close(self) -> None:
        await self._api.close()

    def _now(self) -> datetime:
        return clock.now(self._tz)

    async def _load_reference(self) -> Reference:
        return Reference.from_wire(await self._api.call("main/data", MainData, read=True, get=True))

    async def crm_info(self) -> tuple[str, str | None]:
        """(the CRM's name, the CRM administrator's user id); checks the key at start-up."""
        ref = await self._reference.get()
        return ref.crm_name, ref.admin_id

    async def account_name(self) -> str:
        return (await self.crm_info())[0]

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        return (await self._reference.get(stale=not fresh)).employees

    async def pipelines(self) -> Sequence[Pipeline]:
        return (await self._reference.get()).pipelines

    async def inbox_types(self) -> Sequence[InboxType]:
        return (await self._reference.get()).inbox_types

    async def _logs(
        self, endpoint: str, key: str, ident: str, offset: int, limit: int
    ) -> Page[LogEntry]:
        query = {key: ident, "limit": min(limit, PAGE_MAX), "offset": offset}
        page = await self._api.call(endpoint, LogPage, query, read=True, get=True)
        return Page[LogEntry](
            items=tuple(log_from(w) for w in page.result),
            total=page.count,
            next_offset=next_offset(offset, page.offset),
        )

    def _sent_comment(self, log: WireLog | None, text: str, as_employee: str) -> LogEntry:
        if log is not None and (log.data and (log.data.comment or log.data.text)):
            return log_from(log).model_copy(update={"is_comment": True})
        ref = self._reference.current
        return LogEntry(
            id=log.id if log else None,
            text=text,
            author=ref.employee_name(as_employee) if ref else None,
            employee_key=as_employee,
            created_at=self._now(),
            is_comment=True,
        )

    def _deal(
        self, ref: Reference, wire: WireDeal, *, client: Client | None = None, deal_id: str = ""
    ) -> Deal:
        """The domain deal; remembers its client for `deal_with_client`."""
        deal = ref.deal(wire, client=client, deal_id=deal_id)
        self._deal_clients.remember(deal.id, deal.client.id if deal.client else None)
        return deal
