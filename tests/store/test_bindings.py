import pytest

from bot.store import BindingStatus, EmployeeAlreadyBound, NotBound, Role, Store, WouldLeaveNoAdmin
from tests.store.conftest import ManualClock


async def test_bind_and_look_up_both_ways(store: Store, clock: ManualClock) -> None:
    binding = await store.bind(111, "42", "Ivan Petrov")

    assert binding.tg_user_id == 111
    assert binding.employee_key == "42"
    assert binding.role is Role.STAFF and not binding.is_admin
    assert binding.status is BindingStatus.ACTIVE and binding.is_active
    assert binding.created_at == clock.moment and binding.last_active_at is None
    assert await store.get_binding(111) == binding
    assert await store.binding_for_employee("42") == binding
    assert await store.get_binding(222) is None
    assert await store.binding_for_employee("43") is None


async def test_an_employee_belongs_to_one_user_only(store: Store) -> None:
    await store.bind(111, "42", "Ivan")

    with pytest.raises(EmployeeAlreadyBound) as caught:
        await store.bind(222, "42", "Someone else")

    assert caught.value.bound_to == 111 and caught.value.employee_key == "42"
    assert await store.get_binding(222) is None
    assert [b.tg_user_id for b in await store.list_bindings()] == [111]


async def test_rebinding_a_user_replaces_its_employee(store: Store, clock: ManualClock) -> None:
    first = await store.bind(111, "42", "Ivan", role=Role.ADMIN)
    await store.set_status(111, BindingStatus.SUSPENDED)
    clock.advance(60)

    second = await store.bind(111, "77", "Ivan (new account)")

    assert second.employee_key == "77" and second.display_name == "Ivan (new account)"
    assert second.role is Role.STAFF and second.status is BindingStatus.ACTIVE
    assert second.created_at == first.created_at and second.updated_at == clock.moment
    assert await store.binding_for_employee("42") is None
    # the freed employee can now be bound to someone else
    assert (await store.bind(222, "42", "Petr")).tg_user_id == 222
    assert len(await store.list_bindings()) == 2


async def test_unbind(store: Store) -> None:
    await store.bind(111, "42", "Ivan")

    assert await store.unbind(111) is True
    assert await store.unbind(111) is False
    assert await store.get_binding(111) is None
    assert (await store.bind(222, "42", "Petr")).employee_key == "42"


async def test_roles_statuses_and_admin_count(store: Store, clock: ManualClock) -> None:
    await store.bind(1, "e1", "One", role=Role.ADMIN)
    await store.bind(2, "e2", "Two")
    await store.bind(3, "e3", "Three")
    assert await store.count_admins() == 1

    clock.advance(5)
    promoted = await store.set_role(2, Role.ADMIN)
    assert promoted.is_admin and promoted.updated_at == clock.moment
    assert await store.count_admins() == 2

    suspended = await store.set_status(1, BindingStatus.SUSPENDED)
    assert not suspended.is_active
    assert await store.count_admins() == 1  # a suspended admin cannot administer

    await store.set_role(2, Role.STAFF)
    assert await store.count_admins() == 0
    demoted = await store.get_binding(2)
    assert demoted is not None and demoted.role is Role.STAFF


async def test_changing_an_unbound_user_raises_not_bound(store: Store) -> None:
    with pytest.raises(NotBound):
        await store.set_role(999, Role.ADMIN)
    with pytest.raises(NotBound):
        await store.set_status(999, BindingStatus.SUSPENDED)


async def test_touch_records_last_activity(store: Store, clock: ManualClock) -> None:
    await store.bind(111, "42", "Ivan")
    clock.advance(3600)

    assert await store.touch(111) is True
    assert await store.touch(999) is False

    binding = await store.get_binding(111)
    assert binding is not None
    assert binding.last_active_at == clock.moment
    assert binding.last_active_at > binding.created_at


async def test_list_bindings_in_binding_order(store: Store, clock: ManualClock) -> None:
    for user, key in ((30, "c"), (10, "a"), (20, "b")):
        await store.bind(user, key, f"user {user}")
        clock.advance(1)

    assert [b.tg_user_id for b in await store.list_bindings()] == [30, 10, 20]


async def test_bindings_survive_a_restart(store: Store) -> None:
    await store.bind(111, "42", "Иван Петров", role=Role.ADMIN)
    await store.close()

    async with Store(store.path) as reopened:
        binding = await reopened.get_binding(111)

    assert binding is not None
    assert (binding.display_name, binding.role) == ("Иван Петров", Role.ADMIN)


async def test_take_over_moves_the_employee_in_one_step(store: Store) -> None:
    await store.bind(1, "e1", "One")
    moved, previous = await store.take_over(2, "e1", "Two")
    assert (moved.tg_user_id, previous) == (2, 1)
    assert await store.get_binding(1) is None  # the copy in memory follows the move
    assert await store.binding_for_employee("e1") == moved


async def test_take_over_never_unbinds_the_last_admin(store: Store) -> None:
    admin = await store.bind(1, "e1", "Admin", role=Role.ADMIN)
    with pytest.raises(WouldLeaveNoAdmin):
        await store.take_over(2, "e1", "Two")
    with pytest.raises(WouldLeaveNoAdmin):
        await store.check_take_over(2, "e1", Role.STAFF, frozenset())
    assert await store.get_binding(1) == admin and await store.get_binding(2) is None
    # an admin by ADMIN_IDS remains, or the newcomer is an admin: the move may go ahead
    await store.check_take_over(2, "e1", Role.STAFF, frozenset({99}))
    moved, previous = await store.take_over(2, "e1", "Two", Role.ADMIN)
    assert previous == 1 and moved.role is Role.ADMIN


async def test_an_admins_unbinding_is_remembered_until_bound_again(store: Store) -> None:
    await store.bind(1, "e1", "One")
    assert await store.unbind(1, revoked_by=9)
    assert await store.is_revoked(1)
    await store.bind(1, "e1", "One")
    assert not await store.is_revoked(1)
    await store.unbind(1)  # not an admin's decision (e.g. the user left): nothing kept
    assert not await store.is_revoked(1)


async def test_the_copy_in_memory_follows_every_write(store: Store, clock: ManualClock) -> None:
    await store.bind(1, "e1", "One")
    assert (await store.get_binding(1)) is not None
    await store.set_role(1, Role.ADMIN)
    assert (b := await store.get_binding(1)) is not None and b.role is Role.ADMIN
    await store.set_status(1, BindingStatus.SUSPENDED)
    assert (b := await store.get_binding(1)) is not None and not b.is_active
    clock.advance(60)
    await store.touch(1)
    assert (b := await store.get_binding(1)) is not None and b.last_active_at == clock.moment
    await store.unbind(1)
    assert await store.get_binding(1) is None
