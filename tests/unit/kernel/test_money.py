from __future__ import annotations

from decimal import Decimal

import pytest

from loyalty.kernel.money import format_money, minor_per_major, minor_units, to_major


@pytest.mark.parametrize(("currency", "digits"), [
    ("EUR", 2), ("PLN", 2), ("usd", 2), ("JPY", 0), ("KRW", 0), ("BHD", 3), ("KWD", 3), ("OMR", 3),
    ("JOD", 3), ("TND", 3), ("XXZ", 2),
])
def test_minor_unit_digits(currency: str, digits: int) -> None:
    assert minor_units(currency) == digits
    assert minor_per_major(currency) == 10 ** digits


@pytest.mark.parametrize(("minor", "currency", "text"), [
    (1234, "EUR", "12.34 EUR"),
    (5, "EUR", "0.05 EUR"),
    (-5, "EUR", "-0.05 EUR"),
    (0, "PLN", "0.00 PLN"),
    (500, "JPY", "500 JPY"),
    (1500, "KWD", "1.500 KWD"),
    (1, "bhd", "0.001 BHD"),
])
def test_format_money(minor: int, currency: str, text: str) -> None:
    assert format_money(minor, currency) == text


def test_to_major_is_exact() -> None:
    assert to_major(1234, "EUR") == Decimal("12.34")
    assert to_major(7, "KWD") == Decimal("0.007")
    assert to_major(500, "JPY") == Decimal("500")
