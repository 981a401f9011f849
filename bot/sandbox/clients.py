"""Client endpoints: client/get and client/getContacts (unknown client → 404 «Клиент не найден»)."""

from __future__ import annotations

from bot.sandbox.context import Ctx, Json
from bot.sandbox.params import Params, req_id
from bot.sandbox.wire import client_deal, client_head, client_name_value, contact


async def client_get(ctx: Ctx, params: Params) -> Json:
    client = await ctx.client(req_id(params, "client_id"))
    contacts = await ctx.db.all(
        "SELECT * FROM contacts WHERE client_id = ? ORDER BY id", (client["id"],)
    )
    deals = await ctx.db.all("SELECT * FROM deals WHERE client_id = ? ORDER BY id", (client["id"],))
    stages = {r["id"]: r for r in await ctx.db.all("SELECT * FROM stages")}
    return {
        "result": client_head(client, ctx.clock)
        | {
            "values": {"service": {"name": client_name_value(client, ctx.clock)}, "custom": []},
            "contacts": [contact(c, ctx.clock, with_birthday=False) for c in contacts],
            "deals": [client_deal(d, stages[d["stage_id"]], ctx.clock) for d in deals],
        }
    }


async def client_get_contacts(ctx: Ctx, params: Params) -> Json:
    client = await ctx.client(req_id(params, "client_id"))
    rows = await ctx.db.all(
        "SELECT * FROM contacts WHERE client_id = ? ORDER BY id", (client["id"],)
    )
    return {"result": {"contacts": [contact(c, ctx.clock, with_birthday=True) for c in rows]}}
