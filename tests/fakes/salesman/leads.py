"""The emulator's `lead` method: `add`, `list` (pages of 200, 404 when empty), `stat`, and
`info` (an unknown id is a record of nothing, not an error: the running code, 6.11)."""

from __future__ import annotations

from typing import Any

from bot import clock
from tests.fakes.salesman.data import (
    LIST_PAGE,
    MOSCOW,
    REZULT_NAMES,
    STATUS_NAMES,
    Lead,
    User,
)
from tests.fakes.salesman.data import error as _error


class LeadHandlers:
    leads: dict[int, Lead]
    users: dict[str, User]

    def _lead(self, action: str, params: dict[str, Any], user: User) -> dict[str, Any]:
        if action == "add":
            ident = max(self.leads, default=500) + 1
            self.leads[ident] = Lead(
                ident,
                str(params.get("title", "")),
                str(params.get("phone", "")),
                str(params.get("email", "")),
                str(params.get("description", "")),
                datum=clock.now(MOSCOW).strftime("%Y-%m-%d %H:%M:%S"),
            )
            return {"result": "Success", "id": ident}
        if action == "list":
            return self._lead_list(params)
        if action == "stat":
            return self._lead_stat(params)
        if action == "info":
            ident = int(params.get("id", 0) or 0)
            found = self.leads.get(ident)
            if found is None:  # the running code: not an error, a record of nothing
                return {"data": {"description": "", "title": None, "userName": None}, "id": ident}
            users = {u.iduser: u for u in self.users.values()}
            owner = users.get(found.iduser)
            return {
                "data": {
                    "id": str(found.id),
                    "datum": found.datum,
                    "datum_do": None,
                    "status": str(found.status),
                    "rezult": str(found.rezult),
                    "title": found.title,
                    "email": found.email,
                    "phone": found.phone,
                    "description": found.description,
                    "iduser": str(found.iduser),
                    "clientpath": "1" if found.clientpath else "0",
                    "did": str(found.did),
                    "statusName": STATUS_NAMES[found.status],
                    "rezultName": REZULT_NAMES[found.rezult],
                    "clientpathName": found.clientpath,
                    "userName": owner.title if owner else "Не определен",
                },
                "id": found.id,
            }
        return _error("402", "Не известный метод")

    def add_lead(
        self, title: str, phone: str, *, datum: str | None = None, status: int = 0, iduser: int = 0
    ) -> int:
        """A lead arrives (a site form); `datum` defaults to now, in Moscow time."""
        ident = max(self.leads, default=500) + 1
        moment = datum or clock.now(MOSCOW).strftime("%Y-%m-%d %H:%M:%S")
        self.leads[ident] = Lead(ident, title, phone, datum=moment, status=status, iduser=iduser)
        return ident

    def _lead_stat(self, params: dict[str, Any]) -> dict[str, Any]:
        """Per active user: open and processed leads in the period (counts as strings)."""
        start = str(params.get("dateStart") or "0000")
        end = str(params.get("dateEnd") or "9999") + " 99"
        inside = [x for x in self.leads.values() if start <= x.datum <= end]
        data = []
        for user in self.users.values():
            if not user.active:
                continue
            mine = [x for x in inside if x.iduser == user.iduser]
            data.append(
                {
                    "login": user.login,
                    "open": str(sum(1 for x in mine if x.status in (0, 1))),
                    "processed": str(sum(1 for x in mine if x.status in (2, 3))),
                }
            )
        return {"data": data}

    def _lead_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """Pages of 200 (`offset` is the page number), newest first unless `first=old`;
        no rows at all, or a page past the last, is error 404 (the running code)."""
        newest = str(params.get("first") or "new") != "old"
        start = str(params.get("dateStart") or "")  # alone: created on or after that day
        leads = [x for x in self.leads.values() if x.datum[:10] >= start]
        ordered = sorted(leads, key=lambda x: (x.datum, x.id), reverse=newest)
        page = int(params.get("offset", 0) or 0)
        chosen = ordered[page * LIST_PAGE : (page + 1) * LIST_PAGE]
        if not chosen:
            return _error(404, "Не найдено")
        return {
            "data": [
                {
                    "id": str(x.id),
                    "datum": x.datum,
                    "title": x.title,
                    "email": x.email,
                    "phone": x.phone,
                    "status": str(x.status),
                    "statusName": STATUS_NAMES[x.status],
                    "user": 0,  # the list never says who (6.10)
                    "userName": "Не определен",
                }
                for x in chosen
            ]
        }
