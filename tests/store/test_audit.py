import pytest

from bot.store import Store
from tests.store.conftest import ManualClock


async def test_audit_entries_round_trip_newest_first(store: Store, clock: ManualClock) -> None:
    started = clock.moment
    first = await store.audit(
        "take_lead",
        actor_tg_id=111,
        actor_employee_key="42",
        target="lead:7",
        detail={"phone": "+7 900", "tags": ["hot", "новый"], "n": 1.5, "nested": {"a": None}},
    )
    clock.advance(10)
    second = await store.audit(
        "change_stage",
        actor_tg_id=222,
        actor_employee_key=None,
        target="deal:9",
        result="error:Rejected",
    )

    newest, oldest = await store.audit_entries()

    assert (newest.id, oldest.id) == (second, first)
    assert oldest.detail == {
        "phone": "+7 900",
        "tags": ["hot", "новый"],
        "n": 1.5,
        "nested": {"a": None},
    }
    assert (oldest.action, oldest.actor_tg_id, oldest.actor_employee_key) == (
        "take_lead",
        111,
        "42",
    )
    assert (oldest.target, oldest.result, oldest.at) == ("lead:7", "ok", started)
    assert (newest.detail, newest.result, newest.at) == ({}, "error:Rejected", clock.moment)
    assert newest.actor_employee_key is None


async def test_audit_entries_filter_and_limit(store: Store) -> None:
    for n in range(5):
        await store.audit("comment", actor_tg_id=1, actor_employee_key="e", detail={"n": n})
    await store.audit("take_lead", actor_tg_id=1, actor_employee_key="e")

    latest_two = await store.audit_entries(limit=2, action="comment")
    assert [e.detail["n"] for e in latest_two] == [4, 3]
    assert [e.action for e in await store.audit_entries(action="take_lead")] == ["take_lead"]
    assert len(await store.audit_entries()) == 6


async def test_audit_result_must_be_ok_or_an_error_kind(store: Store) -> None:
    with pytest.raises(ValueError, match="error:<kind>"):
        await store.audit("x", actor_tg_id=1, actor_employee_key=None, result="failed")
    with pytest.raises(ValueError):
        await store.audit("x", actor_tg_id=1, actor_employee_key=None, result="error:")
    with pytest.raises(TypeError, match="audit detail"):
        await store.audit("x", actor_tg_id=1, actor_employee_key=None, detail={"s": {1, 2}})
    assert await store.audit_entries() == []
