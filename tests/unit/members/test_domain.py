from __future__ import annotations

from datetime import date
from random import Random

import pytest

from loyalty.kernel import luhn
from loyalty.members import domain


@pytest.mark.parametrize(("given", "stored"), [
    ("Anna.Kowalska@Example.COM", "anna.kowalska@example.com"),
    ("  bob@example.org ", "bob@example.org"),
])
def test_email_is_trimmed_and_lower_cased(given: str, stored: str) -> None:
    assert domain.normalize_email(given) == stored


@pytest.mark.parametrize("given", ["anna", "anna@", "@example.com", "a b@example.com", "anna@localhost"])
def test_malformed_email_is_refused(given: str) -> None:
    with pytest.raises(ValueError):
        domain.normalize_email(given)


@pytest.mark.parametrize(("given", "stored"), [
    ("+48 601 234 567", "+48601234567"),
    ("+48-601-234-567", "+48601234567"),
    ("+1 (650) 253-0000", "+16502530000"),
    ("+447911123456", "+447911123456"),
])
def test_phone_is_stored_in_e164(given: str, stored: str) -> None:
    assert domain.normalize_phone(given) == stored


def test_phone_without_plus_is_refused_with_the_expected_form() -> None:
    with pytest.raises(ValueError, match=r"leading \+"):
        domain.normalize_phone("601 234 567")


@pytest.mark.parametrize("given", ["+48 123", "+999 123 456 789", "+48 abc"])
def test_invalid_phone_is_refused(given: str) -> None:
    with pytest.raises(ValueError):
        domain.normalize_phone(given)


@pytest.mark.parametrize(("given", "stored"), [
    ("en", "en"), ("PL", "pl"), ("pt-br", "pt-BR"), ("pt_BR", "pt-BR"), ("zh-hant-tw", "zh-Hant-TW"),
])
def test_language_tags_get_their_usual_case(given: str, stored: str) -> None:
    assert domain.normalize_language(given) == stored


@pytest.mark.parametrize("given", ["english!", "e", "12", "en--US", "x" * 17])
def test_non_language_tags_are_refused(given: str) -> None:
    with pytest.raises(ValueError):
        domain.normalize_language(given)


def test_country_must_be_iso_alpha_2() -> None:
    assert domain.normalize_country("pl") == "PL"
    assert len(domain.COUNTRY_CODES) == 249
    for wrong in ("XX", "POL", "UK"):
        with pytest.raises(ValueError):
            domain.normalize_country(wrong)


def test_birth_date_bounds() -> None:
    today = date(2026, 5, 1)
    assert domain.check_birth_date(date(1900, 1, 1), today) == date(1900, 1, 1)
    assert domain.check_birth_date(today, today) == today
    with pytest.raises(ValueError, match="future"):
        domain.check_birth_date(date(2026, 5, 2), today)
    with pytest.raises(ValueError, match="1900"):
        domain.check_birth_date(date(1899, 12, 31), today)


def test_birth_month_day() -> None:
    assert domain.birth_month_day(date(1990, 2, 9)) == "02-09"
    assert domain.birth_month_day(None) is None


def test_attribute_limits() -> None:
    fifty = {f"k{i}": i for i in range(50)}
    assert domain.check_attributes(fifty) == fifty
    with pytest.raises(ValueError, match="at most 50"):
        domain.check_attributes({**fifty, "one_more": 1})
    assert domain.check_attributes({"k" * 64: 1})
    with pytest.raises(ValueError, match="1 to 64"):
        domain.check_attributes({"k" * 65: 1})
    with pytest.raises(ValueError):
        domain.check_attributes({"": 1})


def test_attribute_merge_sets_and_removes_keys() -> None:
    assert domain.merge_attributes({"a": 1, "b": 2}, {"b": None, "c": [3]}) == {"a": 1, "c": [3]}


def test_referral_codes_avoid_look_alike_characters() -> None:
    rng = Random(7)
    codes = {domain.generate_referral_code(rng) for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(domain.REFERRAL_ALPHABET)
        assert not set(code) & set("01OI")


def test_card_numbers_carry_prefix_length_and_check_digit() -> None:
    rng = Random(1)
    numbers = [domain.generate_card_number("2790", rng=rng) for _ in range(1000)]
    for number in numbers:
        assert len(number) == 16 and number.startswith("2790") and number.isdigit()
        assert luhn.is_valid(number)
    assert len(set(numbers)) == 1000
    assert len(domain.generate_card_number("12345678", length=12, rng=rng)) == 12


def test_card_number_needs_room_for_random_digits() -> None:
    with pytest.raises(ValueError):
        domain.generate_card_number("123456789012345")
    with pytest.raises(ValueError):
        domain.generate_card_number("27a0")


def test_card_number_typed_with_spaces_and_dashes() -> None:
    assert domain.normalize_card_number(" 2790 1234-5678 9012 ") == "2790123456789012"
