"""For every capability, a short scenario that must work when an adapter declares it,
run against each case of `tests.contract.cases`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from decimal import Decimal

from bot import clock
from bot.crm.capabilities import Capability
from bot.crm.forms import Creation, FieldKind
from bot.crm.models import NewLead, PipelineKind, TaskOutcome
from bot.crm.protocol import CRM
from tests.contract.cases import Known

C = Capability

# ---------------------------------------------------------------------- the scenarios

Scenario = Callable[[CRM, Known], Awaitable[None]]


async def _employees(crm: CRM, k: Known) -> None:
    keys = {e.key for e in await crm.employees()}
    assert {k.employee, k.other_employee} <= keys


async def _pipelines(crm: CRM, k: Known) -> None:
    deal_pipelines = [p for p in await crm.pipelines() if p.kind is PipelineKind.DEAL]
    assert any(p.stage(k.deal_stage_to) for p in deal_pipelines)


async def _inbox_types(crm: CRM, k: Known) -> None:
    assert all(t.id and t.name for t in await crm.inbox_types())
    assert await crm.inbox_types()


async def _find_leads(crm: CRM, k: Known) -> None:
    assert k.lead in {lead.id for lead in await crm.find_leads(phone=k.lead_phone)}


async def _get_lead(crm: CRM, k: Known) -> None:
    assert (await crm.get_lead(k.lead)).name == k.lead_name


async def _take_lead(crm: CRM, k: Known) -> None:
    taken = await crm.take_lead(k.spare_lead, as_employee=k.employee)
    assert taken.deal_id


async def _assign_lead(crm: CRM, k: Known) -> None:
    await crm.assign_lead(k.spare_lead, k.other_employee)


async def _comment_lead(crm: CRM, k: Known) -> None:
    entry = await crm.comment_lead(k.lead, "контракт: позвонить", as_employee=k.employee)
    assert entry.is_comment and "позвонить" in entry.text


async def _lead_history(crm: CRM, k: Known) -> None:
    page = await crm.lead_history(k.lead, limit=5)
    assert len(page.items) <= 5


async def _create_lead(crm: CRM, k: Known) -> None:
    """The adapter's lead form filled in (a Go-CRM lead also needs a centre and a
    birthday), sent as the form dialog sends it."""
    answers = await _filled(crm, Creation.LEAD)
    assert {"phone", "name"} <= set(answers)
    standard = ("name", "phone", "email", "comment")
    lead = NewLead(
        **{k: answers.get(k) for k in standard},
        more={k: v for k, v in answers.items() if k not in standard},
    )
    created = await crm.create_lead(lead, as_employee=k.employee)
    assert created.effective_id is None or created.effective_id.strip()
    if created.effective_id and Capability.GET_LEAD in crm.capabilities:
        lead = await crm.get_lead(created.effective_id)
        assert (lead.name, lead.phone) == ("Контракт Тест", "+79990001122")


async def _new_leads(crm: CRM, k: Known) -> None:
    since = clock.now(UTC) - timedelta(days=3 * 365)  # the emulators' leads have fixed dates
    assert k.lead in {lead.id for lead in (await crm.new_leads(since=since, limit=100)).leads}


async def _find_deals(crm: CRM, k: Known) -> None:
    assert k.client_deal in {d.id for d in await crm.find_deals(phone=k.client_phone)}


async def _search_deals(crm: CRM, k: Known) -> None:
    found = await crm.search_deals(k.deal_words)
    assert k.words_deal in {d.id for d in found.items}


async def _get_deal(crm: CRM, k: Known) -> None:
    assert (await crm.get_deal(k.deal)).name == k.deal_name
    deal = await crm.deal_with_client(k.deal)
    assert deal.client is not None and deal.client.name == k.client_name


async def _get_client(crm: CRM, k: Known) -> None:
    assert (await crm.get_client(k.client)).name == k.client_name


async def _change_stage(crm: CRM, k: Known) -> None:
    await crm.change_deal_stage(k.deal, k.deal_stage_to, as_employee=k.employee)


async def _reassign(crm: CRM, k: Known) -> None:
    assert (await crm.reassign_deal(k.deal, k.other_employee)).employee_key == k.other_employee


async def _comment_deal(crm: CRM, k: Known) -> None:
    entry = await crm.comment_deal(k.deal, "контракт: выслать КП", as_employee=k.employee)
    assert "выслать КП" in entry.text


async def _deal_history(crm: CRM, k: Known) -> None:
    page = await crm.deal_history(k.deal, limit=5)
    assert page.items and len(page.items) <= 5
    assert (await crm.last_deal_comment(k.deal)) is not None


async def _tag_deal(crm: CRM, k: Known) -> None:
    await crm.tag_deal(k.deal, ["контракт"])


async def _deal_tasks(crm: CRM, k: Known) -> None:
    assert await crm.deal_tasks(k.task_deal)
    assert (await crm.deal_task(k.task_deal)) is not None


async def _set_task(crm: CRM, k: Known) -> None:
    due = clock.now(UTC).replace(microsecond=0, second=0) + timedelta(days=2)
    task = await crm.set_task(k.deal, text="Перезвонить", due=due, as_employee=k.employee)
    assert task.text == "Перезвонить" and task.due == due


async def _reschedule(crm: CRM, k: Known) -> None:
    [task, *_] = [t for t in await crm.deal_tasks(k.task_deal) if t.employee_key == k.task_employee]
    due = clock.now(UTC).replace(microsecond=0, second=0) + timedelta(days=3)
    moved = await crm.reschedule_task(task, due, as_employee=k.employee)
    assert (moved.text, moved.due, moved.employee_key) == (task.text, due, task.employee_key)


async def _complete(crm: CRM, k: Known) -> None:
    [task, *_] = await crm.deal_tasks(k.task_deal)
    await crm.complete_task(
        task, TaskOutcome(successful=True, result="Договорились"), as_employee=k.employee
    )
    assert task.id not in {t.id for t in await crm.deal_tasks(k.task_deal)}


async def _tasks(crm: CRM, k: Known) -> None:
    page = await crm.tasks(employee_key=k.task_employee)
    assert k.task_deal in {t.deal_id for t in page.items}
    [task, *_] = [t for t in page.items if t.deal_id == k.task_deal]
    assert task.due is not None
    minute = timedelta(minutes=1)
    due = await crm.due_tasks(start=task.due - minute, end=task.due + minute)  # everyone's
    assert task.id in {t.id for t in due}
    assert all(task.due - minute <= t.due <= task.due + minute for t in due if t.due)
    later = await crm.due_tasks(start=task.due + minute, end=task.due + 2 * minute)
    assert task.id not in {t.id for t in later}


async def _close_deal(crm: CRM, k: Known) -> None:
    [won, *_] = await crm.close_reasons()
    await crm.close_deal(
        k.deal,
        reason_id=won.id,
        amount=Decimal("1000.50"),
        comment="Подписали",
        as_employee=k.employee,
    )
    deal = await crm.get_deal(k.deal)
    assert deal.closed_as == won.name


async def _filled(crm: CRM, creates: Creation) -> dict[str, str]:
    """Every field of the adapter's form answered with a plausible value of its kind."""
    form = await crm.form(creates)
    answers: dict[str, str] = {}
    samples = {
        FieldKind.PHONE: "+79990001122",
        FieldKind.EMAIL: "contract@example.ru",
        FieldKind.DATE: "2019-11-18",
        FieldKind.NUMBER: "1000",
        FieldKind.MOMENT: (clock.now(UTC) + timedelta(days=1)).replace(microsecond=0).isoformat(),
    }
    for field in form.fields:
        if field.kind is FieldKind.CHOICE:
            [first, *_] = await crm.form_choices(creates, field.key, answers)
            answers[field.key] = first.id
        else:
            text = samples.get(field.kind, "Контракт Тест")
            answers[field.key] = text[: field.max_length] if field.max_length else text
    return answers


def _creates(creates: Creation) -> Scenario:
    async def scenario(crm: CRM, k: Known) -> None:
        answers = await _filled(crm, creates)
        make = {
            Creation.DEAL: crm.create_deal,
            Creation.TASK: crm.create_task,
            Creation.CONTACT: crm.create_contact,
            Creation.COMPANY: crm.create_company,
        }[creates]
        created = await make(answers, as_employee=k.employee)
        assert created.id is None or created.id.strip()

    return scenario


async def _lead_stats(crm: CRM, k: Known) -> None:
    today = clock.now(UTC).date()
    stats = await crm.lead_stats(start=today.replace(year=2000), end=today)
    assert k.employee in {s.employee_key for s in stats}
    assert all(s.open >= 0 and s.processed >= 0 for s in stats)


async def _centers(crm: CRM, k: Known) -> None:
    cities = await crm.cities()
    assert cities and all(c.id and c.name for c in cities)
    centers = await crm.centers(cities[0].id)
    assert centers and all(c.id and c.name for c in centers)


OPERATIONS: dict[Capability, Scenario] = {
    C.LIST_EMPLOYEES: _employees,
    C.LIST_PIPELINES: _pipelines,
    C.LIST_INBOX_TYPES: _inbox_types,
    C.FIND_LEADS: _find_leads,
    C.GET_LEAD: _get_lead,
    C.TAKE_LEAD: _take_lead,
    C.ASSIGN_LEAD: _assign_lead,
    C.COMMENT_LEAD: _comment_lead,
    C.LEAD_HISTORY: _lead_history,
    C.CREATE_LEAD: _create_lead,
    C.LIST_NEW_LEADS: _new_leads,
    C.FIND_DEALS: _find_deals,
    C.SEARCH_DEALS: _search_deals,
    C.GET_DEAL: _get_deal,
    C.GET_CLIENT: _get_client,
    C.CHANGE_DEAL_STAGE: _change_stage,
    C.REASSIGN_DEAL: _reassign,
    C.COMMENT_DEAL: _comment_deal,
    C.DEAL_HISTORY: _deal_history,
    C.TAG_DEAL: _tag_deal,
    C.DEAL_TASKS: _deal_tasks,
    C.SET_TASK: _set_task,
    C.RESCHEDULE_TASK: _reschedule,
    C.COMPLETE_TASK: _complete,
    C.LIST_TASKS: _tasks,
    C.LEAD_STATS: _lead_stats,
    C.CLOSE_DEAL: _close_deal,
    C.CREATE_DEAL: _creates(Creation.DEAL),
    C.CREATE_TASK: _creates(Creation.TASK),
    C.CREATE_CONTACT: _creates(Creation.CONTACT),
    C.CREATE_COMPANY: _creates(Creation.COMPANY),
    C.LIST_CENTERS: _centers,
}
