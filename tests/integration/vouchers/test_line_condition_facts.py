"""A campaign's `line_condition` may look at the member (their tier, their first purchase), like its `condition`."""

from __future__ import annotations

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.tiers import assign, make_levels
from tests.factories.vouchers import basket, check, line, make_campaign, make_code

COFFEE = {"field": "line.category", "op": "eq", "value": "coffee"}


def test_a_line_condition_on_the_members_tier_discounts_a_gold_members_lines_only(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    campaign = make_campaign(database, program, kind="percent", percent="50", max_uses_per_code=None,
                             line_condition={"all": [COFFEE, {"field": "member.tier", "op": "eq", "value": "gold"}]})
    code = make_code(database, program, campaign.id, "GOLD-COFFEE")
    gold, newcomer = make_member(database, program), make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")
    the_basket = basket(line(1, "CAP", 1400, category="coffee"), line(2, "CRO", 900, category="bakery"))

    for_gold = check(database, program, code, the_basket, member_id=gold.id)
    for_newcomer = check(database, program, code, the_basket, member_id=newcomer.id)

    assert (for_gold.refusal, for_gold.discount.total_minor if for_gold.discount else None) == (None, 700)
    assert for_newcomer.refusal is not None and for_newcomer.refusal.code == "voucher_not_applicable"


def test_a_line_condition_on_the_first_purchase_holds_for_a_member_without_purchases(
        database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, kind="percent", percent="50", max_uses_per_code=None,
                             line_condition={"all": [COFFEE, {"field": "purchase.is_first_purchase", "op": "eq",
                                                              "value": True}]})
    code = make_code(database, program, campaign.id, "FIRST-COFFEE")
    member = make_member(database, program)

    result = check(database, program, code, basket(line(1, "CAP", 1400, category="coffee")), member_id=member.id)

    assert (result.refusal, result.discount.total_minor if result.discount else None) == (None, 700)
