"""The SalesMan CRM (API 2.0) adapter: the `CRM` protocol over SalesMan's wire format.

Calls and headers live in `api`, the error mapping in `errors`, wire models in `wire`, the
shared client and the employee snapshot in `base`, the lead operations in `leads`. An
employee's key is their login: the `login` header of a call made for them.

The capabilities say exactly what is there so far; deals, stages and tasks are still
to come.
"""

from __future__ import annotations

from bot.crm.capabilities import Capability, Trait
from bot.crm.salesman.leads import SalesmanLeads

_C = Capability


class SalesmanCRM(SalesmanLeads):
    kind = "salesman"
    capabilities: frozenset[Capability] = frozenset(
        {
            _C.LIST_EMPLOYEES,
            _C.FIND_LEADS,
            _C.GET_LEAD,
            _C.CREATE_LEAD,
            _C.LIST_NEW_LEADS,
            _C.LEAD_STATS,
        }
    )
    traits: frozenset[Trait] = frozenset({Trait.LEAD_SEARCH_SCANS})
