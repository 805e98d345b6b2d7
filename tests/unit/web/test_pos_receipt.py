"""How the till reads what the cashier typed or scanned: who is meant, and amounts in minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loyalty.kernel.money import points_value_minor
from loyalty.members.schemas import MemberRef
from loyalty.web.pages.forms import Form
from loyalty.web.pos.receipt import ReceiptForm, from_minor, member_ref_of, to_minor


@pytest.mark.parametrize(("typed", "meant"), [
    ("4000 0000 0000 0002", MemberRef(card_number="4000000000000002")),
    ("4000-0000-0000-0002", MemberRef(card_number="4000000000000002")),
    ("loyalty:card:4000000000000002", MemberRef(card_number="4000000000000002")),
    ("https://shop.example/card/4000000000000002", MemberRef(card_number="4000000000000002")),
    ("https://shop.example/app?card=4000000000000002", MemberRef(card_number="4000000000000002")),
    (" OLA@Example.com ", MemberRef(email="ola@example.com")),
    ("+48 601 234 567", MemberRef(phone="+48601234567")),
    ("CRM-1042", MemberRef(external_id="CRM-1042")),
])
def test_what_was_typed_or_scanned_names_the_member_as_the_api_does(typed: str, meant: MemberRef) -> None:
    assert member_ref_of(typed) == meant


@pytest.mark.parametrize("typed", ["", "   ", "not@an@address", "+48 12"])
def test_what_names_nobody_is_none(typed: str) -> None:
    assert member_ref_of(typed) is None


@pytest.mark.parametrize(("typed", "currency", "minor"), [
    ("12.50", "EUR", 1250), ("12,5", "EUR", 1250), ("12", "EUR", 1200), ("1 234.56", "PLN", 123456),
    ("500", "JPY", 500), ("1.234", "KWD", 1234), ("0", "EUR", 0),
])
def test_amounts_are_read_in_minor_units(typed: str, currency: str, minor: int) -> None:
    assert to_minor(typed, currency) == minor
    assert to_minor(from_minor(minor, currency), currency) == minor


@pytest.mark.parametrize("typed", ["12.345", "-5", "1e3", "abc", "", "12.50.1", "5.5"])
def test_what_is_not_an_amount_of_the_currency_is_none(typed: str) -> None:
    assert to_minor(typed, "JPY" if typed == "5.5" else "EUR") is None


def test_points_are_worth_their_value_rounded_down() -> None:
    assert points_value_minor(300, Decimal("0.01"), "EUR") == 300
    assert points_value_minor(7, Decimal("0.005"), "EUR") == 3


def test_a_receipt_keeps_its_id_and_a_forged_id_is_replaced() -> None:
    kept = ReceiptForm.read(Form(fields={"external_id": ["POS-7-0123456789abcdef"]}), staff_user_id=7)
    forged = ReceiptForm.read(Form(fields={"external_id": ["R-1; DROP"]}), staff_user_id=7)
    assert kept.external_id == "POS-7-0123456789abcdef"
    assert forged.external_id.startswith("POS-7-") and forged.external_id != "R-1; DROP"


def test_lines_are_read_in_order_and_blank_ones_are_skipped() -> None:
    form = Form(fields={"sku": ["CAP", "", "BRD"], "category": ["coffee", "", ""], "quantity": ["2", "1", "1"],
                        "unit_price": ["14.50", "", "21"], "member_id": ["5"]})
    receipt = ReceiptForm.read(form, staff_user_id=1)
    assert [(line.sku, line.category, line.quantity, line.unit_price) for line in receipt.filled_lines()] == [
        ("CAP", "coffee", "2", "14.50"), ("BRD", "", "1", "21")]
    assert receipt.member_ref() == MemberRef(id=5)
