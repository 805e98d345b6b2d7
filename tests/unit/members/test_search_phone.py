"""The search box reads a phone number however a person types it."""

from __future__ import annotations

import pytest

from loyalty.members.domain import locale_region, search_phone


@pytest.mark.parametrize("typed", ["+48 601 234 567", "+48-601-234-567", "0048 601 234 567", "601 234 567",
                                   "(601) 234-567", "601234567"])
def test_common_spellings_of_one_number_read_the_same(typed: str) -> None:
    assert search_phone(typed, "PL") == "+48601234567"


def test_a_national_number_needs_the_programs_country() -> None:
    assert search_phone("601 234 567", None) is None
    assert search_phone("+48 601 234 567", None) == "+48601234567"


@pytest.mark.parametrize("typed", ["anna", "anna@example.com", "12", "+48 123", "CRM-88213"])
def test_what_is_not_a_phone_number_reads_as_none(typed: str) -> None:
    assert search_phone(typed, "PL") is None


@pytest.mark.parametrize(("locale", "region"), [("pl-PL", "PL"), ("en_GB", "GB"), ("en", None), ("", None),
                                                ("sr-Latn", None)])
def test_the_country_of_a_locale(locale: str, region: str | None) -> None:
    assert locale_region(locale) == region
