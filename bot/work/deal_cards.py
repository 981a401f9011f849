"""What a deal card shows, read from the CRM in one go.

`deal_card` asks for the deal with its client, the active task and the last comment at the
same time; reference data (pipelines, employees) comes from the adapter's cache. With
Envybox that is three calls in one round trip when the deal's client is known to the adapter
(client/get, deal/getTask, deal/log/list), four in two round trips the first time a deal is
seen (deal/get first, then client/get). What the CRM cannot do is left out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.crm.capabilities import Capability
from bot.crm.errors import CRMError, NotFound
from bot.crm.models import Deal, Employee, LogEntry, Pipeline, PipelineKind, Stage, Task
from bot.crm.protocol import CRM
from bot.work.deal_query import DealQuery

log = logging.getLogger("bot.work")


@dataclass(frozen=True, slots=True)
class DealCard:
    deal: Deal
    pipeline: Pipeline | None
    employee: Employee | None
    task: Task | None
    last_comment: LogEntry | None
    knows_task: bool = True  # False: the CRM cannot tell a deal's task, so say nothing
    knows_comment: bool = True  # False: the CRM cannot tell a deal's comments

    @property
    def stage(self) -> Stage | None:
        if self.pipeline is None or self.deal.stage_id is None:
            return None
        return self.pipeline.stage(self.deal.stage_id)

    def moved_to(self, stage_id: str) -> DealCard | None:
        """The card after a manual move to `stage_id`; None if the deal's own pipeline
        has no such stage or does not allow moving by hand (a forged or stale button)."""
        pipeline = self.pipeline
        stage = pipeline.stage(stage_id) if pipeline is not None else None
        if pipeline is None or stage is None or not pipeline.manual_stage_change:
            return None
        update = {"stage_id": stage.id, "stage_name": stage.name, "status": stage.status}
        return replace(self, deal=self.deal.model_copy(update=update))


async def together(*calls: Awaitable[Any]) -> list[Any]:
    """Run `calls` concurrently; on the first failure cancel the rest and raise that error."""
    tasks = [asyncio.ensure_future(c) for c in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def _nothing() -> None:
    return None


def deal_pipeline(pipelines: Sequence[Pipeline], deal: Deal) -> Pipeline | None:
    """The deal's own pipeline (by its id, or as the pipeline holding the deal's stage)."""
    deal_pipelines = [p for p in pipelines if p.kind is PipelineKind.DEAL]
    if deal.pipeline_id is not None:
        found = next((p for p in deal_pipelines if p.id == deal.pipeline_id), None)
        if found is not None:
            return found
    if deal.stage_id is None:
        return None
    return next((p for p in deal_pipelines if p.stage(deal.stage_id) is not None), None)


async def deal_card(crm: CRM, deal_id: str, *, read_comment: bool = True) -> DealCard:
    """Everything the card shows; NotFound (and any CRM error) is raised as it comes.
    `read_comment` False: the last comment is not asked for (the caller knows it)."""
    can = crm.capabilities
    comments = Capability.DEAL_HISTORY in can and read_comment
    deal, task, comment, pipelines, employees = await together(
        crm.deal_with_client(deal_id),
        crm.deal_task(deal_id) if Capability.DEAL_TASKS in can else _nothing(),
        crm.last_deal_comment(deal_id) if comments else _nothing(),
        crm.pipelines() if Capability.LIST_PIPELINES in can else _nothing(),
        crm.employees() if Capability.LIST_EMPLOYEES in can else _nothing(),
    )
    assert isinstance(deal, Deal)
    key = deal.employee_key
    return DealCard(
        deal=deal,
        pipeline=deal_pipeline(pipelines or (), deal),
        employee=next((e for e in employees or () if e.key == key), None) if key else None,
        task=task,
        last_comment=comment,
        knows_task=Capability.DEAL_TASKS in can,
        knows_comment=Capability.DEAL_HISTORY in can,
    )


async def commented_card(
    crm: CRM, deal_id: str, write: Awaitable[LogEntry]
) -> tuple[LogEntry, DealCard | None]:
    """The comment `write` stores, and the deal's card showing it, in one round trip: the
    card is read while the comment is written (a comment changes nothing else on it). The
    write always runs to its end and its error is raised; a card that could not be read is
    None (the comment is stored all the same)."""
    reading = asyncio.ensure_future(deal_card(crm, deal_id, read_comment=False))
    try:
        entry = await write
    except BaseException:
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
        raise
    try:
        card = await reading
    except CRMError as exc:
        log.info("the card of deal %s was not redrawn: %s", deal_id, type(exc).__name__)
        return entry, None
    return entry, replace(card, last_comment=entry)


async def deal_and_pipeline(crm: CRM, deal_id: str) -> tuple[Deal, Pipeline | None]:
    """The deal (one call) and its pipeline from the cached reference data."""
    deal, pipelines = await together(crm.get_deal(deal_id), crm.pipelines())
    assert isinstance(deal, Deal)
    return deal, deal_pipeline(pipelines, deal)


@dataclass(frozen=True, slots=True)
class Found:
    """What `/deal` found: one deal's card, or several deals (the first `limit` of `total`)."""

    card: DealCard | None = None
    deals: tuple[Deal, ...] = ()
    total: int = 0


async def find_deal(crm: CRM, query: DealQuery, *, limit: int = 10, page: int = 0) -> Found:
    """A number → that deal; a phone or e-mail → deals of clients with it; words → deals
    whose name, client or contacts contain them. One match comes as its card; more come
    `limit` at a time, `page` choosing which."""
    if query.deal_id is not None:
        try:
            return Found(card=await deal_card(crm, query.deal_id), total=1)
        except NotFound:
            return Found()
    first = max(page, 0) * limit
    if query.words is not None:
        found = await crm.search_deals(query.words, offset=first, limit=limit)
        deals, total = found.items, max(found.total or 0, first + len(found.items))
    else:
        every = tuple(await crm.find_deals(phone=query.phone, email=query.email))
        deals, total = every[first : first + limit], len(every)
    if total == 1 and deals:
        return Found(card=await deal_card(crm, deals[0].id), total=1)
    return Found(deals=tuple(deals), total=total)
