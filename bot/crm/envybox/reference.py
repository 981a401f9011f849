"""Envybox reference data (main/data) and the wire → domain conversions that need it.

`Reference` holds employees, pipelines with stages and inbox types, and turns wire leads,
deals, tasks and logs into domain models (stage names and lead sources come from it).
`ReferenceCache` keeps one `Reference` for a TTL; concurrent callers during a refresh share
the one request (single flight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.crm.cache import SnapshotCache
from bot.crm.envybox.wire import (
    DEAL_COMMENT_TYPE,
    DEAL_LOST,
    DEAL_WON,
    LEAD_COMMENT_TYPE,
    MainData,
    WireEmployee,
    WireLead,
    WireLog,
    WirePipeline,
)
from bot.crm.envybox.wire_deals import WireDeal, WireTask
from bot.crm.models import (
    Client,
    Deal,
    Employee,
    InboxType,
    Lead,
    LogEntry,
    Pipeline,
    PipelineKind,
    Stage,
    StageStatus,
    Task,
)
from bot.phones import normalize_email, normalize_phone

_STATUS_BY_ID = {DEAL_WON: StageStatus.WON, DEAL_LOST: StageStatus.LOST}
_TAKEN_LEAD_STAGES = frozenset({"новый клиент", "существующий клиент"})


def _phone(raw: str | None) -> str | None:
    return (normalize_phone(raw) or raw) if raw else None


def _email(raw: str | None) -> str | None:
    return (normalize_email(raw) or raw) if raw else None


def employee_from(wire: WireEmployee) -> Employee:
    name = " ".join(part for part in (wire.name, wire.surname) if part) or wire.id
    return Employee(
        key=wire.id,
        name=name,
        phone=_phone(wire.crm_phone_number),
        email=_email(wire.email),
        position=wire.profession,
    )


def pipeline_from(wire: WirePipeline, kind: PipelineKind) -> Pipeline:
    stages = sorted(wire.stages, key=lambda s: (s.position or 0, s.id))
    return Pipeline(
        id=wire.id,
        name=wire.name or wire.id,
        kind=kind,
        stages=tuple(
            Stage(
                id=s.id,
                name=s.name or s.id,
                pipeline_id=s.pipeline_id or wire.id,
                position=s.position or 0,
                status=_STATUS_BY_ID.get(s.status_id or 0, StageStatus.OPEN)
                if kind is PipelineKind.DEAL
                else StageStatus.OPEN,
            )
            for s in stages
        ),
        manual_stage_change=wire.allow_manual_change_stage,
        primary=wire.primary,
    )


@dataclass(frozen=True)
class Reference:
    """One snapshot of main/data in domain terms."""

    crm_name: str
    admin_id: str | None
    employees: tuple[Employee, ...]
    pipelines: tuple[Pipeline, ...]
    inbox_types: tuple[InboxType, ...]
    _stages: dict[str, Stage] = field(default_factory=dict, repr=False)
    _inbox: dict[str, str] = field(default_factory=dict, repr=False)
    _employee_names: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_wire(cls, main: MainData) -> Reference:
        pipelines = tuple(
            pipeline_from(p, kind)
            for section, kind in ((main.lead, PipelineKind.LEAD), (main.deal, PipelineKind.DEAL))
            if section is not None
            for p in section.pipelines
        )
        inbox = tuple(InboxType(id=t.id, name=t.name or t.id) for t in main.inbox_types)
        employees = tuple(employee_from(e) for e in main.employees)
        return cls(
            crm_name=main.name or "",
            admin_id=main.user_id,
            employees=employees,
            pipelines=pipelines,
            inbox_types=inbox,
            _stages={s.id: s for p in pipelines for s in p.stages},
            _inbox={t.id: t.name for t in inbox},
            _employee_names={e.key: e.name for e in employees},
        )

    def stage(self, stage_id: str | None) -> Stage | None:
        return self._stages.get(stage_id) if stage_id else None

    def source(self, inbox_type_id: str | None) -> str | None:
        return self._inbox.get(inbox_type_id) if inbox_type_id else None

    def employee_name(self, key: str | None) -> str | None:
        return self._employee_names.get(key) if key else None

    def lead(self, wire: WireLead) -> Lead:
        stage = self.stage(wire.stage_id)
        stage_name = wire.stage or (stage.name if stage else None)
        return Lead(
            id=wire.id,
            name=wire.name or wire.service_value("name"),
            phone=_phone(wire.phone or wire.service_value("phone")),
            email=_email(wire.email or wire.service_value("email")),
            comment=wire.comment or wire.service_value("comment"),
            pipeline_id=wire.pipeline_id,
            stage_id=wire.stage_id,
            stage_name=stage_name,
            source=self.source(wire.inbox_type_id),
            inbox_type_id=wire.inbox_type_id,
            employee_key=wire.employee_id,
            created_at=wire.created_at,
            taken=bool(wire.deals) or (stage_name or "").strip().lower() in _TAKEN_LEAD_STAGES,
            deal_ids=tuple(wire.deals),
        )

    def deal(self, wire: WireDeal, *, client: Client | None = None, deal_id: str = "") -> Deal:
        stage = self.stage(wire.stage_id)
        status = _STATUS_BY_ID.get(wire.status_id or 0) or (stage.status if stage else None)
        if client is None and wire.client_id:
            client = Client(id=wire.client_id, name=wire.client_name)
        return Deal(
            id=wire.id or deal_id,
            name=wire.title(),
            pipeline_id=wire.pipeline_id or (stage.pipeline_id if stage else None),
            stage_id=wire.stage_id,
            stage_name=wire.stage_name or wire.stage or (stage.name if stage else None),
            status=status or StageStatus.OPEN,
            client=client,
            employee_key=wire.employee_id,
            source=self.source(wire.inbox_type_id),
            created_at=wire.created_at,
        )


def task_from(wire: WireTask, now: datetime) -> Task:
    """The domain task; overdue when the CRM says so or its open due time has passed."""
    late = wire.time is not None and not wire.success and wire.time < now
    return Task(
        id=wire.id,
        deal_id=wire.element_id,
        text=wire.comment or "",
        due=wire.time,
        employee_key=wire.to_employee_id,
        done=wire.success,
        overdue=wire.is_overdue or late,
    )


def log_from(wire: WireLog) -> LogEntry:
    data = wire.data
    return LogEntry(
        id=wire.id,
        text=(data.text or data.comment or "") if data else "",
        author=data.user.name if data and data.user else None,
        employee_key=wire.employee_id,
        created_at=wire.created_at,
        is_comment=wire.type_id in (LEAD_COMMENT_TYPE, DEAL_COMMENT_TYPE),
    )


class ReferenceCache(SnapshotCache[Reference]):
    """Envybox's main/data snapshot (see `SnapshotCache`)."""
