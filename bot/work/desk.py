"""What staff do in the CRM from chat: every write made as the bound employee, and audited.

Handlers call these operations with the sender's `Identity` (read from the store by the
gate for this very update), never with an employee taken from a button or a message.
Each write is recorded in the audit log with who, what, and the result: `ok`, the CRM's
refusal or failure (`error:<ErrorClass>`: known not done), or `unknown` when nobody can tell
whether the CRM did it (`bot.crm.errors.outcome_unknown`: no answer after the request may
have reached the CRM, or an unreadable one; cancelled at shutdown; an unexpected error).
An unknown outcome is raised as `Unconfirmed` (`bot.work.attempts`). A write given an
`attempt` (the token of the button that asked for it) is made once: a second press raises
`Repeated` and writes nothing. Reads go to the CRM directly.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.crm.capabilities import Trait
from bot.crm.errors import CRMError, outcome_unknown
from bot.crm.forms import Answers, Creation
from bot.crm.models import (
    Created,
    CreatedLead,
    Deal,
    LogEntry,
    NewLead,
    TakenLead,
    Task,
    TaskOutcome,
)
from bot.crm.protocol import CRM
from bot.staff.directory import Directory
from bot.staff.identity import Identity
from bot.store import Store, StoreError
from bot.work.attempts import Attempts, Earlier, Unconfirmed, mark_written

log = logging.getLogger("bot.work")


def signed(name: str, text: str) -> str:
    """A comment that names its author in its first words: "[Анна Смирнова] text"."""
    return f"[{name}] {text}"


class NotBound(Exception):
    """A write was asked for by someone with no active binding (a bug: the gate stops them)."""


@dataclass
class _Write:
    """A write under way: the acting employee; the record it made, when the CRM says."""

    employee: str
    record: str | None = None


class Desk:
    def __init__(self, crm: CRM, store: Store, directory: Directory) -> None:
        self.crm = crm
        self._store = store
        self._directory = directory
        self._attempts = Attempts(store)

    async def earlier(self, who: Identity, attempt: str) -> Earlier | None:
        """What became of the write pressed with the token `attempt` (None: none made)."""
        return await self._attempts.earlier(who.user_id, attempt)

    @asynccontextmanager
    async def _write(
        self,
        who: Identity,
        action: str,
        target: str,
        detail: Mapping[str, Any],
        attempt: str | None = None,
    ) -> AsyncIterator[_Write]:
        """Yield the write (the acting employee's key); audit the outcome of the block.
        With an `attempt`, claim it first (`Repeated` when it was pressed before)."""
        employee = who.employee_key
        if employee is None:
            raise NotBound(str(who.user_id))
        if attempt is not None:
            await self._attempts.claim(who.user_id, attempt, action)
        write = _Write(employee)
        result = "unknown"  # cancelled, or failed in a way that says nothing of the CRM
        try:
            yield write
            result = "ok"
            mark_written(action)
        except CRMError as exc:
            if outcome_unknown(exc):  # the request may have reached the CRM
                raise Unconfirmed(action, target, exc) from exc
            result = f"error:{type(exc).__name__}"
            raise
        except Exception as exc:  # the bot's own failure mid-write: the CRM may have done it
            raise Unconfirmed(action, target, exc) from exc
        finally:
            await self._record(who, action, target, detail, result, attempt, write)

    async def _record(
        self,
        who: Identity,
        action: str,
        target: str,
        detail: Mapping[str, Any],
        result: str,
        attempt: str | None,
        write: _Write,
    ) -> None:
        """The audit and the attempt's end. A store that cannot write them does not undo
        what the CRM did, nor hide it: the log keeps the facts, and the write's outcome
        reaches the user as it is."""
        try:
            await self._store.audit(
                action,
                actor_tg_id=who.user_id,
                actor_employee_key=write.employee,
                target=target,
                detail=detail,
                result=result,
            )
        except StoreError as exc:
            log.error(
                "the audit of %s on %s by user %s (result %s) was not stored: %s",
                action,
                target,
                who.user_id,
                result,
                exc,
            )
        if attempt is None:
            return
        try:
            await self._attempts.finish(who.user_id, attempt, result, write.record)
        except StoreError as exc:
            log.error(
                "press %s of user %s was not marked %s: %s", attempt, who.user_id, result, exc
            )

    # ------------------------------------------------------------------ leads

    async def take_lead(self, who: Identity, lead_id: str) -> TakenLead:
        async with self._write(who, "lead.take", f"lead:{lead_id}", {}) as w:
            return await self.crm.take_lead(lead_id, as_employee=w.employee)

    async def assign_lead(self, who: Identity, lead_id: str, employee_key: str) -> None:
        detail = {"employee": employee_key}
        async with self._write(who, "lead.assign", f"lead:{lead_id}", detail):
            await self.crm.assign_lead(lead_id, employee_key)

    async def comment_lead(self, who: Identity, lead_id: str, text: str) -> LogEntry:
        async with self._write(who, "lead.comment", f"lead:{lead_id}", {"text": text}) as w:
            return await self.crm.comment_lead(lead_id, text, as_employee=w.employee)

    async def create_lead(
        self, who: Identity, lead: NewLead, *, attempt: str | None = None
    ) -> CreatedLead:
        detail = lead.model_dump(exclude_none=True)
        async with self._write(who, "lead.create", "lead:new", detail, attempt) as w:
            created = await self.crm.create_lead(lead, as_employee=w.employee)
            w.record = created.effective_id
            return created

    async def create(
        self, who: Identity, creates: Creation, answers: Answers, *, attempt: str | None = None
    ) -> Created:
        """A record of a form other than the lead's (a deal, a task, a contact...)."""
        make = {
            Creation.DEAL: self.crm.create_deal,
            Creation.TASK: self.crm.create_task,
            Creation.CONTACT: self.crm.create_contact,
            Creation.COMPANY: self.crm.create_company,
        }[creates]
        async with self._write(
            who, f"{creates.value}.create", f"{creates.value}:new", answers, attempt
        ) as w:
            created = await make(answers, as_employee=w.employee)
            w.record = created.id
            return created

    # ------------------------------------------------------------------ deals

    async def change_stage(
        self, who: Identity, deal_id: str, stage_id: str, comment: str | None = None
    ) -> None:
        detail = {"stage": stage_id, **({"text": comment} if comment else {})}
        async with self._write(who, "deal.stage", f"deal:{deal_id}", detail) as w:
            await self.crm.change_deal_stage(
                deal_id, stage_id, as_employee=w.employee, comment=comment
            )

    async def reassign_deal(self, who: Identity, deal_id: str, employee_key: str) -> Deal:
        detail = {"employee": employee_key}
        async with self._write(who, "deal.reassign", f"deal:{deal_id}", detail):
            return await self.crm.reassign_deal(deal_id, employee_key)

    async def comment_deal(self, who: Identity, deal_id: str, text: str) -> LogEntry:
        """The comment as the CRM stores it: where the CRM records the API key's owner as
        its author, the text starts with the presser's name, so the deal says who wrote it."""
        async with self._write(who, "deal.comment", f"deal:{deal_id}", {"text": text}) as w:
            if Trait.DEAL_COMMENT_AS_KEY_OWNER in self.crm.traits:
                text = signed(self._name_of(w.employee), text)
            return await self.crm.comment_deal(deal_id, text, as_employee=w.employee)

    def _name_of(self, employee_key: str) -> str:
        snapshot = self._directory.cached()
        employee = snapshot.get(employee_key) if snapshot is not None else None
        return employee.name if employee is not None else employee_key

    async def set_task(
        self, who: Identity, deal_id: str, text: str, due: datetime, *, attempt: str | None = None
    ) -> Task:
        detail = {"text": text, "due": due.isoformat()}
        async with self._write(who, "deal.task", f"deal:{deal_id}", detail, attempt) as w:
            task = await self.crm.set_task(deal_id, text=text, due=due, as_employee=w.employee)
            w.record = task.id
            return task

    async def reschedule_task(
        self, who: Identity, task: Task, due: datetime, *, attempt: str | None = None
    ) -> Task:
        detail = {"deal": task.deal_id, "due": due.isoformat()}
        async with self._write(who, "task.reschedule", f"task:{task.id}", detail, attempt) as w:
            return await self.crm.reschedule_task(task, due, as_employee=w.employee)

    async def complete_task(self, who: Identity, task: Task, outcome: TaskOutcome) -> None:
        detail = {"deal": task.deal_id, **outcome.model_dump()}
        async with self._write(who, "task.done", f"task:{task.id}", detail) as w:
            await self.crm.complete_task(task, outcome, as_employee=w.employee)

    async def close_deal(
        self,
        who: Identity,
        deal_id: str,
        reason_id: str,
        amount: Decimal | None,
        comment: str | None,
    ) -> None:
        detail = {"reason": reason_id, "amount": str(amount) if amount else None, "text": comment}
        async with self._write(who, "deal.close", f"deal:{deal_id}", detail) as w:
            await self.crm.close_deal(
                deal_id, reason_id=reason_id, amount=amount, comment=comment, as_employee=w.employee
            )

    async def tag_deal(self, who: Identity, deal_id: str, tags: Sequence[str]) -> None:
        async with self._write(who, "deal.tags", f"deal:{deal_id}", {"tags": list(tags)}):
            await self.crm.tag_deal(deal_id, tags)
