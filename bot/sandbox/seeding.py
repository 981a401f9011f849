"""Writes the demo data of :mod:`bot.sandbox.seed` into an empty database, in one transaction."""

from __future__ import annotations

from bot.sandbox.db import Database
from bot.sandbox.model import DEAL, DEAL_COMMENT, user_card
from bot.sandbox.seed import (
    ADMIN_USER_ID,
    CLIENTS,
    COMMENTS,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    DAY,
    DEALS,
    EMPLOYEES,
    INBOX_MANUAL,
    INBOX_TYPES,
    LEAD_PIPELINE_ID,
    LEAD_STAGE_NEW,
    LEADS,
    SALES_LOST,
    SALES_PIPELINE_ID,
    SALES_WON,
    SERVICE_DONE,
    SERVICE_PIPELINE_ID,
    STAGES,
    TASKS,
)


async def is_seeded(db: Database) -> bool:
    return await db.scalar("SELECT value FROM meta WHERE key = 'seeded_at'") is not None


async def seed(db: Database, now: int) -> None:
    """Writes the demo data; the caller holds a transaction."""
    created = now - 365 * DAY
    await db.insert("meta", {"key": "seeded_at", "value": str(now)})
    for e in EMPLOYEES:
        await db.insert(
            "employees",
            {
                "id": e.id,
                "name": e.name,
                "surname": e.surname,
                "email": e.email,
                "phone": e.phone,
                "profession": e.profession,
                "internal_number": e.internal_number,
            },
        )
    for ident, name in INBOX_TYPES.items():
        await db.insert("inbox_types", {"id": ident, "name": name, "created_at": created})
    for ident, kind, name, manual in (
        (LEAD_PIPELINE_ID, "lead", "Стартовая", 0),
        (SALES_PIPELINE_ID, "deal", "Продажи", 1),
        (SERVICE_PIPELINE_ID, "deal", "Сервис", 0),
    ):
        await db.insert(
            "pipelines",
            {
                "id": ident,
                "kind": kind,
                "name": name,
                "allow_manual": manual,
                "is_primary": int(ident != SERVICE_PIPELINE_ID),
                "created_at": created,
            },
        )
    positions: dict[int, int] = {}
    for ident, pipeline, status, name, color in STAGES:
        positions[pipeline] = positions.get(pipeline, -1) + 1
        await db.insert(
            "stages",
            {
                "id": ident,
                "pipeline_id": pipeline,
                "status_id": status,
                "name": name,
                "position": positions[pipeline],
                "color": color,
            },
        )
    await _seed_people(db, now)


async def _seed_people(db: Database, now: int) -> None:
    contact_id = 14805
    for c in CLIENTS:
        at = now - 30 * DAY
        await db.insert("clients", {"id": c.id, "name": c.name, "created_at": at})
        for type_id, value in ((CONTACT_PHONE, c.phone), (CONTACT_EMAIL, c.email)):
            await db.insert(
                "contacts",
                {
                    "id": contact_id,
                    "client_id": c.id,
                    "type_id": type_id,
                    "value": value,
                    "is_primary": 1,
                    "created_at": at,
                },
            )
            contact_id += 1
    for n, d in enumerate(DEALS):
        at = now - (20 - n) * DAY
        closed = at + DAY if d.stage_id in (SALES_WON, SALES_LOST, SERVICE_DONE) else None
        await db.insert(
            "deals",
            {
                "id": d.id,
                "name": d.name,
                "pipeline_id": d.pipeline_id,
                "client_id": d.client_id,
                "stage_id": d.stage_id,
                "user_id": ADMIN_USER_ID,
                "employee_id": d.employee_id,
                "department_id": 0,
                "inbox_type_id": INBOX_MANUAL,
                "stage_updated_at": at,
                "created_at": at,
                "updated_at": at,
                "closed_at": closed,
            },
        )
    for t in TASKS:
        at = now - 2 * DAY
        await db.insert(
            "tasks",
            {
                "id": t.id,
                "deal_id": t.deal_id,
                "user_id": ADMIN_USER_ID,
                "from_employee_id": 0,
                "to_employee_id": t.to_employee_id,
                "to_department_id": 0,
                "comment": t.comment,
                "time": now + t.hours_from_now * 3600,
                "success": t.success,
                "required": 0,
                "it_reaction": 0,
                "created_at": at,
                "updated_at": at,
            },
        )
    staff = {e.id: e for e in EMPLOYEES}
    for deal_id, employee_id, text in COMMENTS:
        e = staff[employee_id]
        user = user_card(f"{e.name} {e.surname}", e.profession, "")
        data = {"comment": text, "user": user}
        await db.add_log(DEAL, deal_id, DEAL_COMMENT, data, ADMIN_USER_ID, employee_id, now - DAY)
    for n, lead in enumerate(LEADS):
        at = now - (len(LEADS) - n) * 3600
        await db.insert(
            "leads",
            {
                "id": lead.id,
                "stage_id": LEAD_STAGE_NEW,
                "employee_id": lead.employee_id,
                "pipeline_id": LEAD_PIPELINE_ID,
                "deal_pipeline_id": lead.deal_pipeline_id,
                "inbox_type_id": lead.inbox_type_id,
                "name": lead.name,
                "phone": lead.phone,
                "email": lead.email,
                "comment": lead.comment,
                "stage_updated_at": at,
                "created_at": at,
                "updated_at": at,
            },
        )
