"""Lead endpoints: lead/set, lead/workset, lead/get, lead/search, lead/list, lead/update_employee.

Merging (§3.2): a new lead whose phone or e-mail equals that of a lead not yet taken (and not
itself merged) is merged into it. lead/set still stores the new lead, with ``parent_id``
pointing at the existing one, and answers ``{"id": new, "parent_id": existing}``; the existing
lead gains the contacts it lacked, and it alone is what lead/search finds. lead/workset
("no duplicates") stores nothing new in that case and answers without any id.
The request's ``method`` is not checked. ``pipeline_id`` may name a deal pipeline (the
document calls it «воронка сделки»); it becomes the lead's ``deal_pipeline_id``.
lead/list: newest first; ``limit`` 0 or absent → 50.
"""

from __future__ import annotations

from bot.sandbox.context import Ctx, Json
from bot.sandbox.db import Row
from bot.sandbox.errors import bad_request
from bot.sandbox.listing import ids_sql, keyword_matches, list_meta, period_sql
from bot.sandbox.params import (
    Params,
    next_offset,
    normalize_email,
    normalize_phone,
    opt_id,
    opt_str,
    page,
    req_id,
)
from bot.sandbox.seed import CRM_ID, LEAD_STAGE_NEW
from bot.sandbox.wire import lead_base, lead_full, s

LEAD_DATES = {
    "created": "created_at",
    "updated": "updated_at",
    "closed": "closed_at",
    "stage_changed": "stage_updated_at",
}


async def find_untaken(ctx: Ctx, phone: str, email: str) -> Row | None:
    """The newest lead not yet taken (and not merged) with this phone or e-mail."""
    return await ctx.db.one(
        "SELECT * FROM leads WHERE taken = 0 AND parent_id = 0"
        " AND ((? <> '' AND phone = ?) OR (? <> '' AND email = ?))"
        " ORDER BY created_at DESC, id DESC LIMIT 1",
        (phone, phone, email, email),
    )


async def _create(ctx: Ctx, params: Params, *, keep_duplicate: bool) -> tuple[int, int]:
    """Creates (or merges) a lead; returns ``(id, parent_id)``, id 0 when nothing was stored."""
    values = params.get("values") or {}
    if not isinstance(values, dict):
        raise bad_request()
    phone = normalize_phone(opt_str(values, "phone"))
    email = normalize_email(opt_str(values, "email"))
    employee_id = opt_id(params, "employee_id")
    await ctx.employee(employee_id)
    inbox = opt_id(params, "inbox_type_id")
    if inbox == 0:
        inbox = int(await ctx.db.scalar("SELECT MIN(id) FROM inbox_types"))
    elif await ctx.db.get("inbox_types", inbox) is None:
        raise bad_request()
    lead_pipeline = int(await ctx.db.scalar("SELECT id FROM pipelines WHERE kind = 'lead'"))
    deal_pipeline = int(
        await ctx.db.scalar("SELECT id FROM pipelines WHERE kind = 'deal' AND is_primary = 1")
    )
    wanted = opt_id(params, "pipeline_id")
    if wanted and wanted != lead_pipeline:
        row = await ctx.db.get("pipelines", wanted)
        if row is None or row["kind"] != "deal":
            raise bad_request()
        deal_pipeline = wanted
    now = ctx.clock.now()
    parent = await find_untaken(ctx, phone, email)
    if parent is not None:
        await ctx.db.execute(
            "UPDATE leads SET phone = COALESCE(NULLIF(phone, ''), ?),"
            " email = COALESCE(NULLIF(email, ''), ?), updated_at = ? WHERE id = ?",
            (phone, email, now, parent["id"]),
        )
        if not keep_duplicate:
            return 0, parent["id"]
    new_id = await ctx.db.insert(
        "leads",
        {
            "parent_id": parent["id"] if parent is not None else 0,
            "stage_id": LEAD_STAGE_NEW,
            "employee_id": employee_id,
            "pipeline_id": lead_pipeline,
            "deal_pipeline_id": deal_pipeline,
            "inbox_type_id": inbox,
            "name": opt_str(values, "name") or "",
            "phone": phone,
            "email": email,
            "comment": opt_str(values, "comment") or "",
            "stage_updated_at": now,
            "created_at": now,
            "updated_at": now,
        },
    )
    return new_id, parent["id"] if parent is not None else 0


async def lead_set(ctx: Ctx, params: Params) -> Json:
    new_id, parent_id = await _create(ctx, params, keep_duplicate=True)
    return {"id": new_id, "parent_id": parent_id}


async def lead_workset(ctx: Ctx, params: Params) -> Json:
    await _create(ctx, params, keep_duplicate=False)
    return {}


async def lead_get(ctx: Ctx, params: Params) -> Json:
    row = await ctx.lead(req_id(params, "lead_id"))
    stage = await ctx.stage(row["stage_id"])
    return {"result": lead_full(row, stage, ctx.clock, listed=False)}


async def lead_search(ctx: Ctx, params: Params) -> Json:
    phone = normalize_phone(opt_str(params, "phone"))
    email = normalize_email(opt_str(params, "email"))
    if not phone and not email:
        raise bad_request()
    row = await find_untaken(ctx, phone, email)
    if row is None:
        return {"leads": None}
    return {"leads": {"lead_id": s(row["id"])} | lead_base(row, ctx.clock)}


async def lead_list(ctx: Ctx, params: Params) -> Json:
    limit, offset = page(params, max_limit=None)
    where, args = period_sql(params, ctx.clock, LEAD_DATES)
    stage_where, stage_args = ids_sql(params, "stage_id", "stage_id")
    clause = " AND ".join(where + stage_where) or "1"
    rows = await ctx.db.all(
        f"SELECT * FROM leads WHERE {clause} ORDER BY created_at DESC, id DESC", args + stage_args
    )
    keyword = opt_str(params, "keyword") or ""
    rows = [
        r
        for r in rows
        if keyword_matches(keyword, [r["name"], r["email"], r["comment"]], [r["phone"]])
    ]
    stages = {r["id"]: r for r in await ctx.db.all("SELECT * FROM stages")}
    date_type, select_type = list_meta(params)
    return {
        "leads": {
            "keyword": keyword or None,
            "dateType": date_type,
            "dateSelectType": select_type,
            "offset": next_offset(offset, limit, len(rows)),
            "limit": limit,
            "result": [
                lead_full(r, stages[r["stage_id"]], ctx.clock, listed=True)
                for r in rows[offset : offset + limit]
            ],
            "count": str(len(rows)),
        }
    }


async def lead_update_employee(ctx: Ctx, params: Params) -> Json:
    row = await ctx.lead(req_id(params, "lead_id"))
    employee_id = opt_id(params, "employee_id")
    department_id = opt_id(params, "department_id")
    if "employee_id" not in params and "department_id" not in params:
        raise bad_request()
    await ctx.employee(employee_id)
    await ctx.db.execute(
        "UPDATE leads SET old_employee_id = employee_id, employee_id = ?, department_id = ?,"
        " updated_at = ? WHERE id = ?",
        (employee_id, department_id, ctx.clock.now(), row["id"]),
    )
    return {"lead_id": row["id"], "employee_id": employee_id, "crm_id": CRM_ID}
