"""`/staff`: the admins' list of bindings, and for each: role, unbind, change employee
(picked from the CRM's list, or typed as its CRM id where the CRM gives no list)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.crm.protocol import CRM
from bot.i18n import Html, Translator
from bot.staff.access import Access
from bot.staff.errors import NotStaff
from bot.store import Binding, Role
from handlers.access import views
from handlers.access.typed import ANSWER, TypingId, ask_id, read_id
from handlers.core.menu import set_menu_for
from handlers.middlewares.gate import ADMIN
from handlers.ui.callbacks import StaffAction, StaffOpen, StaffPage, StaffPickPage, StaffSetEmployee
from handlers.ui.keyboards import button, employee_picker, nav_row, paged
from handlers.ui.links import command_link
from handlers.ui.notify import edit, send, tell_displaced


async def _list(
    i18n: Translator, access: Access, settings: Settings, page: int
) -> tuple[Html, InlineKeyboardMarkup]:
    bindings = sorted(await access.store.list_bindings(), key=lambda b: b.display_name.casefold())
    chunk, page, last = paged(bindings, page)
    names = {b.employee_key: await access.name_of(b.employee_key) for b in chunk}
    text = views.staff_list(i18n, chunk, names, settings.tz, page, last + 1, access.config_admins)
    rows = [[button(b.display_name, StaffOpen(uid=b.tg_user_id))] for b in chunk]
    nav = nav_row(i18n, page, last, lambda p: StaffPage(page=p))
    if nav:
        rows.append(nav)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def staff(message: Message, i18n: Translator, access: Access, settings: Settings) -> None:
    text, markup = await _list(i18n, access, settings, 0)
    await message.answer(text, reply_markup=markup)


async def turn(
    query: CallbackQuery,
    callback_data: StaffPage,
    i18n: Translator,
    access: Access,
    settings: Settings,
) -> None:
    text, markup = await _list(i18n, access, settings, callback_data.page)
    await _show(query, text, markup)


async def open_card(
    query: CallbackQuery,
    callback_data: StaffOpen,
    i18n: Translator,
    access: Access,
    settings: Settings,
) -> None:
    binding = await access.store.get_binding(callback_data.uid)
    if binding is None:
        raise NotStaff(str(callback_data.uid))
    await _show(query, *await _card(i18n, access, settings, binding))


async def _card(
    i18n: Translator, access: Access, settings: Settings, b: Binding
) -> tuple[Html, InlineKeyboardMarkup]:
    name = await access.name_of(b.employee_key)
    text = views.binding_card(i18n, b, name, settings.tz, access.config_admins)
    uid = b.tg_user_id
    role = (
        button(i18n("staff.make_staff"), StaffAction(uid=uid, act="staff"))
        if b.role is Role.ADMIN
        else button(i18n("staff.make_admin"), StaffAction(uid=uid, act="admin"))
    )
    rows = [
        [role],
        [button(i18n("staff.change_employee"), StaffPickPage(uid=uid))],
        [button(i18n("staff.unbind"), StaffAction(uid=uid, act="unbind"))],
        [button(i18n("staff.back"), StaffPage())],
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def act(
    query: CallbackQuery,
    callback_data: StaffAction,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
    settings: Settings,
    crm: CRM,
) -> None:
    admin, uid = query.from_user.id, callback_data.uid
    if callback_data.act == "unbind":
        binding = await access.store.get_binding(uid)
        if binding is None:
            raise NotStaff(str(uid))
        confirm = InlineKeyboardMarkup(
            inline_keyboard=[
                [button(i18n("staff.unbind_yes"), StaffAction(uid=uid, act="unbind_yes"))],
                [button(i18n("staff.back"), StaffOpen(uid=uid))],
            ]
        )
        await _show(query, i18n("staff.unbind_confirm", name=binding.display_name), confirm)
        return
    if callback_data.act == "unbind_yes":
        gone = await access.unbind(admin, uid)
        await send(query.bot, uid, team_i18n("access.unbound"))
        await _sync_menu(query.bot, team_i18n, crm, access, uid)
        text, markup = await _list(i18n, access, settings, 0)
        await _show(query, i18n("staff.unbound", name=gone.display_name) + "\n\n" + text, markup)
        return
    if callback_data.act not in ("admin", "staff"):
        await query.answer()
        return
    updated = await access.set_role(admin, uid, Role(callback_data.act))
    await _sync_menu(query.bot, team_i18n, crm, access, uid)
    await _show(query, *await _card(i18n, access, settings, updated))


async def pick(
    query: CallbackQuery,
    callback_data: StaffPickPage,
    state: FSMContext,
    i18n: Translator,
    access: Access,
    crm_name: str,
) -> None:
    uid = callback_data.uid
    back = button(i18n("staff.back"), StaffOpen(uid=uid))
    if not access.directory.listed:
        question = await ask_id(state, TypingId.staff, i18n, crm_name, uid=uid)
        await _show(query, question, InlineKeyboardMarkup(inline_keyboard=[[back]]))
        return
    markup = employee_picker(
        i18n,
        (await access.employees()).employees,
        callback_data.page,
        choose=lambda e: StaffSetEmployee(uid=uid, emp=e.key),
        turn=lambda p: StaffPickPage(uid=uid, page=p),
        extra=[back],
        bound=await access.bound_keys(),
    )
    await _show(query, i18n("staff.pick_employee"), markup)


async def set_employee(
    query: CallbackQuery,
    callback_data: StaffSetEmployee,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
    settings: Settings,
) -> None:
    card = await _change(
        query.bot,
        i18n,
        team_i18n,
        access,
        settings,
        query.from_user.id,
        callback_data.uid,
        callback_data.emp,
    )
    await _show(query, *card)


async def typed_id(
    message: Message,
    state: FSMContext,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
    settings: Settings,
) -> None:
    """The id typed after "Change employee" on a CRM that gives no employee list."""
    employee = await read_id(message, message.text or "", i18n, access)
    if employee is None:
        return
    uid = (await state.get_data()).get("uid")
    await state.clear()
    assert message.from_user is not None and isinstance(uid, int)
    text, markup = await _change(
        message.bot, i18n, team_i18n, access, settings, message.from_user.id, uid, employee.key
    )
    await message.answer(text, reply_markup=markup)


async def _change(
    bot: Bot | None,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
    settings: Settings,
    admin_id: int,
    uid: int,
    employee_key: str,
) -> tuple[Html, InlineKeyboardMarkup]:
    """Bind `uid` to the employee, tell them (and whoever held it); their card."""
    updated, displaced = await access.change_employee(admin_id, uid, employee_key)
    employee = await access.employee(updated.employee_key)
    await send(bot, updated.tg_user_id, team_i18n("access.bound", employee=employee.name))
    await tell_displaced(bot, team_i18n, displaced)
    return await _card(i18n, access, settings, updated)


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if query.message is not None:
        await edit(query.bot, query.message.chat.id, query.message.message_id, text, markup)
    await query.answer()


async def _sync_menu(bot: Bot | None, i18n: Translator, crm: CRM, access: Access, uid: int) -> None:
    if bot is not None:
        is_admin = uid in await access.admins()
        await set_menu_for(bot, i18n, crm.capabilities, uid, admin=is_admin)


def router() -> Router:
    r = Router(name="staff")
    r.message.register(staff, Command("staff"), flags=ADMIN)
    r.message.register(staff, command_link("staff"), flags=ADMIN)
    r.callback_query.register(turn, StaffPage.filter(), flags=ADMIN)
    r.callback_query.register(open_card, StaffOpen.filter(), flags=ADMIN)
    r.callback_query.register(act, StaffAction.filter(), flags=ADMIN)
    r.callback_query.register(pick, StaffPickPage.filter(), flags=ADMIN)
    r.callback_query.register(set_employee, StaffSetEmployee.filter(), flags=ADMIN)
    r.message.register(typed_id, TypingId.staff, *ANSWER, flags=ADMIN)
    return r
