"""What creating each 5CRM record asks for, as forms (`bot.crm.forms`), with the API's
limits: 255 characters for most strings, 500 for a lead's or deal's description, 1000
for a task's, whole numbers for amounts. The deal's custom fields `f_1`…`f_50` come from
`public/deal/get-custom-fields` and are added at the end, each one skippable."""

from __future__ import annotations

from collections.abc import Sequence

from bot.crm.forms import LEAD_FORM, Creation, FieldKind, Form, FormField, Label

MAX = 255


def _field(
    key: str, kind: FieldKind, ask: tuple[str, str], label: tuple[str, str], **more: object
) -> FormField:
    return FormField(
        key=key,
        kind=kind,
        ask=Label(ru=ask[0], en=ask[1]),
        label=Label(ru=label[0], en=label[1]),
        **more,
    )


def _cancelled(ru: str, en: str) -> Label:
    """ "Сделка не создана", "deal" → the words for a form left from its summary."""
    return Label(ru=f"{ru}: диалог отменён.", en=f"No {en} was created: the dialog was cancelled.")


PHONE = _field(
    "phone",
    FieldKind.PHONE,
    ("Телефон клиента?", "The client's phone?"),
    ("Телефон", "Phone"),
    max_length=MAX,
)
EMAIL = _field(
    "email",
    FieldKind.EMAIL,
    ("E-mail клиента?", "The client's e-mail?"),
    ("E-mail", "E-mail"),
    max_length=MAX,
)
AMOUNT = _field(
    "sum",
    FieldKind.NUMBER,
    ("Сумма, ₽ (целое число)?", "The amount (a whole number)?"),
    ("Сумма", "Amount"),
)

LEAD = LEAD_FORM.model_copy(
    update={
        "fields": (
            LEAD_FORM.fields[0].model_copy(update={"max_length": MAX}),
            PHONE,
            EMAIL,
            LEAD_FORM.fields[3].model_copy(update={"max_length": 500}),
            AMOUNT,
        )
    }
)


def deal_form(custom: Sequence[tuple[str, str]]) -> Form:
    """The deal: funnel, stage, name, client and contacts, amount, comment, then the
    account's custom fields (`custom`: field → its name in the CRM)."""
    fields = [
        _field("funnel_id", FieldKind.CHOICE, ("Воронка?", "The funnel?"), ("Воронка", "Funnel")),
        _field(
            "stage_id",
            FieldKind.CHOICE,
            ("Этап?", "The stage?"),
            ("Этап", "Stage"),
            depends_on="funnel_id",
        ),
        _field(
            "name",
            FieldKind.TEXT,
            ("Название сделки?", "The deal's name?"),
            ("Название", "Name"),
            max_length=MAX,
            required=True,
        ),
        _field(
            "client_name",
            FieldKind.NAME,
            ("Как зовут клиента?", "The client's name?"),
            ("Клиент", "Client"),
            max_length=MAX,
        ),
        PHONE,
        EMAIL,
        AMOUNT,
        _field(
            "comment",
            FieldKind.TEXT,
            ("Комментарий к сделке?", "A comment on the deal?"),
            ("Комментарий", "Comment"),
            max_length=MAX,
        ),
    ]
    fields += [
        _field(key, FieldKind.TEXT, (f"{name}?", f"{name}?"), (name, name), max_length=MAX)
        for key, name in custom
    ]
    return Form(
        creates=Creation.DEAL,
        title=Label(ru="Новая сделка", en="New deal"),
        fields=tuple(fields),
        cancelled=_cancelled("Сделка не создана", "deal"),
        done=Label(ru="Сделка отправлена в CRM", en="The deal was sent to the CRM"),
    )


TASK = Form(
    creates=Creation.TASK,
    title=Label(ru="Новая задача", en="New task"),
    fields=(
        _field(
            "name",
            FieldKind.TEXT,
            ("Что нужно сделать?", "What is to be done?"),
            ("Задача", "Task"),
            max_length=MAX,
            required=True,
        ),
        _field(
            "date_expired",
            FieldKind.MOMENT,
            ("Срок: когда?", "Due when?"),
            ("Срок", "Due"),
            required=True,
        ),
        _field(
            "description",
            FieldKind.TEXT,
            ("Подробности?", "Details?"),
            ("Подробности", "Details"),
            max_length=1000,
        ),
    ),
    cancelled=_cancelled("Задача не создана", "task"),
    done=Label(ru="Задача поставлена вам в CRM", en="The task was set for you in the CRM"),
)

CONTACT = Form(
    creates=Creation.CONTACT,
    title=Label(ru="Новый контакт", en="New contact"),
    fields=(
        _field(
            "name",
            FieldKind.NAME,
            ("Имя?", "First name?"),
            ("Имя", "First name"),
            max_length=MAX,
            required=True,
        ),
        _field(
            "surname",
            FieldKind.NAME,
            ("Фамилия?", "Last name?"),
            ("Фамилия", "Last name"),
            max_length=MAX,
        ),
        _field(
            "phone", FieldKind.PHONE, ("Телефон?", "Phone?"), ("Телефон", "Phone"), max_length=MAX
        ),
        _field(
            "email", FieldKind.EMAIL, ("E-mail?", "E-mail?"), ("E-mail", "E-mail"), max_length=MAX
        ),
        _field(
            "position",
            FieldKind.TEXT,
            ("Должность?", "Job title?"),
            ("Должность", "Job title"),
            max_length=MAX,
        ),
    ),
    cancelled=_cancelled("Контакт не создан", "contact"),
    done=Label(ru="Контакт отправлен в CRM", en="The contact was sent to the CRM"),
)

COMPANY = Form(
    creates=Creation.COMPANY,
    title=Label(ru="Новая компания", en="New company"),
    fields=(
        _field(
            "name",
            FieldKind.TEXT,
            ("Название компании?", "The company's name?"),
            ("Название", "Name"),
            max_length=MAX,
            required=True,
        ),
        _field(
            "phone", FieldKind.PHONE, ("Телефон?", "Phone?"), ("Телефон", "Phone"), max_length=MAX
        ),
        _field(
            "email", FieldKind.EMAIL, ("E-mail?", "E-mail?"), ("E-mail", "E-mail"), max_length=MAX
        ),
        _field("city", FieldKind.TEXT, ("Город?", "City?"), ("Город", "City"), max_length=MAX),
        _field(
            "website", FieldKind.TEXT, ("Сайт?", "Website?"), ("Сайт", "Website"), max_length=MAX
        ),
    ),
    cancelled=_cancelled("Компания не создана", "company"),
    done=Label(ru="Компания отправлена в CRM", en="The company was sent to the CRM"),
)
