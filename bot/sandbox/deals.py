"""Deal endpoints: deal/get, deal/search, deal/list, deal/updateDealStage, deal/updateEmployee,
deal/tag/addDealTags.

deal/search returns every client having the phone (digits) or e-mail (case-insensitive), each
with all its deals. deal/list: newest first, ``limit`` 0 or absent → 50, ``keyword`` searches
the deal name, the client name and the client's contacts. deal/updateDealStage honours the
pipeline's ``allow_manual_change_stage`` and an optional ``client_id`` check, and writes a deal
log (type 2012, chosen) on a real change.
"""

from __future__ import annotations

from bot.sandbox import errors
from bot.sandbox.context import Ctx, Json
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.listing import ids_sql, keyword_matches, list_meta, period_sql
from bot.sandbox.model import CLOSED_STATUSES, DEAL, DEAL_STAGE_CHANGED
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
from bot.sandbox.seed import ADMIN_USER_ID, CONTACT_EMAIL, CONTACT_PHONE
from bot.sandbox.wire import client_head, deal_base, deal_get, deal_list_item

DEAL_DATES = {
    "created": "created_at",
    "updated": "updated_at",
    "closed": "closed_at",
    "stage_changed": "stage_updated_at",
    "stage_transition": "stage_updated_at",
}


async def deal_get_handler(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    stage = await ctx.stage(deal["stage_id"])
    leads = await ctx.deal_lead_ids(deal["id"])
    return {"result": deal_get(deal, stage, leads, ctx.clock)}


async def deal_search(ctx: Ctx, params: Params) -> Json:
    phone = normalize_phone(opt_str(params, "phone"))
    email = normalize_email(opt_str(params, "email"))
    if not phone and not email:
        raise bad_request()
    clients = await ctx.db.all(
        "SELECT DISTINCT clients.* FROM clients JOIN contacts ON contacts.client_id = clients.id"
        " WHERE (? <> '' AND contacts.type_id = ? AND contacts.value = ?)"
        " OR (? <> '' AND contacts.type_id = ? AND lower(contacts.value) = ?) ORDER BY clients.id",
        (phone, CONTACT_PHONE, phone, email, CONTACT_EMAIL, email),
    )
    out = []
    for client in clients:
        deals = await ctx.db.all(
            "SELECT * FROM deals WHERE client_id = ? ORDER BY id", (client["id"],)
        )
        out.append(
            client_head(client, ctx.clock)
            | {
                "name": client["name"],
                "deals_for_event": [deal_base(d, ctx.clock, strings=True) for d in deals],
            }
        )
    return {"clients": out}


async def deal_list(ctx: Ctx, params: Params) -> Json:
    limit, offset = page(params, max_limit=None)
    where, args = period_sql(params, ctx.clock, DEAL_DATES)
    for key in ("pipeline_id", "stage_id"):
        more_where, more_args = ids_sql(params, key, key)
        where, args = where + more_where, args + more_args
    clause = " AND ".join(where) or "1"
    rows = await ctx.db.all(
        f"SELECT * FROM deals WHERE {clause} ORDER BY created_at DESC, id DESC", args
    )
    names = {r["id"]: r["name"] for r in await ctx.db.all("SELECT id, name FROM clients")}
    contacts: dict[int, list[str]] = {}
    for c in await ctx.db.all("SELECT client_id, value FROM contacts"):
        contacts.setdefault(c["client_id"], []).append(c["value"])
    keyword = opt_str(params, "keyword") or ""
    rows = [
        r
        for r in rows
        if keyword_matches(
            keyword,
            [r["name"], names.get(r["client_id"], ""), *contacts.get(r["client_id"], [])],
            contacts.get(r["client_id"], []),
        )
    ]
    stages = {r["id"]: r for r in await ctx.db.all("SELECT * FROM stages")}
    items = []
    for r in rows[offset : offset + limit]:
        leads = await ctx.deal_lead_ids(r["id"])
        stage = stages[r["stage_id"]]
        items.append(deal_list_item(r, stage, names.get(r["client_id"]), leads, ctx.clock))
    date_type, select_type = list_meta(params)
    return {
        "dateType": date_type,
        "dateSelectType": select_type,
        "offset": next_offset(offset, limit, len(rows)),
        "limit": limit,
        "result": items,
        "count": str(len(rows)),
        "inputs_sum": [],
    }


async def deal_update_stage(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    stage_id = req_id(params, "stage_id")
    client_id = opt_id(params, "client_id")
    if client_id and client_id != deal["client_id"]:
        raise ApiError(404, errors.DEAL_NOT_FOUND)
    employee_id = opt_id(params, "employee_id")
    actor = await ctx.actor(employee_id)
    pipeline = await ctx.db.get("pipelines", deal["pipeline_id"])
    if pipeline is None or not pipeline["allow_manual"]:
        raise ApiError(400, errors.MANUAL_STAGE_FORBIDDEN)
    stage = await ctx.stage(stage_id)
    if stage["pipeline_id"] != deal["pipeline_id"]:
        raise ApiError(400, errors.STAGE_NOT_FOUND)
    if stage_id != deal["stage_id"]:
        now = ctx.clock.now()
        closed = now if stage["status_id"] in CLOSED_STATUSES else None
        await ctx.db.execute(
            "UPDATE deals SET stage_id = ?, stage_updated_at = ?, updated_at = ?, closed_at = ?"
            " WHERE id = ?",
            (stage_id, now, now, closed, deal["id"]),
        )
        old = await ctx.stage(deal["stage_id"])
        data = {
            "text": "Этап изменён",
            "old_stage": old["name"],
            "new_stage": stage["name"],
            "user": actor,
        }
        await ctx.db.add_log(
            DEAL, deal["id"], DEAL_STAGE_CHANGED, data, ADMIN_USER_ID, employee_id, now
        )
    return {"result": {"stage_id": stage_id}}


async def deal_update_employee(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    if "employee_id" not in params and "department_id" not in params:
        raise bad_request()
    employee_id = opt_id(params, "employee_id")
    department_id = opt_id(params, "department_id")
    await ctx.employee(employee_id)
    await ctx.db.execute(
        "UPDATE deals SET old_employee_id = employee_id, employee_id = ?, department_id = ?,"
        " updated_at = ? WHERE id = ?",
        (employee_id, department_id, ctx.clock.now(), deal["id"]),
    )
    updated = await ctx.deal(deal["id"])
    return {"result": {"deal": deal_base(updated, ctx.clock, strings=False)}}


async def deal_add_tags(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    tags = params.get("tags")
    if not isinstance(tags, list) or not tags:
        raise bad_request()
    if not all(isinstance(t, str) and t.strip() for t in tags):
        raise bad_request()
    for tag in tags:
        await ctx.db.execute(
            "INSERT OR IGNORE INTO deal_tags (deal_id, name) VALUES (?, ?)",
            (deal["id"], tag.strip()),
        )
    return {}
