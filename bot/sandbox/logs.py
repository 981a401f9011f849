"""Log endpoints: lead/log/list, lead/log/create, deal/log/list, deal/createComment.

Log lists are in chronological order (oldest first, newest last); ``limit`` 0 or absent
→ 50, above 50 → 50; ``offset`` in the answer is the next offset or -1.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import errors
from bot.sandbox.context import Ctx, Json
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.model import DEAL, DEAL_COMMENT, LEAD, LEAD_CALL, LEAD_COMMENT
from bot.sandbox.params import Params, as_int, next_offset, opt_id, opt_str, page, req_id
from bot.sandbox.seed import ADMIN_USER_ID, CRM_ID
from bot.sandbox.wire import log

CALL_KEYS = ("direction", "status", "comment", "from", "to", "duration_bill", "record_link")


async def _log_list(ctx: Ctx, params: Params, element: int, element_id: int) -> Json:
    limit, offset = page(params)
    total = int(
        await ctx.db.scalar(
            "SELECT COUNT(*) FROM logs WHERE crm_element_id = ? AND element_id = ?",
            (element, element_id),
        )
    )
    rows = await ctx.db.all(
        "SELECT * FROM logs WHERE crm_element_id = ? AND element_id = ?"
        " ORDER BY created_at, id LIMIT ? OFFSET ?",
        (element, element_id, limit, offset),
    )
    return {
        "result": [log(r, ctx.clock) for r in rows],
        "count": total,
        "limit": limit,
        "offset": next_offset(offset, limit, total),
    }


async def lead_log_list(ctx: Ctx, params: Params) -> Json:
    lead_id = req_id(params, "lead_id", missing=ApiError(400, errors.NO_LEAD_ID))
    await ctx.lead(lead_id)
    return await _log_list(ctx, params, LEAD, lead_id)


async def deal_log_list(ctx: Ctx, params: Params) -> Json:
    deal_id = req_id(params, "deal_id", missing=ApiError(400, errors.NO_DEAL_ID))
    await ctx.deal(deal_id, errors.DEAL_ID_NOT_FOUND)
    return await _log_list(ctx, params, DEAL, deal_id)


async def lead_log_create(ctx: Ctx, params: Params) -> Json:
    lead = await ctx.lead(req_id(params, "lead_id"))
    employee_id = opt_id(params, "employee_id")
    type_id = req_id(params, "type_id")
    given = params.get("data")
    if type_id not in (LEAD_CALL, LEAD_COMMENT) or not isinstance(given, dict):
        raise bad_request()
    data: dict[str, Any]
    if type_id == LEAD_CALL:
        if as_int(given.get("direction")) is None or as_int(given.get("status")) is None:
            raise bad_request()
        defaults: dict[str, Any] = {"comment": "", "duration_bill": 0, "record_link": ""}
        data = {k: given.get(k, defaults.get(k)) for k in CALL_KEYS}
    else:
        comment = opt_str(given, "comment")
        if not comment:
            raise bad_request()
        data = {"comment": comment}
    inbox = await ctx.db.get("inbox_types", lead["inbox_type_id"])
    data["inbox_name"] = inbox["name"] if inbox is not None else ""
    data["user"] = await ctx.actor(employee_id)
    now = ctx.clock.now()
    log_id = await ctx.db.add_log(LEAD, lead["id"], type_id, data, ADMIN_USER_ID, employee_id, now)
    at = ctx.clock.fmt(now)
    return {
        "result": {
            "log": {
                "crm_id": CRM_ID,
                "crm_element_id": LEAD,
                "element_id": lead["id"],
                "user_id": ADMIN_USER_ID,
                "employee_id": employee_id,
                "type_id": type_id,
                "data": data,
                "level": 1,
                "updated_at": at,
                "created_at": at,
                "id": log_id,
            }
        }
    }


async def deal_create_comment(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    comment = opt_str(params, "comment")
    if not comment or not comment.strip():
        raise bad_request()
    # The documented call takes no employee_id: the comment is the API key owner's (the
    # administrator's), whatever else the request carries.
    data = {"comment": comment, "user": await ctx.actor(0)}
    now = ctx.clock.now()
    await ctx.db.add_log(DEAL, deal["id"], DEAL_COMMENT, data, ADMIN_USER_ID, 0, now)
    return {}
