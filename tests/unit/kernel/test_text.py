from __future__ import annotations

import json

import pytest

from loyalty.kernel.text import (
    NulAt,
    NulCharacter,
    find_nul,
    find_nul_line,
    refuse_nul,
    refuse_nul_in,
    refuse_nul_lines,
)


@pytest.mark.parametrize(("value", "found"), [
    ("plain", None),
    (None, None),
    (12, None),
    (True, None),
    ({"name": "A\\u0000B"}, None),  # a backslash then u0000: six characters of text
    (json.loads('{"name": "A\\\\u0000B"}'), None),  # the same, as JSON escapes it
    ("A\x00B", NulAt(())),
    ({"first_name": "A\x00"}, NulAt(("first_name",))),
    ({"lines": [{"sku": "CAP"}, {"sku": "CRO", "name": "\x00"}]}, NulAt(("lines", 1, "name"))),
    ({"attributes": {"store\x00": "WAW"}}, NulAt(("attributes",), in_key=True)),
    ({"bad\x00": 1}, NulAt((), in_key=True)),
    ([["ok"], ["ok", "\x00"]], NulAt((1, 1))),
])
def test_find_nul_names_the_path(value: object, found: NulAt | None) -> None:
    assert find_nul(value) == found


def test_the_first_nul_in_document_order_is_found() -> None:
    value = json.loads('{"a": ["x", {"b": "\\u0000"}], "c": "\\u0000"}')
    assert find_nul(value) == NulAt(("a", 1, "b"))


def test_a_keys_nul_is_found_before_the_values_of_its_object() -> None:
    assert find_nul({"a": "\x00", "b\x00": 1}) == NulAt((), in_key=True)


def test_nesting_too_deep_for_recursion_is_searched() -> None:
    value: object = "\x00"
    for _ in range(5_000):  # deeper than the recursion limit
        value = [value]
    assert find_nul(value) == NulAt((0,) * 5_000)


@pytest.mark.parametrize(("text", "line"), [
    ("", None), ("code\nA-1\n", None), ("\x00", 1), ("code\nA-1\nA\x002\n", 3), ("code\r\nA-1\r\n\x00", 3),
])
def test_find_nul_line(text: str, line: int | None) -> None:
    assert find_nul_line(text) == line


def test_refuse_nul_names_the_field_and_the_whole() -> None:
    with pytest.raises(NulCharacter) as in_field:
        refuse_nul({"lines": [{"name": "\x00"}]})
    with pytest.raises(NulCharacter) as in_key:
        refuse_nul({"attributes": {"\x00": 1}})
    with pytest.raises(NulCharacter) as in_top_key:
        refuse_nul({"\x00": 1}, whole="file")
    refuse_nul({"name": "A\\u0000B"})

    assert (in_field.value.code, in_field.value.field) == ("nul_character", "lines.0.name")
    assert in_field.value.message == "Field 'lines.0.name' contains a NUL character (U+0000), which no text may " \
                                     "hold: remove it."
    assert (in_key.value.field, in_key.value.message.split(" contains")[0]) == ("attributes",
                                                                                "A key of field 'attributes'")
    assert (in_top_key.value.field, in_top_key.value.message.split(" contains")[0]) == ("file", "A key of the file")


def test_refuse_nul_lines_and_in_name_the_line_and_the_input() -> None:
    with pytest.raises(NulCharacter) as in_line:
        refuse_nul_lines("code\nA\x00\n", field="--file", name="codes.csv")
    with pytest.raises(NulCharacter) as in_parameter:
        refuse_nul_in("a\x00", where="Query parameter 'email'", field="email")
    refuse_nul_lines("code\nA-1\n", field="--file")
    refuse_nul_in("A\\u0000", where="Query parameter 'email'", field="email")

    assert (in_line.value.field, in_line.value.details) == ("--file", {"line": 2})
    assert in_line.value.message.startswith("Line 2 of codes.csv contains a NUL character")
    assert (in_parameter.value.field, in_parameter.value.details) == ("email", {})
