"""``assert_shape``: a response has exactly the reference example's keys and id typing."""

from __future__ import annotations

from typing import Any

from tests.sandbox.reference import ANY_KEY, LOST


def assert_shape(actual: Any, example: Any, where: str = "$") -> None:
    """Same keys at every level; strings where the example has strings, numbers where numbers.

    ``None`` is accepted for any typed value (nullable fields); lists must not be empty where
    the example shows items, so a test must pick data that fills them.
    """
    if example is LOST or example is None:
        return
    if isinstance(example, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        if list(example) == [ANY_KEY]:
            assert actual, f"{where}: expected a non-empty object keyed by id"
            for key, value in actual.items():
                assert_shape(value, example[ANY_KEY], f"{where}.{key}")
            return
        missing, extra = set(example) - set(actual), set(actual) - set(example)
        assert not missing and not extra, f"{where}: missing {missing}, extra {extra}"
        for key, value in example.items():
            assert_shape(actual[key], value, f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        if example:
            assert actual, f"{where}: expected items like the example, got []"
            for n, item in enumerate(actual):
                assert_shape(item, example[0], f"{where}[{n}]")
    elif isinstance(example, bool | int):
        assert actual is None or (type(actual) is int), f"{where}: expected a number: {actual!r}"
    elif isinstance(example, str):
        assert actual is None or isinstance(actual, str), f"{where}: expected text: {actual!r}"


def assert_success(body: dict[str, Any], example: dict[str, Any]) -> None:
    """A success envelope around the example's payload."""
    assert body["status_code"] == 200 and body["message"] == "success", body
    payload = {k: v for k, v in body.items() if k not in ("status_code", "message")}
    assert_shape(payload, example)
