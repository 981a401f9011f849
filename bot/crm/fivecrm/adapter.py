"""The 5CRM adapter: intake from chat on a write-only API.

5CRM's public API creates leads (the site form, `ctm/form/send`), deals, tasks, contacts
and companies, and lists funnels, the deal's custom fields and, with the secret token,
the employees. It cannot search or list leads or deals, and no write returns an id. So the
adapter declares the five create operations and, with `CRM_SECRET_TOKEN`, the employee
list (binding by a shared contact); an employee's key is their 5CRM id, sent as
`manager_id` and `author_id` of what they create.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from bot.crm.cache import SnapshotCache
from bot.crm.capabilities import Capability
from bot.crm.errors import NotSupported
from bot.crm.fivecrm import forms
from bot.crm.fivecrm.api import FiveCrmApi
from bot.crm.forms import Answers, Choice, Creation, Form
from bot.crm.models import Created, CreatedLead, Employee, NewLead
from bot.crm.protocol import CRM
from bot.phones import normalize_phone

_C = Capability
CREATES = frozenset(
    {_C.CREATE_LEAD, _C.CREATE_DEAL, _C.CREATE_TASK, _C.CREATE_CONTACT, _C.CREATE_COMPANY}
)
NO_ID = CreatedLead()  # every write answers `{"ans": "true"}` and nothing more


class FiveCrmCRM(CRM):
    kind = "fivecrm"
    capabilities: frozenset[Capability] = CREATES

    def __init__(
        self,
        base_url: str,
        public_token: str,
        secret_token: str | None = None,
        *,
        timezone: ZoneInfo,
        timeout: float,
        cache_ttl: float = 300.0,
        client: httpx.AsyncClient | None = None,
        retries: int = 3,
    ) -> None:
        self._api = FiveCrmApi(
            base_url, public_token, secret_token, timeout=timeout, client=client, retries=retries
        )
        if secret_token:  # the employee list needs it
            self.capabilities = CREATES | {_C.LIST_EMPLOYEES}
        self._tz = timezone
        self._host = urlsplit(base_url.strip()).hostname or base_url
        self._funnels = SnapshotCache[list[dict[str, Any]]](self._load_funnels, cache_ttl)
        self._custom = SnapshotCache[list[tuple[str, str]]](self._load_custom, cache_ttl)
        self._staff = SnapshotCache[tuple[Employee, ...]](self._load_staff, cache_ttl)

    async def close(self) -> None:
        await self._api.close()

    async def account_name(self) -> str:
        """5CRM has no account name: its address. The funnel list proves the public token,
        the employee list the secret one."""
        await self._funnels.get()
        if _C.LIST_EMPLOYEES in self.capabilities:
            await self._staff.get()
        return f"5CRM {self._host}"

    # ------------------------------------------------------------------ reference data

    async def employees(self, *, fresh: bool = False) -> Sequence[Employee]:
        return await self._staff.get(stale=not fresh)

    async def _load_staff(self) -> tuple[Employee, ...]:
        body = await self._api.read("public/managers/get", secret=True)
        found = []
        for row in body.get("managers") or ():
            if isinstance(row, dict) and row.get("id") not in (None, ""):
                phone = str(row.get("phone") or "").strip()  # a number, in the example
                found.append(
                    Employee(
                        key=str(row["id"]),
                        name=str(row.get("name") or f"№{row['id']}"),
                        phone=normalize_phone(phone) if phone else None,
                        email=str(row.get("email") or "") or None,
                    )
                )
        return tuple(found)

    def employee_key(self, typed: str) -> str | None:
        """A 5CRM employee id: a number."""
        key = typed.strip().lstrip("#№").strip()
        return key if key.isascii() and key.isdigit() and len(key) <= 18 else None

    async def _load_funnels(self) -> list[dict[str, Any]]:
        body = await self._api.read("public/funnels/get")
        return [f for f in body.get("funnels") or () if isinstance(f, dict)]

    async def _load_custom(self) -> list[tuple[str, str]]:
        body = await self._api.read("public/deal/get-custom-fields")
        return [
            (str(f["field"]), str(f.get("name") or f["field"]))
            for f in body.get("fields") or ()
            if isinstance(f, dict) and str(f.get("field", "")).startswith("f_")
        ]

    # ------------------------------------------------------------------ forms

    async def form(self, creates: Creation) -> Form:
        if creates.capability not in self.capabilities:
            raise NotSupported(creates.capability)
        if creates is Creation.DEAL:
            return forms.deal_form(await self._custom.get())
        return {
            Creation.LEAD: forms.LEAD,
            Creation.TASK: forms.TASK,
            Creation.CONTACT: forms.CONTACT,
            Creation.COMPANY: forms.COMPANY,
        }[creates]

    async def form_choices(self, creates: Creation, key: str, answers: Answers) -> Sequence[Choice]:
        if creates is not Creation.DEAL or key not in ("funnel_id", "stage_id"):
            raise NotSupported(creates.capability)
        funnels = await self._funnels.get()
        if key == "funnel_id":  # the default one first
            ordered = sorted(funnels, key=lambda f: str(f.get("is_default")) != "true")
            return [Choice(id=str(f["id"]), name=str(f.get("name") or f["id"])) for f in ordered]
        funnel = next((f for f in funnels if str(f.get("id")) == answers.get("funnel_id")), None)
        stages = [s for s in (funnel or {}).get("stages") or () if isinstance(s, dict)]
        stages.sort(key=lambda s: int(s.get("order") or 0))
        return [Choice(id=str(s["id"]), name=str(s.get("name") or s["id"])) for s in stages]

    # ------------------------------------------------------------------ writes

    async def create_lead(self, lead: NewLead, *, as_employee: str | None = None) -> CreatedLead:
        """`ctm/form/send`, as a site form would send it (it takes no employee)."""
        params = {
            "name": lead.name or "",
            "phone": lead.phone or "",
            "email": lead.email or "",
            "description": lead.comment or "",
            "sum": lead.more.get("sum", ""),
        }
        await self._api.write("ctm/form/send", params, {"description": "comment"})
        return NO_ID

    async def create_deal(self, answers: Answers, *, as_employee: str) -> Created:
        params = {**_mine(as_employee), **answers}
        await self._api.write("public/deal/add", params, {})
        return NO_ID

    async def create_task(self, answers: Answers, *, as_employee: str) -> Created:
        """`public/task/add` assigned to the employee; the due moment goes as
        "YYYY-MM-DD HH:MM:SS" in the CRM's time zone (the document gives no format)."""
        params = dict(answers)
        if answers.get("date_expired"):
            due = datetime.fromisoformat(answers["date_expired"]).astimezone(self._tz)
            params["date_expired"] = due.strftime("%Y-%m-%d %H:%M:%S")
        await self._api.write("public/task/add", {**_mine(as_employee), **params}, {})
        return NO_ID

    async def create_contact(self, answers: Answers, *, as_employee: str) -> Created:
        await self._api.write("public/contact/add", {**_mine(as_employee), **answers}, {})
        return NO_ID

    async def create_company(self, answers: Answers, *, as_employee: str) -> Created:
        await self._api.write("public/company/add", {**_mine(as_employee), **answers}, {})
        return NO_ID


def _mine(employee_key: str) -> Mapping[str, str]:
    """The employee as the record's manager and author (5CRM ids are numbers)."""
    return {"manager_id": employee_key, "author_id": employee_key} if employee_key.isdigit() else {}
