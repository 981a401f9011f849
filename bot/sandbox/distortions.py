"""Leads as a faulty import or plugin leaves them in a real CRM, for the tests' faults: the
answers of lead/list and lead/get show the given raw values in a lead's fields (a phone as a
list, a date that is not one), whatever its row holds."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


class Distortions:
    def __init__(self) -> None:
        self._leads: dict[str, Json] = {}

    def lead(self, lead_id: str, fields: Json) -> None:
        self._leads.setdefault(str(lead_id), {}).update(fields)

    def apply(self, path: str, payload: Json) -> Json:
        """The answer to `path` with the distorted leads' fields replaced."""
        if not self._leads:
            return payload
        if path == "lead/list" and isinstance(payload.get("leads"), dict):
            listed = payload["leads"]
            rows = [self._lead(row) for row in listed.get("result") or []]
            return payload | {"leads": listed | {"result": rows}}
        if path == "lead/get" and isinstance(payload.get("result"), dict):
            return payload | {"result": self._lead(payload["result"])}
        return payload

    def _lead(self, row: Json) -> Json:
        fields = self._leads.get(str(row.get("id")))
        return row | fields if fields else row
