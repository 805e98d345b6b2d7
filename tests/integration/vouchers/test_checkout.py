"""Checking and redeeming codes against baskets, at the service level, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, DomainError, Invalid, NotFound
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.schemas import CampaignUpdate
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.tiers import assign, make_levels
from tests.factories.vouchers import (
    basket,
    campaign_state,
    check,
    line,
    make_campaign,
    make_code,
    make_codes,
    publish,
    redeem,
    rollback,
)

# What the purchase a test stands in for would record (its id made up: nothing reads it).
PURCHASE_PAYLOAD = {"purchase_id": 1, "external_id": "O-1", "total": 1000, "currency": "PLN", "channel": "pos",
                    "store": None, "points": 0}
COFFEE_AND_CROISSANT = (line(1, "CAP", 1400, quantity=2, category="coffee"), line(2, "CRO", 900, category="bakery"))


def refusal_of(database: Database, program: Program, code: str, the_basket: Any, **kwargs: Any) -> str | None:
    result = check(database, program, code, the_basket, **kwargs)
    return result.refusal.code if result.refusal is not None else None


def redeem_error(database: Database, program: Program, codes: list[str], the_basket: Any,
                 **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as refused:
        redeem(database, program, codes, the_basket, **kwargs)
    return refused.value


# --- each kind, exactly --------------------------------------------------------------------


def test_a_fixed_amount_voucher_takes_its_amount_split_over_the_lines(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, amount=500)
    code = make_code(database, program, campaign.id)

    applied = redeem(database, program, [code], basket(*COFFEE_AND_CROISSANT))[0]

    assert (applied.kind, applied.discount_minor, applied.line_discounts) == ("fixed_amount", 500, {1: 378, 2: 122})
    assert applied.factor is None and applied.gift_card_minor == 0 and not applied.is_payment


def test_a_percent_voucher_is_capped_at_its_maximum(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="percent", percent="25", max_discount=800)
    codes = make_codes(database, program, campaign.id, count=2)

    small = check(database, program, codes[0], basket(line(1, "A", 1999), line(2, "B", 1001)))
    large = redeem(database, program, [codes[1]], basket(*COFFEE_AND_CROISSANT))[0]

    assert (small.discount.total_minor, small.discount.lines) == (750, {1: 500, 2: 250})
    assert (large.discount_minor, large.line_discounts) == (800, {1: 605, 2: 195})


def test_a_percent_voucher_on_one_category_discounts_only_those_lines(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="percent", percent="20",
                             line_condition={"field": "line.category", "op": "eq", "value": "coffee"})
    code = make_code(database, program, campaign.id)

    applied = redeem(database, program, [code], basket(*COFFEE_AND_CROISSANT))[0]

    assert (applied.discount_minor, applied.line_discounts) == (560, {1: 560})


def test_a_free_product_voucher_gives_one_unit_of_its_sku(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="free_product", sku="CRO")
    code = make_code(database, program, campaign.id)

    assert refusal_of(database, program, code, basket(line(1, "CAP", 1400))) == "voucher_not_applicable"
    applied = redeem(database, program, [code], basket(*COFFEE_AND_CROISSANT))[0]

    assert (applied.discount_minor, applied.line_discounts) == (900, {2: 900})
    assert check(database, program, code, basket(line(1, "CAP", 1400))).refusal.message == (  # type: ignore[union-attr]
        "This code has already been used.")


def test_a_points_multiplier_voucher_gives_its_factor_and_no_discount(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="points_multiplier", factor="2")
    code = make_code(database, program, campaign.id)

    applied = redeem(database, program, [code], basket(*COFFEE_AND_CROISSANT))[0]

    assert (applied.discount_minor, applied.line_discounts, applied.factor) == (0, {}, Decimal(2))


def test_a_gift_card_is_spent_over_several_purchases_until_its_balance_is_gone(database: Database,
                                                                               program: Program) -> None:
    campaign = make_campaign(database, program, kind="gift_card", amount=5000)
    code = make_code(database, program, campaign.id, "gift-0001")

    first = redeem(database, program, [code], basket(line(1, "A", 3000)), order_ref="O-1")[0]
    second = redeem(database, program, [code], basket(line(1, "A", 1500), line(2, "B", 1500)), order_ref="O-2")[0]
    third = check(database, program, code, basket(line(1, "A", 100)))

    assert (first.discount_minor, first.gift_card_minor, first.gift_card_balance_after) == (3000, 3000, 2000)
    assert (second.discount_minor, second.line_discounts, second.gift_card_balance_after) == (2000, {1: 1000, 2: 1000},
                                                                                             0)
    assert first.is_payment and second.is_payment
    assert third.refusal is not None and third.refusal.code == "voucher_used_up"
    assert third.refusal.message == "This gift card has no balance left."


def test_codes_of_one_order_stack_in_order_and_the_gift_card_pays_last(database: Database, program: Program) -> None:
    gift = make_code(database, program, make_campaign(database, program, kind="gift_card", amount=10_000).id)
    percent = make_code(database, program, make_campaign(database, program, kind="percent", percent="10").id)

    applied = redeem(database, program, [gift, percent], basket(line(1, "A", 2000), line(2, "B", 1000)))

    assert [(a.kind, a.discount_minor, a.line_discounts) for a in applied] == [
        ("gift_card", 2700, {1: 1800, 2: 900}), ("percent", 300, {1: 200, 2: 100})]
    assert applied[0].gift_card_balance_after == 7300


# --- conditions and validity -------------------------------------------------------------------


def test_a_minimum_basket_a_category_a_channel_and_a_store_are_all_required(database: Database,
                                                                           program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_code=None, condition={"all": [
        {"field": "purchase.total", "op": "gte", "value": 3000},
        {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}},
        {"field": "purchase.channel", "op": "eq", "value": "pos"},
        {"field": "purchase.store", "op": "in", "value": ["WAW-01", "KRK-02"]},
    ]})
    code = make_code(database, program, campaign.id, "COFFEE-DAY")

    fits = basket(*COFFEE_AND_CROISSANT, store="KRK-02")
    too_small = basket(line(1, "CAP", 1400, category="coffee"), store="WAW-01")
    no_coffee = basket(line(1, "CRO", 900, quantity=4, category="bakery"), store="WAW-01")
    online = basket(*COFFEE_AND_CROISSANT, channel="online", store="WAW-01")
    elsewhere = basket(*COFFEE_AND_CROISSANT, store="GDA-01")

    assert refusal_of(database, program, code, fits) is None
    refused = check(database, program, code, too_small).refusal
    assert refused is not None and refused.code == "voucher_not_applicable"
    assert refused.message == "This voucher does not apply to this basket: purchase.total 1400 gte 3000: no."
    assert [refusal_of(database, program, code, b) for b in (no_coffee, online, elsewhere)] == \
        ["voucher_not_applicable"] * 3
    assert check(database, program, code, elsewhere).refusal.message == (  # type: ignore[union-attr]
        "This voucher does not apply to this basket: purchase.store 'GDA-01' in ['WAW-01', 'KRK-02']: no.")


def test_a_first_purchase_voucher_is_for_members_who_never_bought(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_code=None,
                             condition={"field": "purchase.is_first_purchase", "op": "eq", "value": True})
    code = make_code(database, program, campaign.id, "WELCOME")
    newcomer, regular = make_member(database, program), make_member(database, program)
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=regular.id), lines=[PurchaseLineIn(sku="A", quantity=1, unit_price=1000)]))

    assert refusal_of(database, program, code, basket(line(1, "A", 1000)), member_id=newcomer.id) is None
    assert refusal_of(database, program, code, basket(line(1, "A", 1000)), member_id=regular.id) == \
        "voucher_not_applicable"
    assert refusal_of(database, program, code, basket(line(1, "A", 1000))) == "voucher_not_applicable"


def test_the_purchase_may_say_whether_it_is_the_first(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, condition={"field": "purchase.is_first_purchase", "op": "eq",
                                                           "value": True})
    code = make_code(database, program, campaign.id)
    member = make_member(database, program)

    with unit_of_work(database) as session, pytest.raises(Conflict) as refused:
        vouchers.redeem_for_purchase(session=session, program=program, member_id=member.id, codes=[code],
                                     basket=basket(line(1, "A", 1000)), order_ref="P-1", actor="test",
                                     is_first_purchase=lambda: False)
    assert refused.value.code == "voucher_not_applicable"


def test_a_gold_only_voucher_needs_a_gold_member(database: Database, program: Program) -> None:
    make_levels(database, program)
    campaign = make_campaign(database, program, max_uses_per_code=None,
                             condition={"field": "member.tier", "op": "eq", "value": "gold"})
    code = make_code(database, program, campaign.id, "GOLD-ONLY")
    gold, newcomer = make_member(database, program), make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")

    assert refusal_of(database, program, code, basket(line(1, "A", 1000)), member_id=gold.id) is None
    refused = check(database, program, code, basket(line(1, "A", 1000)), member_id=newcomer.id).refusal
    assert refused is not None and refused.message == (
        "This voucher does not apply to this basket: member.tier 'member' eq 'gold': no.")


def test_a_voucher_is_valid_from_its_start_until_its_end(database: Database, program: Program) -> None:
    now = clock.now()
    campaign = make_campaign(database, program, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=2))
    code = make_code(database, program, campaign.id)
    the_basket = basket(line(1, "A", 1000))

    before = refusal_of(database, program, code, the_basket)
    clock.set_clock(lambda: now + timedelta(days=1))
    during = refusal_of(database, program, code, the_basket)
    clock.set_clock(lambda: now + timedelta(days=2))
    after = check(database, program, code, the_basket).refusal

    assert (before, during) == ("voucher_not_yet_valid", None)
    assert after is not None and after.code == "voucher_expired"
    assert after.message == f"This voucher expired at {(now + timedelta(days=2)).isoformat()}."


def test_a_stopped_campaign_refuses_its_codes_until_resumed(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    code = make_code(database, program, campaign.id)
    with unit_of_work(database) as session:
        vouchers.set_campaign_active(session=session, program=program, campaign_id=campaign.id, is_active=False,
                                     actor="test")

    assert refusal_of(database, program, code, basket(line(1, "A", 1000))) == "voucher_inactive"


# --- limits ------------------------------------------------------------------------------------


def test_a_code_may_be_used_as_often_as_its_campaign_allows(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_code=2)
    code = make_code(database, program, campaign.id, "TWICE")

    redeem(database, program, [code], basket(line(1, "A", 1000)), order_ref="O-1")
    redeem(database, program, [code], basket(line(1, "A", 1000)), order_ref="O-2")
    third = redeem_error(database, program, [code], basket(line(1, "A", 1000)), order_ref="O-3")

    assert isinstance(third, Conflict) and third.code == "voucher_used_up"
    assert third.message == "This code has been used 2 times, its limit."
    assert third.field == "code" and third.details == {"voucher_code": "TWICE"}


def test_a_member_may_use_a_campaign_as_often_as_it_allows(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_member=1)
    first, second, third = make_codes(database, program, campaign.id, count=3)
    member, other = make_member(database, program), make_member(database, program)

    redeem(database, program, [first], basket(line(1, "A", 1000)), member_id=member.id)
    again = redeem_error(database, program, [second], basket(line(1, "A", 1000)), member_id=member.id)
    guest = redeem_error(database, program, [second], basket(line(1, "A", 1000)))

    assert again.code == "voucher_member_limit_reached"
    assert again.message == "The member has used this voucher 1 time(s), the most allowed."
    assert guest.code == "voucher_not_for_member"
    assert redeem(database, program, [third], basket(line(1, "A", 1000)), member_id=other.id)[0].discount_minor == 500


def test_more_codes_of_a_campaign_on_one_order_than_the_member_may_use_are_refused_and_none_is_used(
        database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_per_member=1)
    codes = make_codes(database, program, campaign.id, count=2)
    member = make_member(database, program)

    with unit_of_work(database) as session:
        with pytest.raises(Conflict) as refused:
            vouchers.redeem_for_purchase(session=session, program=program, member_id=member.id, codes=codes,
                                         basket=basket(line(1, "A", 1000)), order_ref="O-1", actor="test")
        # The purchase's own transaction goes on: only the voucher work was rolled back.
        events.record(session=session, program_id=program.id, type="purchase.recorded", actor="test",
                      payload=PURCHASE_PAYLOAD)

    assert (refused.value.code, refused.value.field) == ("voucher_member_limit_reached", "codes.0")
    assert campaign_state(database, program, campaign.id) == {"uses_total": 0, "code_uses": dict.fromkeys(codes, 0),
                                                               "live_redemptions": 0}
    assert redeem(database, program, [codes[1]], basket(line(1, "A", 1000)), member_id=member.id)[0].discount_minor \
        == 500


def test_a_campaign_stops_at_its_total(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, max_uses_total=2)
    codes = make_codes(database, program, campaign.id, count=3)

    redeem(database, program, [codes[0]], basket(line(1, "A", 1000)))
    redeem(database, program, [codes[1]], basket(line(1, "A", 1000)))
    refused = redeem_error(database, program, [codes[2]], basket(line(1, "A", 1000)))

    assert (refused.code, refused.message) == ("voucher_used_up", "This voucher campaign has been fully redeemed.")
    assert campaign_state(database, program, campaign.id)["uses_total"] == 2


def test_a_refused_code_leaves_the_others_of_the_order_unused(database: Database, program: Program) -> None:
    good = make_code(database, program, make_campaign(database, program).id)
    expired = make_code(database, program, make_campaign(database, program, ends_at=clock.now()).id)

    with unit_of_work(database) as session:
        with pytest.raises(Conflict) as refused:
            vouchers.redeem_for_purchase(session=session, program=program, member_id=None, codes=[good, expired],
                                         basket=basket(line(1, "A", 1000)), order_ref="O-1", actor="test")
        # The purchase's own transaction goes on: only the voucher work was rolled back.
        events.record(session=session, program_id=program.id, type="purchase.recorded", actor="test",
                      payload=PURCHASE_PAYLOAD)

    assert (refused.value.code, refused.value.field) == ("voucher_expired", "codes.1")
    assert refusal_of(database, program, good, basket(line(1, "A", 1000))) is None


def test_the_same_code_twice_on_one_order_is_refused(database: Database, program: Program) -> None:
    code = make_code(database, program, make_campaign(database, program, max_uses_per_code=None).id, "MULTI")

    with pytest.raises(Invalid) as refused:
        redeem(database, program, [code, "multi"], basket(line(1, "A", 1000)))
    assert refused.value.code == "duplicate_voucher_code"


# --- who may use a code --------------------------------------------------------------------------


def test_a_published_code_is_the_holders_and_looks_unknown_to_anyone_else(database: Database,
                                                                         program: Program) -> None:
    campaign = make_campaign(database, program)
    make_codes(database, program, campaign.id, count=1)
    holder, other = make_member(database, program), make_member(database, program)
    [code] = publish(database, program, campaign.id, [holder.id])

    mine = check(database, program, code, basket(line(1, "A", 1000)), member_id=holder.id)
    theirs = check(database, program, code, basket(line(1, "A", 1000)), member_id=other.id)
    anonymous = check(database, program, code, basket(line(1, "A", 1000)))
    unknown = check(database, program, "NO-SUCH-CODE", basket(line(1, "A", 1000)), member_id=other.id)

    assert mine.is_valid
    assert theirs.refusal == anonymous.refusal == unknown.refusal
    assert (theirs.campaign, theirs.discount.total_minor) == (None, 0)
    refused = redeem_error(database, program, [code], basket(line(1, "A", 1000)), member_id=other.id)
    assert isinstance(refused, NotFound) and refused.message == "This voucher code is not valid."


def test_a_code_of_another_program_does_not_exist_here(database: Database, program: Program) -> None:
    other_program = make_program(database, name="Other shop")
    code = make_code(database, other_program, make_campaign(database, other_program).id, "THEIRS-1")
    applied = redeem(database, other_program, [code], basket(line(1, "A", 1000)))[0]

    assert refusal_of(database, program, code, basket(line(1, "A", 1000))) == "voucher_not_found"
    with unit_of_work(database) as session, pytest.raises(NotFound):
        vouchers.rollback_redemption(session=session, program=program, redemption_id=applied.redemption_id,
                                     actor="test")


# --- rolling back ------------------------------------------------------------------------------


def test_a_rollback_gives_back_every_use_and_the_gift_card_amount_once(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="gift_card", amount=5000, max_uses_total=1,
                             max_uses_per_member=1)
    code = make_code(database, program, campaign.id, "GIFT-2")
    member = make_member(database, program)
    applied = redeem(database, program, [code], basket(line(1, "A", 1200)), member_id=member.id)[0]

    assert [rollback(database, program, applied.redemption_id) for _ in range(2)] == ["rolled_back"] * 2
    assert campaign_state(database, program, campaign.id) == {"uses_total": 0, "code_uses": {"GIFT-2": 0},
                                                               "live_redemptions": 0}
    again = redeem(database, program, [code], basket(line(1, "A", 7000)), member_id=member.id, order_ref="O-2")[0]
    assert again.discount_minor == 5000


def test_a_cancelled_order_rolls_back_all_its_codes(database: Database, program: Program) -> None:
    first = make_code(database, program, make_campaign(database, program).id)
    second = make_code(database, program, make_campaign(database, program, kind="percent", percent="10").id)
    redeem(database, program, [first, second], basket(line(1, "A", 1000)), order_ref="ORDER-9")

    with unit_of_work(database) as session:
        rolled = vouchers.rollback_for_purchase(session=session, program=program, order_ref="ORDER-9", actor="test")
    with unit_of_work(database) as session:
        again = vouchers.rollback_for_purchase(session=session, program=program, order_ref="ORDER-9", actor="test")

    assert [r.status for r in rolled] == ["rolled_back", "rolled_back"] and again == []
    assert refusal_of(database, program, first, basket(line(1, "A", 1000))) is None
    assert refusal_of(database, program, second, basket(line(1, "A", 1000))) is None


def test_redeeming_and_rolling_back_are_on_the_members_timeline(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    code = make_code(database, program, campaign.id)
    member = make_member(database, program)
    applied = redeem(database, program, [code], basket(line(1, "A", 1000)), member_id=member.id, order_ref="O-7")[0]
    rollback(database, program, applied.redemption_id)

    with unit_of_work(database, read_only=True) as session:
        timeline = events.timeline(session=session, program_id=program.id, member_id=member.id, before_id=None,
                                   limit=10)
    mine = [(event.type, event.payload) for event in timeline if event.type.startswith("voucher.")]
    assert mine == [
        ("voucher.rolled_back", {"redemption_id": applied.redemption_id, "campaign_id": campaign.id,
                                 "order_ref": "O-7", "gift_card_returned": 0, "reason": None}),
        ("voucher.redeemed", {"redemption_id": applied.redemption_id, "campaign_id": campaign.id,
                              "kind": "fixed_amount", "order_ref": "O-7", "discount": 500, "currency": "EUR",
                              "factor": None}),
    ]


def test_an_unlimited_campaign_counts_its_live_redemptions_and_a_later_limit_starts_from_them(
        database: Database, program: Program) -> None:
    # given: an unlimited campaign, three codes redeemed and one of them rolled back
    campaign = make_campaign(database, program)
    codes = make_codes(database, program, campaign.id, count=5)
    applied = [redeem(database, program, [code], basket(line(1, "A", 1000)), order_ref=code)[0]
               for code in codes[:3]]
    rollback(database, program, applied[0].redemption_id)
    counted_unlimited = campaign_state(database, program, campaign.id)["uses_total"]
    # when: the campaign gets a total limit of 3
    with unit_of_work(database) as session:
        vouchers.update_campaign(session=session, program=program, campaign_id=campaign.id, actor="test",
                                 data=CampaignUpdate.model_validate({"max_uses_total": 3}))
    counted_limited = campaign_state(database, program, campaign.id)["uses_total"]
    redeem(database, program, [codes[3]], basket(line(1, "A", 1000)), order_ref=codes[3])
    refused = redeem_error(database, program, [codes[4]], basket(line(1, "A", 1000)), order_ref=codes[4])
    # then: the live redemptions were counted, carried over, and the limit holds from there
    assert (counted_unlimited, counted_limited) == (2, 2)
    assert refused.code == "voucher_used_up"
    assert campaign_state(database, program, campaign.id)["uses_total"] == 3
