"""The one cursor every list of the API takes (web/pagination.py), and the slices services return."""

from __future__ import annotations

import pytest

from loyalty.kernel.errors import Invalid
from loyalty.kernel.paging import slice_of
from loyalty.members.schemas import MAX_ID
from loyalty.web.pagination import Page, cursor_key, encode_cursor


def test_a_cursor_gives_back_the_key_it_was_made_from() -> None:
    for key in (0, 1, 42, 10**12, MAX_ID):
        cursor = encode_cursor(key)
        assert "=" not in cursor and cursor.isascii()
        assert cursor_key(cursor) == key
    assert cursor_key(None) is None and cursor_key("") is None  # the first page


@pytest.mark.parametrize("forged", [
    "!!!", "bm90LWFuLWlk", encode_cursor(5) + "x", encode_cursor(5) + "=", "LTE",  # "-1"
    "MDU",                                                                       # "05": not as made
    encode_cursor(MAX_ID + 1),                                                   # past any id
    "A" * 1000, "ąę",
])
def test_anything_else_is_invalid_cursor_naming_the_field(forged: str) -> None:
    with pytest.raises(Invalid) as refused:
        cursor_key(forged)
    assert (refused.value.code, refused.value.field) == ("invalid_cursor", "cursor")


def test_a_slice_read_with_one_row_more_knows_whether_a_page_follows() -> None:
    rows = [9, 7, 4]                                                            # newest first, limit 2 + 1

    middle, last = slice_of(rows, 2, key=lambda row: row), slice_of(rows[2:], 2, key=lambda row: row)

    assert (middle.items, middle.next_key) == ([9, 7], 7)
    assert (last.items, last.next_key) == ([4], None)
    assert Page[int].of(middle).model_dump() == {"items": [9, 7], "next_cursor": encode_cursor(7)}
    assert Page[int].of(last).model_dump() == {"items": [4], "next_cursor": None}
    assert slice_of([], 2, key=lambda row: row).next_key is None
