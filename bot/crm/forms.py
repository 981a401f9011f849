"""Forms that adapters describe: what creating a record asks for, field by field.

CRMs differ most in what a new record needs (a lead on Go-CRM needs a city, a centre, a
child's and a parent's name and a birthday; a deal on 5CRM a funnel, a stage and up to 50
custom fields). An adapter describes each create operation it offers as a `Form`: ordered
fields, each with a kind the bot knows how to read and check, whether it may be skipped,
its limits, and its words in both languages. One dialog (`handlers/forms`) runs any form
and hands the answers, read and normalised, to the adapter's create operation.

Answers are strings: a phone in E.164, an e-mail in lower case, a date as `YYYY-MM-DD`, a
moment as an ISO date-time with its offset, a number as digits, a choice as its id.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bot.crm.capabilities import Capability

Answers = Mapping[str, str]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Creation(StrEnum):
    """What a form creates; each is one command and one capability."""

    LEAD = "lead"
    DEAL = "deal"
    TASK = "task"
    CONTACT = "contact"
    COMPANY = "company"

    @property
    def capability(self) -> Capability:
        return CREATES[self]


CREATES: dict[Creation, Capability] = {
    Creation.LEAD: Capability.CREATE_LEAD,
    Creation.DEAL: Capability.CREATE_DEAL,
    Creation.TASK: Capability.CREATE_TASK,
    Creation.CONTACT: Capability.CREATE_CONTACT,
    Creation.COMPANY: Capability.CREATE_COMPANY,
}


class FieldKind(StrEnum):
    TEXT = "text"
    NAME = "name"  # a person's name: a text with at least one letter
    PHONE = "phone"  # read with phonenumbers, kept as E.164
    EMAIL = "email"
    DATE = "date"  # typed as 18.11.2019 or 2019-11-18
    MOMENT = "moment"  # a due date and time, read like the task dialog, in TIMEZONE
    NUMBER = "number"  # a whole amount, ≥ 0
    CHOICE = "choice"  # one of a list the adapter loads (`CRM.form_choices`)


class Label(_Model):
    """Words in both of the bot's languages."""

    ru: str
    en: str

    def __call__(self, language: str) -> str:
        return self.ru if language == "ru" else self.en


class FormField(_Model):
    key: str  # the answer's name, as the adapter's create operation reads it
    kind: FieldKind
    ask: Label  # the question
    label: Label  # its name in the summary
    required: bool = False
    max_length: int | None = None  # characters, as the API allows
    depends_on: str | None = None  # a CHOICE whose list depends on this earlier answer


class Form(_Model):
    creates: Creation
    title: Label  # "Новый лид": the first question's opening and the summary's heading
    fields: tuple[FormField, ...]
    one_of: tuple[str, ...] = ()  # at least one of these fields must be answered
    one_of_missing: Label | None = None  # said when none of them is
    cancelled: Label  # said when the dialog is left from its summary
    done: Label | None = None  # the confirmation's opening ("Сделка отправлена в CRM")

    def field(self, key: str) -> FormField | None:
        return next((f for f in self.fields if f.key == key), None)

    def position(self, key: str) -> int:
        """Where the field `key` is in the form (-1 when it is not)."""
        return next((i for i, f in enumerate(self.fields) if f.key == key), -1)

    def after(self, key: str) -> FormField | None:
        keys = [f.key for f in self.fields]
        index = keys.index(key) + 1 if key in keys else len(keys)
        return self.fields[index] if index < len(keys) else None


class Choice(_Model):
    id: str
    name: str


LEAD_FORM = Form(
    creates=Creation.LEAD,
    title=Label(ru="Новый лид", en="New lead"),
    fields=(
        FormField(
            key="name",
            kind=FieldKind.NAME,
            ask=Label(ru="Как зовут клиента?", en="What is the client's name?"),
            label=Label(ru="Имя", en="Name"),
            max_length=100,
        ),
        FormField(
            key="phone",
            kind=FieldKind.PHONE,
            ask=Label(ru="Телефон клиента?", en="The client's phone?"),
            label=Label(ru="Телефон", en="Phone"),
        ),
        FormField(
            key="email",
            kind=FieldKind.EMAIL,
            ask=Label(ru="E-mail клиента?", en="The client's e-mail?"),
            label=Label(ru="E-mail", en="E-mail"),
        ),
        FormField(
            key="comment",
            kind=FieldKind.TEXT,
            ask=Label(ru="Комментарий к лиду?", en="A comment on the lead?"),
            label=Label(ru="Комментарий", en="Comment"),
            max_length=2000,
        ),
    ),
    one_of=("phone", "email"),
    one_of_missing=Label(
        ru="Нужен хотя бы телефон или e-mail, иначе лид не найти.",
        en="A phone or an e-mail is needed, or the lead cannot be found.",
    ),
    cancelled=Label(
        ru="Лид не создан: диалог отменён.", en="No lead was created: the dialog was cancelled."
    ),
)
"""The lead of a CRM whose adapter describes none of its own: `NewLead`'s fields."""
