"""What a purchase sets off in the other domains, in the same transaction: tier bonus and
upgrades, referral rewards, stamp-card coupons; and what a refund takes back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict
from loyalty.ledger import service as ledger
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn, RefundCreate
from loyalty.worker.scheduled import run_program_jobs
from tests.factories import rewards as reward_factories
from tests.factories import vouchers as voucher_factories
from tests.factories.ledger import balance, verify_ok
from tests.factories.members import make_cards, make_member
from tests.factories.programs import make_program
from tests.factories.referrals import make_referee, referral_of, set_referral_program
from tests.factories.rules import change_rule, make_rule
from tests.factories.tiers import assign, make_levels, tier_of

PER_PLN = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}


def buy(database: Database, program: Program, member_id: int, *lines: tuple[str, str, int, int],
        external_id: str | None = None) -> dict[str, Any]:
    receipt = PurchaseCreate(member=MemberRef(id=member_id), external_id=external_id, lines=[
        PurchaseLineIn(sku=sku, category=category, quantity=quantity, unit_price=price)
        for sku, category, quantity, price in lines])
    with unit_of_work(database) as session:
        return purchases.record_purchase(session=session, program=program, actor="test", data=receipt).body


def wallet_now(database: Database, program: Program, member_id: int) -> dict[str, dict[str, int]]:
    """The member's wallet read afresh: what a purchase's answer must have said."""
    with unit_of_work(database, read_only=True) as session:
        return ledger.wallet_summary(session=session, program=program, member_id=member_id)


def coffee_stamp_card_program(database: Database, **program_fields: Any) -> Program:
    """A program whose every coffee earns a stamp, and ten stamps fill a card worth a coupon."""
    program = make_program(database, units=["points", "stamps"], **program_fields)
    make_rule(database, program, unit="stamps",
              effect={"kind": "per_item", "points": 1,
                      "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"}})
    campaign = reward_factories.make_coupon_campaign(database, program, codes=3)
    reward_factories.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id,
                                 points_price=10)
    return program


def refund_all(database: Database, program: Program, purchase_id: int, amount: int) -> dict[str, Any]:
    with unit_of_work(database) as session:
        return purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id, actor="test",
                                         data=RefundCreate(amount=amount)).body


def test_a_gold_members_tier_multiplies_the_rules_points_and_a_refund_takes_both_back(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    make_rule(database, program, effect=PER_PLN)
    member = make_member(database, program)
    assign(database, program, member.id, tier_code="gold")
    body = buy(database, program, member.id, ("A", "dairy", 1, 10000))
    assert [(a["source"], a["points"]) for a in body["awards"]] == [("rule", 100), ("tier", 25)]
    assert body["awards"][1]["rule_name"] == "Gold tier ×1.25"
    assert body["points"]["earned"] == 125
    refunded = refund_all(database, program, body["purchase_id"], 10000)
    assert refunded["points_reversed"] == 125
    assert balance(database, program, member.id).available == 0
    assert verify_ok(database) == []


def test_a_rule_changed_between_two_purchases_applies_to_the_second(database: Database, program: Program) -> None:
    # The rules are kept in memory; the purchase's own INSERT reads the program's configuration
    # version along, so a change committed anywhere is seen by the very next purchase.
    rule = make_rule(database, program, effect=PER_PLN)
    member = make_member(database, program)
    first = buy(database, program, member.id, ("A", "dairy", 1, 10000), external_id="r-1")
    change_rule(database, program, rule.id, effect={**PER_PLN, "points": 3})
    second = buy(database, program, member.id, ("A", "dairy", 1, 10000), external_id="r-2")
    replay = buy(database, program, member.id, ("A", "dairy", 1, 10000), external_id="r-2")
    assert (first["points"]["earned"], second["points"]["earned"]) == (100, 300)
    assert [(a["rule_id"], a["rule_version"]) for a in second["awards"]] == [(rule.id, 2)]
    assert replay == second


def test_a_purchase_crossing_a_threshold_upgrades_the_member_at_once(database: Database, program: Program) -> None:
    make_levels(database, program)  # silver from 100 points in the window
    make_rule(database, program, effect=PER_PLN)
    member = make_member(database, program)
    first = buy(database, program, member.id, ("A", "dairy", 1, 6000))
    second = buy(database, program, member.id, ("A", "dairy", 1, 6000))
    assert first["tier_change"] is None
    assert (second["tier_change"]["from"], second["tier_change"]["to"]) == ("member", "silver")
    assert tier_of(database, program, member.id) == "silver"


def test_the_qualifying_purchase_rewards_referrer_and_referee_once_and_a_refund_reverses_it(
        database: Database, program: Program) -> None:
    set_referral_program(database, program, min_total=5000, referrer_points=500, referee_points=250)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)
    small = buy(database, program, referee.id, ("A", "dairy", 1, 1000))
    assert small["referral"] is None
    body = buy(database, program, referee.id, ("A", "dairy", 1, 6000), external_id="Q-1")
    again = buy(database, program, referee.id, ("A", "dairy", 1, 6000), external_id="Q-1")
    assert body["referral"]["status"] == "rewarded" and again == body
    assert body["balance"] == wallet_now(database, program, referee.id)  # the referee's reward came after the rules
    assert body["balance"]["points"]["available"] == 250
    assert (balance(database, program, referrer.id).available, balance(database, program, referee.id).available) \
        == (500, 250)
    refund_all(database, program, body["purchase_id"], 6000)
    assert referral_of(database, program, referee).status == "reversed"
    assert (balance(database, program, referrer.id).available, balance(database, program, referee.id).available) \
        == (0, 0)
    assert verify_ok(database) == []


def test_the_tenth_coffee_stamp_issues_the_free_coffee_coupon_with_the_purchase(database: Database) -> None:
    program = coffee_stamp_card_program(database)
    member = make_member(database, program)
    nine = buy(database, program, member.id, ("CAP", "coffee", 9, 1200))
    tenth = buy(database, program, member.id, ("CAP", "coffee", 1, 1200))
    assert nine["stamp_card_rewards"] == []
    assert nine["balance"]["stamps"] == {"available": 9, "pending": 0}
    assert len(tenth["stamp_card_rewards"]) == 1 and tenth["stamp_card_rewards"][0]["code"]
    assert tenth["balance"] == wallet_now(database, program, member.id)  # the card's stamps were spent after
    assert tenth["balance"]["stamps"] == {"available": 0, "pending": 0}
    assert balance(database, program, member.id, "stamps").available == 0
    assert verify_ok(database) == []


def test_a_coupon_on_the_receipt_is_redeemed_and_points_are_earned_on_the_discounted_amount(
        database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_PLN)
    campaign = voucher_factories.make_campaign(database, program, kind="percent", percent="10")
    code = voucher_factories.make_code(database, program, campaign.id)
    member = make_member(database, program)
    receipt = PurchaseCreate(member=MemberRef(id=member.id), external_id="C-1", coupons=[code.lower()], lines=[
        PurchaseLineIn(sku="A", quantity=1, unit_price=6000), PurchaseLineIn(sku="B", quantity=1, unit_price=4000)])
    with unit_of_work(database) as session:
        body = purchases.record_purchase(session=session, program=program, actor="test", data=receipt).body
    assert (body["total_before_vouchers"], body["total"], body["vouchers"][0]["discount"]) == (10000, 9000, 1000)
    assert body["points"]["earned"] == 90
    with unit_of_work(database) as session:  # the retry is the same purchase, not a second use of the code
        again = purchases.record_purchase(session=session, program=program, actor="test", data=receipt)
    assert again.status_code == 200 and again.body == body
    reused = PurchaseCreate(member=MemberRef(id=member.id), external_id="C-2", coupons=[code],
                            lines=[PurchaseLineIn(sku="A", quantity=1, unit_price=6000)])
    with pytest.raises(Conflict) as used_up, unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=reused)
    assert used_up.value.code == "voucher_used_up"
    with unit_of_work(database, read_only=True) as session:  # the refused purchase left nothing behind
        assert purchases.repository.by_external_id(session, program.id, "C-2") is None
    refunded = refund_all(database, program, body["purchase_id"], 4500)
    assert refunded["points_reversed"] == 45
    assert verify_ok(database) == []


def test_a_points_multiplier_voucher_multiplies_the_purchase_points(database: Database, program: Program) -> None:
    make_rule(database, program, effect=PER_PLN)
    campaign = voucher_factories.make_campaign(database, program, kind="points_multiplier", factor="3")
    code = voucher_factories.make_code(database, program, campaign.id)
    member = make_member(database, program)
    receipt = PurchaseCreate(member=MemberRef(id=member.id), coupons=[code],
                             lines=[PurchaseLineIn(sku="A", quantity=1, unit_price=2000)])
    with unit_of_work(database) as session:
        body = purchases.record_purchase(session=session, program=program, actor="test", data=receipt).body
    assert [(a["source"], a["points"]) for a in body["awards"]] == [("rule", 20), ("voucher", 40)]
    assert body["total"] == 2000


def test_a_new_card_first_used_at_the_till_enrols_a_member_with_the_welcome_points(
        database: Database, program: Program) -> None:
    make_rule(database, program, trigger="enrolment", effect={"kind": "fixed", "points": 100})
    make_rule(database, program, effect=PER_PLN)
    [card] = make_cards(database, program, count=1)
    receipt = PurchaseCreate(member=MemberRef(card_number=card), lines=[PurchaseLineIn(sku="A", quantity=1,
                                                                                       unit_price=2000)])
    with unit_of_work(database) as session:
        body = purchases.record_purchase(session=session, program=program, actor="till", data=receipt).body
    assert body["points"]["earned"] == 20
    assert balance(database, program, body["member_id"]).available == 120


def test_stamps_whose_return_window_ended_fill_the_card_when_the_job_releases_them(database: Database) -> None:
    program = coffee_stamp_card_program(database, pending_days=14)
    member = make_member(database, program)
    now = clock.now()
    clock.set_clock(lambda: now - timedelta(days=20))
    try:
        earlier = buy(database, program, member.id, ("CAP", "coffee", 10, 1200))
    finally:
        clock.set_clock(None)
    assert earlier["pending_by_unit"] == {"stamps": 10} and earlier["stamp_card_rewards"] == []

    jobs = run_program_jobs(database, program.id)  # the ten become available, and fill the card at once

    assert (jobs["points_released"], jobs["stamp_cards_filled"]) == (1, 1)
    assert wallet_now(database, program, member.id)["stamps"] == {"available": 0, "pending": 0}
    today = buy(database, program, member.id, ("CAP", "coffee", 1, 1200))
    assert today["stamp_card_rewards"] == []  # the card was filled already, not again
    assert today["balance"]["stamps"] == {"available": 0, "pending": 1}
    assert today["balance"] == wallet_now(database, program, member.id)
    assert verify_ok(database) == []
