"""Task endpoints: deal/updatetask, deal/getTask, deal/getTasks, task/list.

deal/updatetask updates the earliest open task of the deal assigned to the target (the
``employee_id`` or ``department_id`` given, else the deal's responsible) or creates one
(default time: one hour from now; default comment: empty). deal/getTask is the earliest open
task assigned to the deal's responsible, ``{"task": null}`` when there is none. Task lists are
ordered by task time. task/list: ``employee_id`` 0 = the administrator's tasks; ``limit``
0 or absent → 50, above 50 → 50; the period filters the task time.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.context import Ctx, Json
from bot.sandbox.db import Row
from bot.sandbox.errors import bad_request
from bot.sandbox.params import Params, next_offset, opt_id, opt_str, page, req_id
from bot.sandbox.wire import task, task_short

OPEN = 0


async def _open_task(ctx: Ctx, deal_id: int, employee_id: int, department_id: int) -> Row | None:
    return await ctx.db.one(
        "SELECT * FROM tasks WHERE deal_id = ? AND success = 0 AND to_employee_id = ?"
        " AND to_department_id = ? ORDER BY time, id LIMIT 1",
        (deal_id, employee_id, department_id),
    )


async def deal_update_task(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    when = opt_id(params, "time") or None
    comment = opt_str(params, "comment")
    if when is None and comment is None:
        raise bad_request()
    if "employee_id" in params or "department_id" in params:
        employee_id, department_id = opt_id(params, "employee_id"), opt_id(params, "department_id")
        await ctx.employee(employee_id)
    else:
        employee_id, department_id = deal["employee_id"], deal["department_id"]
    now = ctx.clock.now()
    current = await _open_task(ctx, deal["id"], employee_id, department_id)
    if current is None:
        values: dict[str, Any] = {
            "deal_id": deal["id"],
            "user_id": deal["user_id"],
            "from_employee_id": 0,
            "to_employee_id": employee_id,
            "to_department_id": department_id,
            "comment": comment or "",
            "time": when or now + 3600,
            "success": OPEN,
            "required": 0,
            "it_reaction": 0,
            "created_at": now,
            "updated_at": now,
        }
        task_id = await ctx.db.insert("tasks", values)
    else:
        task_id = current["id"]
        await ctx.db.execute(
            "UPDATE tasks SET time = COALESCE(?, time), comment = COALESCE(?, comment),"
            " updated_at = ? WHERE id = ?",
            (when, comment, now, task_id),
        )
    row = await ctx.db.get("tasks", task_id)
    assert row is not None
    return {"result": {"task": task(row, ctx.clock)}}


async def deal_get_task(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    row = await _open_task(ctx, deal["id"], deal["employee_id"], deal["department_id"])
    return {"result": {"task": None if row is None else task_short(row, ctx.clock)}}


async def deal_get_tasks(ctx: Ctx, params: Params) -> Json:
    deal = await ctx.deal(req_id(params, "deal_id"))
    rows = await ctx.db.all(
        "SELECT * FROM tasks WHERE deal_id = ? AND success = 0 ORDER BY time, id", (deal["id"],)
    )
    return {"result": [task(r, ctx.clock) for r in rows]}


async def task_list(ctx: Ctx, params: Params) -> Json:
    limit, offset = page(params)
    where: list[str] = []
    args: list[Any] = []
    if params.get("employee_id") not in (None, ""):
        employee_id = opt_id(params, "employee_id")
        await ctx.employee(employee_id)
        where.append("to_employee_id = ?")
        args.append(employee_id)
    if params.get("success") not in (None, ""):
        success = opt_id(params, "success")
        if success not in (0, 1):
            raise bad_request()
        where.append("success = ?")
        args.append(success)
    for key, op in (("datetime_start", ">="), ("datetime_end", "<=")):
        text = opt_str(params, key)
        if text:
            where.append(f"time {op} ?")
            args.append(ctx.clock.parse(text, end_of_day=op == "<="))
    clause = " AND ".join(where) or "1"
    total = int(await ctx.db.scalar(f"SELECT COUNT(*) FROM tasks WHERE {clause}", args))
    rows = await ctx.db.all(
        f"SELECT * FROM tasks WHERE {clause} ORDER BY time, id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return {
        "result": [task(r, ctx.clock) for r in rows],
        "count": total,
        "limit": limit,
        "offset": next_offset(offset, limit, total),
    }
