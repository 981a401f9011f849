"""Before a task is set: what it would replace.

Some CRMs keep one open task per employee and deal, and setting a task changes that one
(Envybox's deal/updatetask). The dialog shows it, and asks before replacing it.
"""

from __future__ import annotations

from bot.crm.capabilities import Capability, Trait
from bot.crm.models import Deal, Task
from bot.crm.protocol import CRM
from bot.work.deal_cards import together


async def task_target(crm: CRM, deal_id: str, employee_key: str) -> tuple[Deal, Task | None]:
    """The deal, and the employee's open task on it that a new task would replace (None when
    there is none, or when the CRM adds tasks rather than replacing them). One round trip."""
    replaces = Trait.ONE_TASK_PER_EMPLOYEE in crm.traits
    if not replaces or Capability.DEAL_TASKS not in crm.capabilities:
        return await crm.get_deal(deal_id), None
    deal, tasks = await together(crm.get_deal(deal_id), crm.deal_tasks(deal_id))
    assert isinstance(deal, Deal)
    mine = next((t for t in tasks if t.employee_key == employee_key and not t.done), None)
    return deal, mine
