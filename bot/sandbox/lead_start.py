"""lead/start: take a lead into work (§3.7, §4.1).

Creates a client with the lead's contacts, or reuses a client that already has the lead's
phone or e-mail (the lead then moves to «Существующий клиент», otherwise «Новый клиент»),
and a deal in the lead's ``deal_pipeline_id`` on its ``deal_stage_id`` (the first stage
when 0). A merged lead (``parent_id`` ≠ 0) is resolved to its parent; the parent's merged
leads are closed with it. Writes a lead log (type 14 «Прикреплен к клиенту») and a deal log
(type 2011, chosen) carrying the lead's data. The request runs inside the server's single
transaction, so two concurrent calls cannot both succeed.
``user_id`` must be 0 or the administrator's id; ``employee_id`` without ``user_id`` is
«Неверный request».
"""

from __future__ import annotations

from bot.sandbox import errors
from bot.sandbox.context import Ctx, Json
from bot.sandbox.db import Row
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.model import DEAL, DEAL_FROM_LEAD, LEAD, LEAD_ATTACHED
from bot.sandbox.params import Params, opt_id, req_id
from bot.sandbox.seed import (
    ADMIN_USER_ID,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    LEAD_STAGE_EXISTING_CLIENT,
    LEAD_STAGE_NEW_CLIENT,
)


async def lead_start(ctx: Ctx, params: Params) -> Json:
    lead_id = req_id(params, "lead_id")
    user_id = opt_id(params, "user_id")
    employee_id = opt_id(params, "employee_id")
    if (employee_id and not user_id) or user_id not in (0, ADMIN_USER_ID):
        raise bad_request()
    await ctx.employee(employee_id)
    lead = await ctx.lead(lead_id)
    if lead["parent_id"]:
        lead = await ctx.lead(lead["parent_id"])
    if lead["taken"]:
        raise ApiError(400, errors.LEAD_TAKEN)
    now = ctx.clock.now()
    client = await existing_client(ctx, lead["phone"], lead["email"])
    if client is not None:
        client_id, lead_stage = client["id"], LEAD_STAGE_EXISTING_CLIENT
        client_name = client["name"]
    else:
        client_name = lead["name"] or lead["phone"] or lead["email"] or "Клиент"
        client_id, lead_stage = (
            await _new_client(ctx, lead, client_name, now),
            LEAD_STAGE_NEW_CLIENT,
        )
    stage = (
        await ctx.stage(lead["deal_stage_id"])
        if lead["deal_stage_id"]
        else await ctx.first_stage(lead["deal_pipeline_id"])
    )
    deal_id = await ctx.db.insert(
        "deals",
        {
            "name": lead["name"] or f"Сделка по заявке {lead['id']}",
            "pipeline_id": lead["deal_pipeline_id"],
            "client_id": client_id,
            "stage_id": stage["id"],
            "user_id": user_id,
            "employee_id": employee_id,
            "department_id": 0,
            "inbox_type_id": lead["inbox_type_id"],
            "stage_updated_at": now,
            "created_at": now,
            "updated_at": now,
        },
    )
    await ctx.db.execute(
        "UPDATE leads SET taken = 1, stage_id = ?, client_id = ?, deal_id = ?, user_id = ?,"
        " employee_id = ?, stage_updated_at = ?, updated_at = ?, closed_at = ?"
        " WHERE id = ? OR parent_id = ?",
        (
            lead_stage,
            client_id,
            deal_id,
            user_id,
            employee_id,
            now,
            now,
            now,
            lead["id"],
            lead["id"],
        ),
    )
    actor = await ctx.actor(employee_id)
    attached = {
        "text": "Прикреплен к клиенту",
        "client_name": client_name,
        "client_id": client_id,
        "deal_id": deal_id,
        "user": actor,
    }
    await ctx.db.add_log(LEAD, lead["id"], LEAD_ATTACHED, attached, user_id, employee_id, now)
    from_lead = {
        "lead_name": lead["name"],
        "lead_id": str(lead["id"]),
        "comment": lead_summary(lead),
        "lead_create_date": ctx.clock.fmt(lead["created_at"]),
        "user": actor,
    }
    await ctx.db.add_log(DEAL, deal_id, DEAL_FROM_LEAD, from_lead, user_id, employee_id, now)
    return {
        "result": {
            "lead_id": lead["id"],
            "user_id": user_id,
            "employee_id": employee_id,
            "client_id": client_id,
            "deal_id": deal_id,
        }
    }


async def existing_client(ctx: Ctx, phone: str, email: str) -> Row | None:
    return await ctx.db.one(
        "SELECT clients.* FROM clients JOIN contacts ON contacts.client_id = clients.id"
        " WHERE (? <> '' AND contacts.type_id = ? AND contacts.value = ?)"
        " OR (? <> '' AND contacts.type_id = ? AND lower(contacts.value) = ?)"
        " ORDER BY clients.id LIMIT 1",
        (phone, CONTACT_PHONE, phone, email, CONTACT_EMAIL, email),
    )


async def _new_client(ctx: Ctx, lead: Row, name: str, now: int) -> int:
    client_id = await ctx.db.insert("clients", {"name": name, "created_at": now})
    for type_id, value in ((CONTACT_PHONE, lead["phone"]), (CONTACT_EMAIL, lead["email"])):
        if value:
            await ctx.db.insert(
                "contacts",
                {
                    "client_id": client_id,
                    "type_id": type_id,
                    "value": value,
                    "is_primary": 1,
                    "created_at": now,
                },
            )
    return client_id


def lead_summary(lead: Row) -> str:
    """The deal log's text about the lead, in the style of the reference example."""
    parts = [
        ("Имя", lead["name"]),
        ("Телефон", _pretty_phone(lead["phone"])),
        ("Email", lead["email"]),
        ("Примечание", lead["comment"]),
    ]
    return "".join(f"{label} : {value} " for label, value in parts if value)


def _pretty_phone(digits: str) -> str:
    if len(digits) == 11 and digits.startswith("7"):
        return f"+7({digits[1:4]}){digits[4:7]}-{digits[7:9]}-{digits[9:]}"
    return digits
