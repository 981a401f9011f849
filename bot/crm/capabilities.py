"""What a CRM can do: one `Capability` per operation of the `CRM` protocol, and the `Trait`s
of how some operations behave.

An adapter declares the set it supports. The command menu, `/help`, the buttons on cards and
the handlers' `needs` flags are built from that set, and `OPERATIONS` ties each protocol
method to the capability it needs, so that `BaseCRM` (bot.crm.protocol) refuses a call
to an undeclared one with `NotSupported`, whatever the adapter's code would have done.
"""

from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    """One operation an adapter may offer."""

    FIND_LEADS = "find_leads"
    GET_LEAD = "get_lead"
    TAKE_LEAD = "take_lead"
    ASSIGN_LEAD = "assign_lead"
    COMMENT_LEAD = "comment_lead"
    LEAD_HISTORY = "lead_history"
    CREATE_LEAD = "create_lead"
    LIST_NEW_LEADS = "list_new_leads"
    FIND_DEALS = "find_deals"
    SEARCH_DEALS = "search_deals"
    GET_DEAL = "get_deal"
    GET_CLIENT = "get_client"
    CHANGE_DEAL_STAGE = "change_deal_stage"
    REASSIGN_DEAL = "reassign_deal"
    COMMENT_DEAL = "comment_deal"
    DEAL_TASKS = "deal_tasks"
    SET_TASK = "set_task"
    RESCHEDULE_TASK = "reschedule_task"
    COMPLETE_TASK = "complete_task"
    LIST_TASKS = "list_tasks"
    TAG_DEAL = "tag_deal"
    DEAL_HISTORY = "deal_history"
    LIST_EMPLOYEES = "list_employees"
    LIST_PIPELINES = "list_pipelines"
    LIST_INBOX_TYPES = "list_inbox_types"
    LEAD_STATS = "lead_stats"
    CLOSE_DEAL = "close_deal"
    CREATE_DEAL = "create_deal"
    CREATE_TASK = "create_task"  # a task of its own, tied to no deal
    CREATE_CONTACT = "create_contact"
    CREATE_COMPANY = "create_company"
    LIST_CENTERS = "list_centers"  # the places leads are for (Go-CRM's centres), by city


class Trait(StrEnum):
    """How an adapter's operations behave, where CRMs differ and the user should know."""

    ONE_TASK_PER_EMPLOYEE = "one_task_per_employee"
    """`set_task` replaces the employee's open task on the deal, if any, instead of adding."""

    DEAL_COMMENT_AS_KEY_OWNER = "deal_comment_as_key_owner"
    """`comment_deal` is recorded as the API key's owner, whoever the employee is."""

    STAGE_COMMENT = "stage_comment"
    """`change_deal_stage` takes a comment, recorded with the move in the deal's history."""

    LEAD_SEARCH_SCANS = "lead_search_scans"
    """`find_leads` reads the lead list page by page (the API has no contact search): it
    may take a while, reports its progress, and stops at a page cap."""


_C = Capability

OPERATIONS: dict[str, Capability] = {
    "employees": _C.LIST_EMPLOYEES,
    "pipelines": _C.LIST_PIPELINES,
    "inbox_types": _C.LIST_INBOX_TYPES,
    "find_leads": _C.FIND_LEADS,
    "get_lead": _C.GET_LEAD,
    "take_lead": _C.TAKE_LEAD,
    "assign_lead": _C.ASSIGN_LEAD,
    "comment_lead": _C.COMMENT_LEAD,
    "lead_history": _C.LEAD_HISTORY,
    "create_lead": _C.CREATE_LEAD,
    "new_leads": _C.LIST_NEW_LEADS,
    "find_deals": _C.FIND_DEALS,
    "search_deals": _C.SEARCH_DEALS,
    "get_deal": _C.GET_DEAL,
    "deal_with_client": _C.GET_DEAL,
    "get_client": _C.GET_CLIENT,
    "last_deal_comment": _C.DEAL_HISTORY,
    "change_deal_stage": _C.CHANGE_DEAL_STAGE,
    "reassign_deal": _C.REASSIGN_DEAL,
    "comment_deal": _C.COMMENT_DEAL,
    "deal_history": _C.DEAL_HISTORY,
    "tag_deal": _C.TAG_DEAL,
    "deal_task": _C.DEAL_TASKS,
    "deal_tasks": _C.DEAL_TASKS,
    "set_task": _C.SET_TASK,
    "reschedule_task": _C.RESCHEDULE_TASK,
    "complete_task": _C.COMPLETE_TASK,
    "tasks": _C.LIST_TASKS,
    "due_tasks": _C.LIST_TASKS,
    "lead_stats": _C.LEAD_STATS,
    "close_reasons": _C.CLOSE_DEAL,
    "close_deal": _C.CLOSE_DEAL,
    "create_deal": _C.CREATE_DEAL,
    "create_task": _C.CREATE_TASK,
    "create_contact": _C.CREATE_CONTACT,
    "create_company": _C.CREATE_COMPANY,
    "cities": _C.LIST_CENTERS,
    "centers": _C.LIST_CENTERS,
}
"""Protocol method → the capability it needs (every operation but `close`, `account_name`,
and `form`/`form_choices`, which check the capability of the form they are asked for)."""
