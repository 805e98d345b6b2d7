"""forms.parse_id: what a form, a query or a link may carry as an id."""

from __future__ import annotations

import pytest

from loyalty.members.schemas import MAX_ID
from loyalty.web.pages.forms import parse_id


@pytest.mark.parametrize(("text", "expected"), [
    ("7", 7), (" 42 ", 42), (str(MAX_ID), MAX_ID), ("0007", 7),
    ("", None), (None, None), ("0", None), ("-3", None), ("+3", None), ("1.0", None), ("abc", None),
    ("²", None), ("١٢", None), ("1²", None), (str(MAX_ID + 1), None), ("99999999999999999999", None),
    ("9" * 5000, None),
])
def test_only_ascii_digits_within_bigint_are_an_id(text: str | None, expected: int | None) -> None:
    assert parse_id(text) == expected
