"""Go-CRM's lead as a form: the city and its centre (buttons), the child's name, the
parent's full name, a phone, the child's birthday, an e-mail and a comment. The API
requires `name`, `phone`, `center_id` and `birthday`."""

from __future__ import annotations

from bot.crm.forms import Creation, FieldKind, Form, FormField, Label

POSITIONS = {"2": "Директор", "3": "Администратор", "4": "Инструктор"}


def _field(
    key: str, kind: FieldKind, ask: Label, label: Label, **more: bool | str | int
) -> FormField:
    return FormField(key=key, kind=kind, ask=ask, label=label, **more)


LEAD = Form(
    creates=Creation.LEAD,
    title=Label(ru="Новая заявка", en="New lead"),
    fields=(
        _field(
            "city",
            FieldKind.CHOICE,
            Label(ru="Город?", en="The city?"),
            Label(ru="Город", en="City"),
            required=True,
        ),
        _field(
            "center_id",
            FieldKind.CHOICE,
            Label(ru="Какой центр?", en="Which centre?"),
            Label(ru="Центр", en="Centre"),
            required=True,
            depends_on="city",
        ),
        _field(
            "name",
            FieldKind.NAME,
            Label(ru="Имя ребёнка?", en="The child's name?"),
            Label(ru="Имя ребёнка", en="Child"),
            required=True,
            max_length=255,
        ),
        _field(
            "fio",
            FieldKind.NAME,
            Label(ru="ФИО родителя?", en="The parent's full name?"),
            Label(ru="Родитель", en="Parent"),
            max_length=255,
        ),
        _field(
            "phone",
            FieldKind.PHONE,
            Label(ru="Телефон?", en="Phone?"),
            Label(ru="Телефон", en="Phone"),
            required=True,
        ),
        _field(
            "birthday",
            FieldKind.DATE,
            Label(ru="Дата рождения ребёнка?", en="The child's birthday?"),
            Label(ru="Дата рождения", en="Birthday"),
            required=True,
        ),
        _field(
            "email",
            FieldKind.EMAIL,
            Label(ru="E-mail?", en="E-mail?"),
            Label(ru="E-mail", en="E-mail"),
            max_length=255,
        ),
        _field(
            "comment",
            FieldKind.TEXT,
            Label(ru="Комментарий?", en="A comment?"),
            Label(ru="Комментарий", en="Comment"),
            max_length=1000,
        ),
    ),
    cancelled=Label(
        ru="Заявка не создана: диалог отменён.", en="No lead was created: the dialog was cancelled."
    ),
)
