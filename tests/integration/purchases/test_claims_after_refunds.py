"""A receipt claimed after part of it was refunded earns on what is left, and refunding the
rest afterwards takes back exactly what was earned; a retried claim is the same claim."""

from __future__ import annotations

from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseClaim, PurchaseCreate, PurchaseLineIn, RefundCreate, RefundLineIn
from tests.factories.ledger import balance, verify_ok
from tests.factories.members import make_member
from tests.factories.referrals import make_referee, referral_of, set_referral_program
from tests.factories.rules import make_rule
from tests.factories.tiers import make_levels, progress_of, set_policy, tier_of

PER_PLN = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}
PER_ITEM = {"kind": "per_item", "points": 10}


def guest_receipt(database: Database, program: Program, external_id: str, *lines: tuple[str, int, int],
                  total: int | None = None) -> int:
    """A receipt recorded without a member: lines of (sku, quantity, unit price), or a bare total."""
    data = PurchaseCreate(external_id=external_id, total=total, lines=[
        PurchaseLineIn(sku=sku, quantity=quantity, unit_price=price) for sku, quantity, price in lines])
    with unit_of_work(database) as session:
        return int(purchases.record_purchase(session=session, program=program, actor="test", data=data)
                   .body["purchase_id"])


def refund(database: Database, program: Program, purchase_id: int, **fields: Any) -> dict[str, Any]:
    with unit_of_work(database) as session:
        return purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id, actor="test",
                                         data=RefundCreate.model_validate(fields)).body


def claim(database: Database, program: Program, member_id: int, external_id: str) -> purchases.Outcome:
    with unit_of_work(database) as session:
        return purchases.claim_purchase(session=session, program=program, actor="test",
                                        data=PurchaseClaim(member=MemberRef(id=member_id), external_id=external_id))


def test_a_claim_after_a_line_was_refunded_earns_on_the_other_line_and_the_rest_takes_it_back(
        database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_PLN)
    member = make_member(database, program)
    purchase_id = guest_receipt(database, program, "G-1", ("A", 1, 5000), ("B", 1, 5000))
    refund(database, program, purchase_id, lines=[RefundLineIn(line_no=1)])

    claimed = claim(database, program, member.id, "G-1").body
    assert claimed["points"]["earned"] == 50
    assert claimed["refunded_before_claim"] == {"total": 5000, "lines": {"1": 5000}}
    assert balance(database, program, member.id).available == 50

    rest = refund(database, program, purchase_id, lines=[RefundLineIn(line_no=2)])
    assert rest["points_reversed"] == 50
    assert balance(database, program, member.id).available == 0
    assert verify_ok(database) == []


def test_a_claim_after_one_unit_was_refunded_earns_on_the_units_left(database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_ITEM)
    member = make_member(database, program)
    purchase_id = guest_receipt(database, program, "G-2", ("CAP", 3, 1000))
    refund(database, program, purchase_id, lines=[RefundLineIn(line_no=1, quantity=1)])

    assert claim(database, program, member.id, "G-2").body["points"]["earned"] == 20
    one_more = refund(database, program, purchase_id, lines=[RefundLineIn(line_no=1, quantity=1)])
    last = refund(database, program, purchase_id, lines=[RefundLineIn(line_no=1, quantity=1)])
    assert (one_more["points_reversed"], last["points_reversed"]) == (10, 10)
    assert balance(database, program, member.id).available == 0
    assert verify_ok(database) == []


def test_a_receipt_of_a_total_claimed_after_a_partial_refund_reverses_in_proportion_to_what_is_left(
        database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_PLN)
    member = make_member(database, program)
    purchase_id = guest_receipt(database, program, "G-3", total=10000)
    refund(database, program, purchase_id, amount=3000)

    assert claim(database, program, member.id, "G-3").body["points"]["earned"] == 70
    half_of_the_rest = refund(database, program, purchase_id, amount=3500)
    assert half_of_the_rest["points_reversed"] == 35
    assert refund(database, program, purchase_id, amount=3500)["points_reversed"] == 35
    assert balance(database, program, member.id).available == 0
    assert verify_ok(database) == []


def test_tier_progress_counts_what_is_left_of_a_claimed_receipt(database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("member", 0, 0, "1"), ("silver", 1, 8000, "1")))
    set_policy(database, program, measure="amount_spent")
    member = make_member(database, program)
    purchase_id = guest_receipt(database, program, "G-4", ("A", 1, 5000), ("B", 1, 5000))
    refund(database, program, purchase_id, lines=[RefundLineIn(line_no=1)])

    claim(database, program, member.id, "G-4")
    assert progress_of(database, program, member.id).value == 5000
    assert tier_of(database, program, member.id) == "member"
    refund(database, program, purchase_id, lines=[RefundLineIn(line_no=2)])
    assert progress_of(database, program, member.id).value == 0


def test_a_claimed_receipt_refunded_below_the_referral_minimum_does_not_qualify(
        database: Database, program: Program) -> None:
    set_referral_program(database, program, min_total=6000)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)
    purchase_id = guest_receipt(database, program, "G-5", ("A", 1, 5000), ("B", 1, 5000))
    refund(database, program, purchase_id, lines=[RefundLineIn(line_no=1)])

    assert claim(database, program, referee.id, "G-5").body["referral"] is None
    assert referral_of(database, program, referee).status == "pending"
    assert balance(database, program, referrer.id).available == 0


def test_a_retried_claim_by_the_same_member_gets_the_same_answer_and_another_member_409(
        database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_PLN)
    ola, ewa = make_member(database, program), make_member(database, program)
    guest_receipt(database, program, "G-6", ("A", 1, 5000))
    first = claim(database, program, ola.id, "G-6")
    again = claim(database, program, ola.id, "G-6")
    assert (first.status_code, again.status_code) == (200, 200) and again.body == first.body
    assert balance(database, program, ola.id).available == 50
    with pytest.raises(Conflict) as taken:
        claim(database, program, ewa.id, "G-6")
    assert taken.value.code == "purchase_already_claimed"
