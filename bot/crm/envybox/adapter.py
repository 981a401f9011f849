"""The Envybox CRM (OpenAPI v1) adapter: the `CRM` protocol over Envybox's wire format.

Requests and calls live in `api`, wire models in `wire` and `wire_deals`, the error mapping
in `errors`, reference data (main/data, cached) and wire → domain conversion in `reference`,
the operations in `leads`, `deals` and `tasks`; transport and retries in `bot.crm.transport`.
"""

from __future__ import annotations

from bot.crm.capabilities import Capability, Trait
from bot.crm.envybox.deals import EnvyboxDeals
from bot.crm.envybox.leads import EnvyboxLeads
from bot.crm.envybox.tasks import EnvyboxTasks


class EnvyboxCRM(EnvyboxLeads, EnvyboxDeals, EnvyboxTasks):
    """`CRM` for Envybox CRM OpenAPI v1: every operation of the protocol."""

    kind = "envybox"
    # everything but closing a task (the API has no call for it), per-employee lead
    # statistics (its stat/custom reports are configured in the CRM, not a fixed shape) and
    # closing a deal apart from its stages (a deal closes at a won or lost stage), and
    # creating anything but a lead (deals come from taking leads; tasks belong to deals),
    # and centres (a Go-CRM notion)
    capabilities: frozenset[Capability] = frozenset(Capability) - {
        Capability.COMPLETE_TASK,
        Capability.LEAD_STATS,
        Capability.CLOSE_DEAL,
        Capability.CREATE_DEAL,
        Capability.CREATE_TASK,
        Capability.CREATE_CONTACT,
        Capability.CREATE_COMPANY,
        Capability.LIST_CENTERS,
    }
    # deal/updatetask changes the employee's active task of the deal (creates one only when
    # there is none); deal/createComment takes no employee, so the key's owner is the author
    traits: frozenset[Trait] = frozenset(
        {Trait.ONE_TASK_PER_EMPLOYEE, Trait.DEAL_COMMENT_AS_KEY_OWNER}
    )
