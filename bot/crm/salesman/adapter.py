"""The SalesMan CRM (API 2.0) adapter: the `CRM` protocol over SalesMan's wire format.

Calls and headers live in `api`, the error mapping in `errors`, wire models in `wire` and
`wire_deals`, the shared client and the employee snapshot in `base`, the operations in
`leads`, `deals` and `tasks`. An employee's key is their login: the `login` header of a
call made for them.

What SalesMan's v2 API does not allow is not declared: taking a lead into work, assigning
or commenting one, a lead's or deal's history, deal comments and tags, lead sources.
"""

from __future__ import annotations

from bot.crm.capabilities import Capability, Trait
from bot.crm.salesman.deals import SalesmanDeals
from bot.crm.salesman.leads import SalesmanLeads
from bot.crm.salesman.tasks import SalesmanTasks

_C = Capability


class SalesmanCRM(SalesmanLeads, SalesmanDeals, SalesmanTasks):
    kind = "salesman"
    capabilities: frozenset[Capability] = frozenset(
        {
            _C.LIST_EMPLOYEES,
            _C.FIND_LEADS,
            _C.GET_LEAD,
            _C.CREATE_LEAD,
            _C.LIST_NEW_LEADS,
            _C.LEAD_STATS,
            _C.FIND_DEALS,
            _C.SEARCH_DEALS,
            _C.GET_DEAL,
            _C.LIST_PIPELINES,
            _C.CHANGE_DEAL_STAGE,
            _C.REASSIGN_DEAL,
            _C.CLOSE_DEAL,
            _C.DEAL_TASKS,
            _C.SET_TASK,
            _C.RESCHEDULE_TASK,
            _C.COMPLETE_TASK,
            _C.LIST_TASKS,
        }
    )
    # `lead list` has no contact filter; `change.step` takes a comment (`description`)
    traits: frozenset[Trait] = frozenset({Trait.LEAD_SEARCH_SCANS, Trait.STAGE_COMMENT})
