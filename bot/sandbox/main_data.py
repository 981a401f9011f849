"""GET main/data: the account, its inbox types, employees, pipelines and stages (§3.1).

The payload sits at the top level (no ``result`` wrapper); every id is a string.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.context import Ctx, Json
from bot.sandbox.db import Row
from bot.sandbox.params import Params
from bot.sandbox.seed import ADMIN_USER_ID, CALLBACK_ID, CRM_ID, CRM_NAME
from bot.sandbox.wire import s

SUM_FIELD_ID = 3444


async def main_data(ctx: Ctx, params: Params) -> Json:
    seeded = int(await ctx.db.scalar("SELECT value FROM meta WHERE key = 'seeded_at'"))
    created = ctx.clock.fmt(seeded - 365 * 86400)
    inbox = await ctx.db.all("SELECT * FROM inbox_types ORDER BY id")
    staff = await ctx.db.all("SELECT * FROM employees ORDER BY id")
    return {
        "id": s(CRM_ID),
        "user_id": s(ADMIN_USER_ID),
        "callback_id": s(CALLBACK_ID),
        "name": CRM_NAME,
        "api_key": ctx.api_key,
        "created_at": created,
        "updated_at": created,
        "deleted_at": None,
        "inbox_types": [_inbox_type(r, ctx) for r in inbox],
        "employees": [_employee(r) for r in staff],
        "lead": {"pipelines": await _pipelines(ctx, "lead"), "custom_fields": []},
        "client": {"custom_fields": []},
        "deal": {
            "pipelines": await _pipelines(ctx, "deal"),
            "custom_fields": [_sum_field(created)],
        },
    }


def _inbox_type(row: Row, ctx: Ctx) -> Json:
    at = ctx.clock.fmt(row["created_at"])
    return {
        "id": s(row["id"]),
        "crm_id": s(CRM_ID),
        "name": row["name"],
        "edit": "0",
        "type": "1",
        "created_at": at,
        "updated_at": at,
        "deleted_at": None,
        "editing": "0",
        "edit_id": s(row["id"]),
    }


def _employee(row: Row) -> Json:
    return {
        "id": s(row["id"]),
        "user_id": s(ADMIN_USER_ID),
        "name": row["name"],
        "surname": row["surname"],
        "email": row["email"],
        "photo": row["photo"],
        "profession": row["profession"],
        "internal_number": row["internal_number"],
        "user_logo": row["photo"] or None,
        "crm_phone_number": row["phone"],
    }


async def _pipelines(ctx: Ctx, kind: str) -> list[Json]:
    out = []
    rows = await ctx.db.all("SELECT * FROM pipelines WHERE kind = ? ORDER BY id", (kind,))
    for p in rows:
        at = ctx.clock.fmt(p["created_at"])
        stages = await ctx.db.all(
            "SELECT * FROM stages WHERE pipeline_id = ? ORDER BY position", (p["id"],)
        )
        head: Json = {"id": s(p["id"]), "crm_id": s(CRM_ID)}
        if kind == "deal":
            head["crm_element_id"] = "3"
        out.append(
            head
            | {
                "name": p["name"],
                "allow_manual_change_stage": s(p["allow_manual"]),
                "primary": s(p["is_primary"]),
                "created_at": at,
                "updated_at": None,
                "deleted_at": None,
                "stages": {s(st["id"]): _stage(st, at, kind) for st in stages},
            }
        )
    return out


def _stage(row: Row, at: str | None, kind: str) -> Json:
    out: dict[str, Any] = {
        "id": s(row["id"]),
        "pipeline_id": s(row["pipeline_id"]),
        "status_id": s(row["status_id"]),
        "name": row["name"],
        "position": s(row["position"]),
        "color": row["color"],
        "no_delete": "1",
        "created_at": at,
        "updated_at": None,
        "deleted_at": None,
    }
    if kind == "lead":
        out["type_id"] = "0"
    return out


def _sum_field(at: str | None) -> Json:
    return {
        "id": s(SUM_FIELD_ID),
        "crm_id": s(CRM_ID),
        "crm_element_id": "3",
        "pipeline_id": None,
        "group_id": "2348",
        "name": "Сумма",
        "name_id": f"crm_{SUM_FIELD_ID}",
        "type_id": "9",
        "required": "0",
        "required_stage_id": "0",
        "show_in_card": None,
        "show_all_pipelines": "0",
        "use_in_pipeline": "1",
        "value": None,
        "addon": "руб",
        "description": "",
        "position": "0",
        "transfer_type_id": None,
        "transfer_input_id": None,
        "created_at": at,
        "updated_at": at,
        "deleted_at": None,
        "id_group": "2348",
        "group_name": "",
        "group_position": "0",
        "edit_variant": "0",
        "group_pipeline_id": None,
    }
