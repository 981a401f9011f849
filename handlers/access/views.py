"""Texts of staff access: /whoami, access requests, the staff list and a binding card."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from zoneinfo import ZoneInfo

from bot.crm.models import Employee
from bot.i18n import Html, Translator
from bot.phones import format_phone
from bot.staff.identity import Identity
from bot.store import AccessRequest, Binding, RequestStatus, Role
from handlers.ui.views import when


def _role(i18n: Translator, binding: Binding, config_admins: Collection[int] = ()) -> Html:
    """Suspended, admin (by role, or by ADMIN_IDS) or staff."""
    if not binding.is_active:
        return i18n("role.suspended")
    admin = binding.role is Role.ADMIN or binding.tg_user_id in config_admins
    return i18n("role.admin") if admin else i18n("role.staff")


def whoami(i18n: Translator, who: Identity, employee: Employee | None) -> Html:
    lines = [i18n("whoami.id", id=who.user_id)]
    binding = who.binding
    if binding is None:
        lines.append(i18n("whoami.unbound"))
        if who.is_admin:
            lines.append(i18n("whoami.config_admin"))
        return Html("\n".join(lines))
    name = employee.name if employee is not None else binding.employee_key
    lines.append(i18n("whoami.employee", employee=name))
    admins = {who.user_id} if who.is_admin else set()
    lines.append(i18n("whoami.role", role=_role(i18n, binding, admins)))
    if not binding.is_active:
        lines.append(i18n("access.suspended"))
    elif who.is_admin and binding.role is not Role.ADMIN:
        lines.append(i18n("whoami.config_admin"))  # admin by ADMIN_IDS: said, and shown
    return Html("\n".join(lines))


def request_card(i18n: Translator, request: AccessRequest, employee_name: str | None) -> Html:
    """What admins see of an access request, with its outcome once decided."""
    username = f"@{request.username}" if request.username else "—"
    phone = format_phone(request.phone) if request.phone else "—"
    lines = [
        i18n("request.title"),
        i18n("request.who", name=request.full_name, username=username, id=request.tg_user_id),
        i18n("request.phone", phone=phone),
    ]
    decider = request.decided_by_name or str(request.decided_by)
    if request.status is RequestStatus.APPROVED:
        lines.append(i18n("request.approved", admin=decider, employee=employee_name or "?"))
    elif request.status is RequestStatus.REJECTED:
        lines.append(i18n("request.rejected", admin=decider))
    elif request.status is RequestStatus.EXPIRED:
        lines.append(i18n("request.expired"))
    return Html("\n".join(lines))


def staff_list(
    i18n: Translator,
    bindings: Sequence[Binding],
    names: dict[str, str],
    tz: ZoneInfo,
    page: int,
    pages: int,
    config_admins: Collection[int],
) -> Html:
    lines = [i18n("staff.title", count=len(bindings))]
    if pages > 1:
        lines.append(i18n("nav.page", page=page + 1, pages=pages))
    for b in bindings:
        lines.append(
            i18n(
                "staff.line",
                name=b.display_name,
                employee=names.get(b.employee_key, b.employee_key),
                role=_role(i18n, b, config_admins),
                since=when(b.created_at, tz),
                seen=when(b.last_active_at, tz),
            )
        )
    if not bindings:
        lines.append(i18n("staff.empty"))
    return Html("\n".join(lines))


def binding_card(
    i18n: Translator, b: Binding, employee: str, tz: ZoneInfo, config_admins: Collection[int]
) -> Html:
    return i18n(
        "staff.card",
        name=b.display_name,
        id=b.tg_user_id,
        employee=employee,
        role=_role(i18n, b, config_admins),
        since=when(b.created_at, tz),
        seen=when(b.last_active_at, tz),
    )
