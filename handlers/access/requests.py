"""Admins decide access requests: approve as an employee (picked from the CRM's list, or
typed as its CRM id where the CRM gives no list), or reject.

The first admin's decision wins; every admin's copy of the request then shows who decided.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ErrorEvent, InlineKeyboardMarkup, Message

from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.errors import AlreadyDecided
from bot.staff.requests import Approval
from bot.store import AccessRequest
from handlers.access import views
from handlers.access.typed import ANSWER, TypingId, ask_id, read_id
from handlers.middlewares.gate import ADMIN
from handlers.ui.callbacks import ApproveAs, PickForRequest, RejectRequest
from handlers.ui.keyboards import button, employee_picker
from handlers.ui.notify import alert, edit, send, tell_displaced


async def pick(
    query: CallbackQuery,
    callback_data: PickForRequest,
    state: FSMContext,
    i18n: Translator,
    access: Access,
    crm_name: str,
) -> None:
    request = await access.pending_request(callback_data.req)
    reject = button(i18n("request.reject"), RejectRequest(req=request.id))
    card = views.request_card(i18n, request, None) + "\n\n"
    if access.directory.listed:
        card += i18n("request.pick")
        markup = employee_picker(
            i18n,
            (await access.employees()).employees,
            callback_data.page,
            choose=lambda e: ApproveAs(req=request.id, emp=e.key),
            turn=lambda p: PickForRequest(req=request.id, page=p),
            extra=[reject],
            bound=await access.bound_keys(),
        )
    else:
        card += await ask_id(state, TypingId.request, i18n, crm_name, req=request.id)
        markup = InlineKeyboardMarkup(inline_keyboard=[[reject]])
    if query.message is not None:
        await edit(query.bot, query.message.chat.id, query.message.message_id, card, markup)
    await query.answer()


async def approve(
    query: CallbackQuery,
    callback_data: ApproveAs,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
) -> None:
    admin = query.from_user
    approval = await access.approve(callback_data.req, admin.id, admin.full_name, callback_data.emp)
    await query.answer(i18n("request.done"))
    await _announce(query.bot, team_i18n, access, approval)


async def typed_id(
    message: Message, state: FSMContext, team_i18n: Translator, i18n: Translator, access: Access
) -> None:
    """The id typed after "Approve as…" on a CRM that gives no employee list."""
    employee = await read_id(message, message.text or "", i18n, access)
    if employee is None:
        return
    request_id = (await state.get_data()).get("req")
    await state.clear()
    admin = message.from_user
    assert admin is not None and isinstance(request_id, int)
    approval = await access.approve(request_id, admin.id, admin.full_name, employee.key)
    await message.answer(views.request_card(i18n, approval.request, approval.employee.name))
    await _announce(message.bot, team_i18n, access, approval)


async def _announce(bot: Bot | None, team_i18n: Translator, access: Access, a: Approval) -> None:
    """Every admin's copy shows the approval; the user and whoever held the employee hear."""
    await _show_outcome(bot, team_i18n, access, a.request, a.employee.name)
    await send(bot, a.request.tg_user_id, team_i18n("access.approved", employee=a.employee.name))
    await tell_displaced(bot, team_i18n, a.displaced)


async def reject(
    query: CallbackQuery,
    callback_data: RejectRequest,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
    state: FSMContext,
) -> None:
    admin = query.from_user
    if await state.get_state() == TypingId.request.state:  # no id to wait for any more
        await state.clear()
    request = await access.reject(callback_data.req, admin.id, admin.full_name)
    await query.answer(i18n("request.done"))
    await _show_outcome(query.bot, team_i18n, access, request, None)
    await send(query.bot, request.tg_user_id, team_i18n("access.rejected"))


async def _show_outcome(
    bot: Bot | None, i18n: Translator, access: Access, request: AccessRequest, employee: str | None
) -> None:
    card = views.request_card(i18n, request, employee)
    for chat_id, message_id in await access.request_messages(request.id):
        await edit(bot, chat_id, message_id, card)


async def already_decided(
    event: ErrorEvent, i18n: Translator, team_i18n: Translator, access: Access
) -> None:
    """Another admin was first: say who, and show this admin the outcome too."""
    exc = event.exception
    query = event.update.callback_query
    assert isinstance(exc, AlreadyDecided) and query is not None
    request = exc.request
    by = request.decided_by_name or str(request.decided_by)
    await alert(query, i18n("request.already", admin=by))
    key = request.employee_key
    employee = await access.name_of(key) if key is not None else None
    if query.message is not None:
        card = views.request_card(team_i18n, request, employee)
        await edit(query.bot, query.message.chat.id, query.message.message_id, card)


def router() -> Router:
    r = Router(name="requests")
    r.callback_query.register(pick, PickForRequest.filter(), flags=ADMIN)
    r.callback_query.register(approve, ApproveAs.filter(), flags=ADMIN)
    r.callback_query.register(reject, RejectRequest.filter(), flags=ADMIN)
    r.message.register(typed_id, TypingId.request, *ANSWER, flags=ADMIN)
    # a typed approval that came second is answered by the central handler
    r.errors.register(already_decided, ExceptionTypeFilter(AlreadyDecided), F.update.callback_query)
    return r
