"""Admins decide access requests: approve as an employee (picked from the CRM), or reject.

The first admin's decision wins; every admin's copy of the request then shows who decided.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent

from bot.crm.capabilities import Capability as C
from bot.i18n import Translator
from bot.staff.access import Access
from bot.staff.errors import AlreadyDecided
from bot.store import AccessRequest
from handlers.access import views
from handlers.middlewares.gate import ADMIN, needs
from handlers.ui.callbacks import ApproveAs, PickForRequest, RejectRequest
from handlers.ui.keyboards import button, employee_picker
from handlers.ui.notify import alert, edit, send, tell_displaced


async def pick(
    query: CallbackQuery, callback_data: PickForRequest, i18n: Translator, access: Access
) -> None:
    request = await access.pending_request(callback_data.req)
    snapshot = await access.employees()
    markup = employee_picker(
        i18n,
        snapshot.employees,
        callback_data.page,
        choose=lambda e: ApproveAs(req=request.id, emp=e.key),
        turn=lambda p: PickForRequest(req=request.id, page=p),
        extra=[button(i18n("request.reject"), RejectRequest(req=request.id))],
        bound=await access.bound_keys(),
    )
    if query.message is not None:
        card = views.request_card(i18n, request, None) + "\n\n" + i18n("request.pick")
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
    await _show_outcome(query.bot, team_i18n, access, approval.request, approval.employee.name)
    await send(
        query.bot,
        approval.request.tg_user_id,
        team_i18n("access.approved", employee=approval.employee.name),
    )
    await tell_displaced(query.bot, team_i18n, approval.displaced)


async def reject(
    query: CallbackQuery,
    callback_data: RejectRequest,
    i18n: Translator,
    team_i18n: Translator,
    access: Access,
) -> None:
    admin = query.from_user
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
    employee = None
    if request.employee_key is not None:
        found = (await access.employees()).get(request.employee_key)
        employee = found.name if found is not None else request.employee_key
    if query.message is not None:
        card = views.request_card(team_i18n, request, employee)
        await edit(query.bot, query.message.chat.id, query.message.message_id, card)


def router() -> Router:
    r = Router(name="requests")
    r.callback_query.register(pick, PickForRequest.filter(), flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    r.callback_query.register(approve, ApproveAs.filter(), flags=needs(C.LIST_EMPLOYEES, **ADMIN))
    r.callback_query.register(reject, RejectRequest.filter(), flags=ADMIN)
    r.errors.register(already_decided, ExceptionTypeFilter(AlreadyDecided))
    return r
