"""The shared wire types on the habits vendors really have."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import Field, ValidationError

from bot.crm.wire_types import (
    Flag,
    Id,
    Int,
    KeyedList,
    LocalDateTime,
    MaybeObject,
    NextOffset,
    NullList,
    OneOrMany,
    OptId,
    Text,
    WireModel,
    wire_context,
)

MSK = ZoneInfo("Europe/Moscow")


class Item(WireModel):
    id: Id


class Sample(WireModel):
    id: Id = "x"
    parent: OptId = None
    text: Text = None
    flag: Flag = False
    count: Int = 0
    offset: NextOffset = None
    items: NullList[Item] = Field(default_factory=list)
    keyed: KeyedList[Item] = Field(default_factory=list)
    many: OneOrMany[Item] = Field(default_factory=list)
    maybe: MaybeObject[Item] = None
    at: LocalDateTime = None


def load(**data: object) -> Sample:
    return Sample.model_validate(data, context=wire_context(MSK))


@pytest.mark.parametrize("raw", ["2119", 2119, " 2119 "])
def test_ids_as_text_or_number(raw: object) -> None:
    assert load(id=raw).id == "2119"


@pytest.mark.parametrize("raw", [True, None, "", 1.5, {}])
def test_bad_ids_are_refused(raw: object) -> None:
    with pytest.raises(ValidationError):
        load(id=raw)


@pytest.mark.parametrize("raw", ["0", 0, "", None])
def test_zero_and_empty_ids_are_none(raw: object) -> None:
    assert load(parent=raw).parent is None


def test_optional_id_keeps_real_value() -> None:
    assert load(parent=182).parent == "182"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), (1, True), ("0", False), (0, False), (None, False), (True, True)],
)
def test_flags(raw: object, expected: bool) -> None:
    assert load(flag=raw).flag is expected


def test_count_as_string_or_number() -> None:
    assert load(count="5885").count == 5885
    assert load(count=1).count == 1


@pytest.mark.parametrize(("raw", "expected"), [(-1, None), ("-1", None), (None, None), (3, 3)])
def test_offset_minus_one_means_no_next_page(raw: object, expected: int | None) -> None:
    assert load(offset=raw).offset == expected


def test_text_empty_is_none_and_numbers_are_text() -> None:
    assert load(text="").text is None
    assert load(text=79991234567).text == "79991234567"


def test_null_list_is_empty() -> None:
    assert load(items=None).items == []


def test_object_keyed_by_id_becomes_list() -> None:
    got = load(keyed={"15017": {"id": "15017"}, "15018": {"id": 15018}})
    assert [i.id for i in got.keyed] == ["15017", "15018"]
    assert [i.id for i in load(keyed=[{"id": 1}]).keyed] == ["1"]


def test_single_object_or_list_or_null() -> None:
    assert [i.id for i in load(many={"id": 5}).many] == ["5"]
    assert [i.id for i in load(many=[{"id": 5}, {"id": 6}]).many] == ["5", "6"]
    assert load(many=None).many == []


@pytest.mark.parametrize("raw", [None, [], {}, ""])
def test_empty_object_forms_are_none(raw: object) -> None:
    assert load(maybe=raw).maybe is None


def test_local_datetime_is_read_in_the_crm_zone() -> None:
    at = load(at="2017-12-02 17:50:39").at
    assert at == datetime(2017, 12, 2, 14, 50, 39, tzinfo=UTC)
    assert at is not None and at.utcoffset() is not None


@pytest.mark.parametrize("raw", ["0000-00-00 00:00:00", "0000-00-00", "", None])
def test_zero_dates_are_none(raw: object) -> None:
    assert load(at=raw).at is None


def test_garbage_datetime_is_refused() -> None:
    with pytest.raises(ValidationError):
        load(at="yesterday")
