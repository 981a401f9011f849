"""Taking a lead from a team group's post: the first presser wins, in the CRM and in the
store, and every message showing the lead says so.

Presses of one lead are taken one at a time (a lock per lead), and a lead with a claim in
the store is never sent to the CRM again: two people pressing at once, or one pressing
twice, make one `take_lead` call. When the CRM says someone took it by other means, the
claim records that employee instead. On a CRM whose API cannot take leads, the claim is
recorded in the bot only (the post and the presser are told the CRM was not changed).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.crm.capabilities import Capability
from bot.crm.errors import AlreadyTaken
from bot.notifier.posts import Posts
from bot.staff.identity import Identity
from bot.store import LeadClaim, Store
from bot.work.desk import Desk
from bot.work.lead_search import employee_names


@dataclass(frozen=True)
class Outcome:
    claim: LeadClaim
    now_mine: bool  # this press took it (False: it was taken already, by anyone)


class Claims:
    def __init__(self, desk: Desk, store: Store, posts: Posts) -> None:
        self._desk = desk
        self._store = store
        self._posts = posts
        self._locks: dict[str, asyncio.Lock] = {}

    async def take(self, who: Identity, lead_id: str) -> Outcome:
        lock = self._locks.setdefault(lead_id, asyncio.Lock())
        try:
            async with lock:
                outcome = await self._take(who, lead_id)
        finally:
            if not lock.locked() and self._locks.get(lead_id) is lock:
                del self._locks[lead_id]
        await self._posts.show_claim(lead_id)
        return outcome

    async def _take(self, who: Identity, lead_id: str) -> Outcome:
        claim = await self._store.claim_of(lead_id)
        if claim is not None:
            return Outcome(claim, now_mine=False)
        deal_id = None
        if Capability.TAKE_LEAD in self._desk.crm.capabilities:
            try:
                deal_id = (await self._desk.take_lead(who, lead_id)).deal_id
            except AlreadyTaken:
                return Outcome(await self._taken_elsewhere(lead_id), now_mine=False)
        # else: the CRM's API cannot take leads; the claim is the bot's record alone
        key = who.employee_key
        name = (await employee_names(self._desk.crm)).get(key or "")
        if name is None and who.binding is not None:
            name = who.binding.display_name
        claim = await self._store.claim(
            lead_id, tg_user_id=who.user_id, employee_key=key, name=name, deal_id=deal_id
        )
        return Outcome(claim, now_mine=claim.tg_user_id == who.user_id)

    async def _taken_elsewhere(self, lead_id: str) -> LeadClaim:
        crm = self._desk.crm
        key = deal_id = None
        if Capability.GET_LEAD in crm.capabilities:
            lead = await crm.get_lead(lead_id)
            key, deal_id = lead.employee_key, (lead.deal_ids[0] if lead.deal_ids else None)
        name = (await employee_names(crm)).get(key) if key else None
        return await self._store.claim(
            lead_id, tg_user_id=None, employee_key=key, name=name, deal_id=deal_id
        )
