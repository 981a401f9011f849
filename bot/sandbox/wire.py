"""Rendering database rows into the documented JSON shapes (envybox-openapi-v1 §3).

Ids are strings in the 2017-era shapes (leads, deals, clients, contacts, main/data) and
numbers in the newer ones (logs, tasks, deal/updateEmployee), as in the reference examples.
"""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.clock import Clock
from bot.sandbox.db import Row
from bot.sandbox.seed import CRM_ID

Json = dict[str, Any]

LEAD_FIELDS = (
    ("name", 1, "Имя"),
    ("phone", 2, "Телефон"),
    ("email", 3, "Email"),
    ("comment", 4, "Примечание"),
)
DEAL_NAME_INPUT = 2001
CLIENT_NAME_INPUT = 1001


def s(value: Any) -> str | None:
    """A value as the old examples print it: text, or null."""
    return None if value is None else str(value)


def lead_base(row: Row, clock: Clock) -> Json:
    """The 20 keys every lead shape shares (lead/search's ``leads`` object, without lead_id)."""
    return {
        "id": s(row["id"]),
        "parent_id": s(row["parent_id"]),
        "crm_id": s(CRM_ID),
        "stage_id": s(row["stage_id"]),
        "user_id": s(row["user_id"]),
        "employee_id": s(row["employee_id"]),
        "old_employee_id": s(row["old_employee_id"]),
        "department_id": s(row["department_id"]),
        "pipeline_id": s(row["pipeline_id"]),
        "deal_pipeline_id": s(row["deal_pipeline_id"]),
        "deal_stage_id": s(row["deal_stage_id"]),
        "status": "2" if row["taken"] else "1",
        "inbox_type_id": s(row["inbox_type_id"]),
        "it_reaction": "0",
        "in_call": "0",
        "link_client_id": s(row["client_id"]),
        "stage_updated_at": clock.fmt(row["stage_updated_at"]),
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": clock.fmt(row["updated_at"]),
        "deleted_at": None,
    }


def lead_full(row: Row, stage: Row, clock: Clock, *, listed: bool) -> Json:
    """lead/get's ``result`` (``listed=False``) or one item of lead/list (adds ``status_id``)."""
    out = lead_base(row, clock)
    if listed:
        out["status_id"] = s(stage["status_id"])
    out |= {
        "stage": stage["name"],
        "stage_color": stage["color"],
        "name": row["name"],
        "phone": row["phone"] or None,
        "mask": "",
        "email": row["email"] or None,
        "values": {"service": lead_values(row, clock), "custom": []},
        "deals": [s(row["deal_id"])] if row["deal_id"] else [],
    }
    return out


def lead_values(row: Row, clock: Clock) -> Json:
    out: Json = {}
    for key, input_id, label in LEAD_FIELDS:
        if not row[key]:
            continue
        out[key] = {
            "id": s(row["id"] * 10 + input_id),
            "crm_id": s(CRM_ID),
            "lead_id": s(row["id"]),
            "input_id": s(input_id),
            "type_id": "1",
            "value": row[key],
            "mask": None,
            "generated": "0",
            "created_at": clock.fmt(row["created_at"]),
            "updated_at": None,
            "deleted_at": None,
            "name": label,
            "name_id": key,
        }
    return out


def deal_base(row: Row, clock: Clock, *, strings: bool) -> Json:
    """The 16 keys of a deal record (deal/search, deal/updateEmployee, client/get)."""
    conv = s if strings else (lambda v: v)
    return {
        "id": conv(row["id"]),
        "crm_id": conv(CRM_ID),
        "pipeline_id": conv(row["pipeline_id"]),
        "client_id": conv(row["client_id"]),
        "stage_id": conv(row["stage_id"]),
        "user_id": conv(row["user_id"]),
        "employee_id": conv(row["employee_id"]),
        "old_employee_id": conv(row["old_employee_id"]),
        "department_id": conv(row["department_id"]),
        "inbox_type_id": conv(row["inbox_type_id"]),
        "it_reaction": conv(0),
        "with_event": conv(0),
        "stage_updated_at": clock.fmt(row["stage_updated_at"]),
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": clock.fmt(row["updated_at"]),
        "deleted_at": None,
    }


def deal_get(row: Row, stage: Row, lead_ids: list[int], clock: Clock) -> Json:
    return deal_base(row, clock, strings=True) | {
        "stage_name": stage["name"],
        "stage_color": stage["color"],
        "status_id": s(stage["status_id"]),
        "name": row["name"],
        "connected_lead_id": [s(i) for i in lead_ids],
    }


def client_deal(row: Row, stage: Row, clock: Clock) -> Json:
    """One deal of client/get."""
    return deal_base(row, clock, strings=True) | {
        "name": row["name"],
        "stage": stage["name"],
        "stage_color": stage["color"],
        "status_id": s(stage["status_id"]),
    }


def deal_list_item(
    row: Row, stage: Row, client_name: str | None, lead_ids: list[int], clock: Clock
) -> Json:
    name_value = {
        "id": s(row["id"] * 10 + 1),
        "crm_id": s(CRM_ID),
        "deal_id": s(row["id"]),
        "input_id": s(DEAL_NAME_INPUT),
        "type_id": "1",
        "value": row["name"],
        "mask": None,
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": None,
        "deleted_at": None,
        "name": "Название сделки",
        "name_id": "name",
    }
    return {
        "id": s(row["id"]),
        "inbox_type_id": s(row["inbox_type_id"]),
        "stage_updated_at": clock.fmt(row["stage_updated_at"]),
        "client_id": s(row["client_id"]),
        "pipeline_id": s(row["pipeline_id"]),
        "stage_id": s(row["stage_id"]),
        "stage": stage["name"],
        "user_id": s(row["user_id"]),
        "employee_id": s(row["employee_id"]),
        "department_id": s(row["department_id"]),
        "status_id": s(stage["status_id"]),
        "stage_color": stage["color"],
        "created_at": clock.fmt(row["created_at"]),
        "client_name": client_name,
        "values": {"service": {"name": name_value}, "custom": []},
        "connected_lead_id": [s(i) for i in lead_ids],
    }


def client_head(row: Row, clock: Clock) -> Json:
    return {
        "id": s(row["id"]),
        "crm_id": s(CRM_ID),
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": clock.fmt(row["updated_at"]),
        "deleted_at": None,
    }


def client_name_value(row: Row, clock: Clock) -> Json:
    return {
        "id": s(row["id"] * 10 + 1),
        "crm_id": s(CRM_ID),
        "client_id": s(row["id"]),
        "input_id": s(CLIENT_NAME_INPUT),
        "type_id": "1",
        "value": row["name"],
        "mask": None,
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": None,
        "deleted_at": None,
        "name": "Имя",
        "name_id": "name",
    }


def contact(row: Row, clock: Clock, *, with_birthday: bool) -> Json:
    out: Json = {"id": s(row["id"]), "crm_id": s(CRM_ID), "client_id": s(row["client_id"])}
    if with_birthday:
        out["birthday"] = None
    return out | {
        "primary": s(row["is_primary"]),
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": None,
        "deleted_at": None,
        "type_id": s(row["type_id"]),
        "value": row["value"],
        "addon": None if not with_birthday else "",
        "element_note": None if not with_birthday else "",
        "group_id": "1" if row["type_id"] == 1 else "2",
    }


def log(row: Row, clock: Clock) -> Json:
    return {
        "id": row["id"],
        "crm_id": CRM_ID,
        "crm_element_id": row["crm_element_id"],
        "element_id": row["element_id"],
        "type_id": row["type_id"],
        "data": json.loads(row["data"]),
        "user_id": row["user_id"],
        "employee_id": row["employee_id"],
        "level": 1,
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": None,
        "deleted_at": None,
    }


def task(row: Row, clock: Clock) -> Json:
    """The full task record (deal/updatetask, deal/getTasks, task/list)."""
    return {
        "id": row["id"],
        "crm_element_id": 3,
        "element_id": row["deal_id"],
        "crm_id": CRM_ID,
        "type_id": 1,
        "priority": 0,
        "time": clock.fmt(row["time"]),
        "end_time": None,
        "duration": None,
        "user_id": row["user_id"],
        "from_employee_id": row["from_employee_id"],
        "to_employee_id": row["to_employee_id"],
        "to_department_id": row["to_department_id"],
        "comment": row["comment"],
        "success": row["success"],
        "required": row["required"],
        "no_time": 0,
        "it_reaction": row["it_reaction"],
        "is_overdue": int(not row["success"] and row["time"] < clock.now()),
        "created_at": clock.fmt(row["created_at"]),
        "updated_at": clock.fmt(row["updated_at"]),
        "deleted_at": None,
    }


def task_short(row: Row, clock: Clock) -> Json:
    """deal/getTask's ``task`` object (fewer keys, in the example's order)."""
    return {
        "crm_id": CRM_ID,
        "crm_element_id": 3,
        "element_id": row["deal_id"],
        "user_id": row["user_id"],
        "from_employee_id": row["from_employee_id"],
        "to_employee_id": row["to_employee_id"],
        "to_department_id": row["to_department_id"],
        "comment": row["comment"],
        "time": clock.fmt(row["time"]),
        "updated_at": clock.fmt(row["updated_at"]),
        "created_at": clock.fmt(row["created_at"]),
        "id": row["id"],
    }
