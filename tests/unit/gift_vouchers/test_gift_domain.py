from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from pydantic import ValidationError

from loyalty.gift_vouchers import domain as gift
from loyalty.gift_vouchers.domain import GiftTerms, IssuedCode
from loyalty.gift_vouchers.receipt import GiftReceiptData, render, rows
from loyalty.gift_vouchers.schemas import BonusCardCreate, GiftRedemptionCreate, GiftVoucherBatchCreate
from loyalty.kernel import luhn
from tests.pdf import pdf_text

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_a_code_is_four_groups_of_an_unambiguous_alphabet_after_the_prefix() -> None:
    code = gift.generate_code(Random(7))
    prefix, *groups = code.split("-")
    assert prefix == "GIFT" and [len(group) for group in groups] == [4, 4, 4, 4]
    assert not set("".join(groups)) & set("01OI")
    assert gift.CODE_ENTROPY_BITS == 80


def test_a_code_is_read_however_it_is_typed() -> None:
    code = "GIFT-7K2M-Q9XR-4HPD-WN3C"
    for typed in ("gift-7k2m-q9xr-4hpd-wn3c", " 7K2M Q9XR 4HPD WN3C ", "7k2mq9xr4hpdwn3c", "GIFT7K2MQ9XR4HPDWN3C"):
        assert gift.normalize_code(typed) == code
    for not_a_code in ("", "GIFT-7K2M", "GIFT-7K2M-Q9XR-4HPD-WN3O", "GIFT-7K2M-Q9XR-4HPD-WN3C-X", "4012888888881881"):
        assert gift.normalize_code(not_a_code) is None


def test_only_the_hash_and_a_short_prefix_of_a_code_are_kept() -> None:
    code = "GIFT-7K2M-Q9XR-4HPD-WN3C"
    assert gift.code_hash(code) == hashlib.sha256(b"GIFT-7K2M-Q9XR-4HPD-WN3C").hexdigest()
    assert gift.visible_prefix(code) == "GIFT-7K2M"


def test_card_numbers_are_sixteen_luhn_digits_behind_the_prefix() -> None:
    number = gift.generate_card_number("2790", Random(3))
    assert len(number) == 16 and number.startswith("2790") and luhn.is_valid(number)
    assert gift.normalize_card_number(f"{number[:4]} {number[4:8]}-{number[8:12]} {number[12:]}") == number
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert gift.normalize_card_number(broken) is None
    assert gift.normalize_card_number(number[:-1]) is None
    with pytest.raises(ValueError):
        gift.generate_card_number("123456789012")
    assert gift.masked_card_number(number) == f"•••• {number[-4:]}"


def test_pins_are_four_to_twelve_digits_and_generated_ones_have_six() -> None:
    assert [gift.is_valid_pin(pin) for pin in ("1234", "123456789012", "123", "1234567890123", "12a4", "")] == [
        True, True, False, False, False, False]
    assert len(gift.generate_pin(Random(1))) == 6


def test_sign_in_attempts_are_counted_per_card_and_per_visible_code_prefix() -> None:
    number = gift.generate_card_number("2790", Random(3))
    assert gift.sign_in_key(number) == f"card:{number}"
    assert gift.sign_in_key("gift 7k2m q9xr 4hpd wn3c") == "code:GIFT-7K2M"
    assert gift.sign_in_key("GIFT-7K2M-guess") == "code:GIFT7K2M"


def test_a_balance_is_usable_while_active_and_before_its_expiry() -> None:
    assert gift.is_usable("active", None, NOW)
    assert gift.is_usable("active", NOW + timedelta(seconds=1), NOW)
    assert not gift.is_usable("active", NOW, NOW)
    assert not gift.is_usable("cancelled", None, NOW)
    assert not gift.is_usable("blocked", None, NOW)


@pytest.mark.parametrize(("terms", "reason"), [
    (GiftTerms("physical", "points", 0, ()), None),
    (GiftTerms("e_voucher", "points", 0, ()), None),
    (GiftTerms("donation", "points", 0, ()), None),
    (GiftTerms("coupon", "points", 0, ()), "A coupon reward is for members only."),
    (GiftTerms("cashback", "points", 0, ()), "A cashback reward is for members only."),
    (GiftTerms("stamp_card", "stamps", 0, ()), "A stamp-card reward is for members only."),
    (GiftTerms("physical", "points", 500, ()),
     "This reward asks for money on top of the points, which the gift page cannot take."),
    (GiftTerms("physical", "points", 0, ("gold",)), "This reward is for members of some tiers only."),
])
def test_a_gift_buys_things_delivered_or_handed_over_at_once_for_points_alone(terms: GiftTerms,
                                                                                reason: str | None) -> None:
    assert gift.not_for_gifts(terms) == reason


def test_gift_receipt_numbers_differ_from_member_receipts() -> None:
    assert gift.receipt_number(42, NOW) == "G-20261122-000042"


def test_a_batch_csv_has_a_header_and_one_row_per_code() -> None:
    text = gift.codes_csv(label="ACME, Christmas", value=500, expires_at=NOW,
                          codes=[IssuedCode(1, "GIFT-AAAA-BBBB-CCCC-DDDD"), IssuedCode(2, "GIFT-EEEE-FFFF-GGGG-HHHH")])
    assert text.splitlines() == [
        "voucher_id,code,value,expires_at,label",
        '1,GIFT-AAAA-BBBB-CCCC-DDDD,500,2026-11-22T12:00:00+00:00,"ACME, Christmas"',
        '2,GIFT-EEEE-FFFF-GGGG-HHHH,500,2026-11-22T12:00:00+00:00,"ACME, Christmas"',
    ]


def test_display_names_never_reveal_the_secret() -> None:
    assert gift.display_name("voucher", code_prefix="GIFT-7K2M", card_number=None) == "Gift voucher GIFT-7K2M-…"
    assert gift.display_name("bonus_card", code_prefix=None, card_number="2790123412341234") == \
        "Bonus card •••• 1234"


def test_address_lines_skip_what_is_missing() -> None:
    assert gift.address_lines({"line1": "ul. Długa 1", "city": "Gdańsk", "country": "PL"}) == [
        "ul. Długa 1", "Gdańsk", "PL"]
    assert gift.address_lines(None) == []


def test_inputs_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationError):
        GiftRedemptionCreate.model_validate({"reward_id": 1, "request_key": "short"})
    with pytest.raises(ValidationError):
        BonusCardCreate.model_validate({"label": "ACME", "pin": "12"})
    with pytest.raises(ValidationError):
        GiftVoucherBatchCreate.model_validate({"label": "  ", "count": 1, "value": 1})
    with pytest.raises(ValidationError):
        GiftVoucherBatchCreate.model_validate({"label": "ACME", "count": 10_001, "value": 1})


def test_a_gift_receipt_names_what_was_paid_with_and_what_is_left() -> None:
    data = GiftReceiptData(
        receipt_number="G-20261122-000042", program_name="Kawiarnia Łódź", timezone="Europe/Warsaw", issued_at=NOW,
        paid_with="Bonus card •••• 1234", label="ACME", reward_name="Kubek", kind="physical", status="requested",
        points=1500, balance_after=500, recipient_name="Ola Nowak",
        delivery_address=["ul. Piotrkowska 1", "90-001 Łódź", "PL"])
    assert rows(data) == [
        ("Receipt number", "G-20261122-000042"), ("Date", "2026-11-22 13:00 (Europe/Warsaw)"),
        ("Paid with", "Bonus card •••• 1234"), ("Gift from", "ACME"), ("Reward", "Kubek"),
        ("Type", "Item delivered to you"), ("Points", "1,500 points"), ("Balance left", "500 points"),
        ("Deliver to", "Ola Nowak"), ("", "ul. Piotrkowska 1"), ("", "90-001 Łódź"), ("", "PL"),
        ("Status", "requested"),
    ]
    text = pdf_text(render(data))
    for expected in ("Kawiarnia Łódź", "Bonus card •••• 1234", "Gift redemption receipt", "Balance left 500 points"):
        assert expected in text, expected
