"""Who is held out, chunk bounds, what a member costs, and reading a pasted list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loyalty.campaigns import domain
from loyalty.kernel.errors import Invalid


def test_the_control_group_is_reproducible_and_about_its_share() -> None:
    ids = range(1, 20_001)
    first = {i for i in ids if domain.is_control("seed-a", i, Decimal("0.2"))}
    again = {i for i in ids if domain.is_control("seed-a", i, Decimal("0.2"))}
    other = {i for i in ids if domain.is_control("seed-b", i, Decimal("0.2"))}
    assert first == again
    assert abs(len(first) / 20_000 - 0.2) < 0.015  # 3.4 standard deviations at n = 20,000
    assert first != other
    assert abs(len(other) / 20_000 - 0.2) < 0.015


def test_a_members_place_does_not_depend_on_the_others() -> None:
    position = domain.control_position("seed", 42)
    assert 0 <= position < 1
    assert domain.control_position("seed", 42) == position
    assert domain.is_control("seed", 42, 0) is False
    assert domain.is_control("seed", 42, position + 1e-12) is True


def test_chunk_bounds_cover_the_ids_once() -> None:
    assert domain.chunk_bounds([3, 6, 9], 10) == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert domain.chunk_bounds([3, 6], 6) == [(0, 3), (3, 6)]
    assert domain.chunk_bounds([], 2) == [(0, 2)]
    assert domain.chunk_bounds([], None) == []


def test_what_a_member_costs_each_budget() -> None:
    assert domain.costing(offer_kind="points", offer_points=100, offer_value_minor=50, budget_kind="points") \
        == domain.Costing(per_member=100, value_minor=50)
    assert domain.costing(offer_kind="points", offer_points=100, offer_value_minor=50, budget_kind="money") \
        == domain.Costing(per_member=50, value_minor=50)
    assert domain.costing(offer_kind="coupon", offer_points=None, offer_value_minor=500, budget_kind="money") \
        == domain.Costing(per_member=500, value_minor=500)
    assert domain.costing(offer_kind="none", offer_points=None, offer_value_minor=0, budget_kind="none") \
        == domain.Costing(per_member=0, value_minor=0)


@pytest.mark.parametrize(("fields", "field"), [
    ({"offer_kind": "none", "has_message": False}, "message"),
    ({"budget_kind": "points", "offer_kind": "coupon", "voucher_campaign_id": 1, "budget_total": 5}, "budget.kind"),
    ({"budget_kind": "money", "budget_total": 100, "cost_per_member": 0}, "offer.value"),
    ({"target_kind": "list", "list_size": 0}, "members"),
])
def test_parts_that_do_not_fit_are_refused(fields: dict[str, object], field: str) -> None:
    parts: dict[str, object] = {"offer_kind": "points", "offer_points": 10, "voucher_campaign_id": None,
                                "has_message": False, "budget_kind": "none", "budget_total": None,
                                "cost_per_member": 10, "target_kind": "condition", "list_size": 0, **fields}
    with pytest.raises(Invalid) as refused:
        domain.check_parts(**parts)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_a_pasted_list_is_read_by_its_shape() -> None:
    read = domain.classify_identifiers(["email", "Anna@Example.com", "4012 8888 8888 1881", "17; 18", "", "??"])
    assert read.emails == ["anna@example.com"]
    assert read.card_numbers == ["4012888888881881"]
    assert read.member_ids == [17, 18]
    assert read.unreadable == ["??"]
