from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from loyalty.kernel.errors import Conflict, Invalid
from loyalty.rewards import domain
from loyalty.rewards.domain import Definition, MemberPosition, RewardTerms

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def terms(**overrides: object) -> RewardTerms:
    values: dict[str, object] = {"kind": "physical", "unit": "points", "points_price": 500, "available": None,
                                 "redeemed_count": 0, "limit_total": None, "limit_per_member": None,
                                 "starts_at": None, "ends_at": None, "eligible_tiers": ()}
    values.update(overrides)
    return RewardTerms(**values)  # type: ignore[arg-type]


def position(**overrides: object) -> MemberPosition:
    values: dict[str, object] = {"balance": 1000, "redeemed": 0, "tier": None}
    values.update(overrides)
    return MemberPosition(**values)  # type: ignore[arg-type]


def codes(found: list[domain.Refusal]) -> list[str]:
    return [refusal.code for refusal in found]


def test_a_member_with_enough_points_may_redeem() -> None:
    assert domain.refusals(terms(), position(), now=NOW, timezone="Europe/Warsaw") == []


def test_each_reason_is_given_with_a_message() -> None:
    found = domain.refusals(
        terms(available=0, redeemed_count=5, limit_total=5, limit_per_member=1, eligible_tiers=("GOLD",),
              starts_at=datetime(2026, 12, 1, tzinfo=UTC)),
        position(balance=120, redeemed=1, tier="SILVER", is_blocked=True), now=NOW, timezone="Europe/Warsaw")
    assert codes(found) == ["member_blocked", "outside_validity", "tier_not_eligible", "out_of_stock",
                            "total_limit_reached", "member_limit_reached", "insufficient_points"]
    messages = {refusal.code: refusal.message for refusal in found}
    assert messages["insufficient_points"] == "Needs 500 points; the member has 120."
    assert messages["outside_validity"] == "Available from 2026-12-01."
    assert messages["tier_not_eligible"] == "Only for members of tier GOLD."
    assert messages["member_limit_reached"] == "A member may redeem this reward once; this member already has."


def test_validity_ends_exclusive_and_shows_the_local_date() -> None:
    ends = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert codes(domain.refusals(terms(ends_at=ends), position(), now=NOW, timezone="Europe/Warsaw")) == \
        ["outside_validity"]
    late_evening = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Warsaw
    found = domain.refusals(terms(ends_at=late_evening), position(), now=datetime(2026, 12, 2, tzinfo=UTC),
                            timezone="Europe/Warsaw")
    assert found[0].message == "Was available until 2026-12-01."
    assert domain.refusals(terms(starts_at=NOW), position(), now=NOW, timezone="UTC") == []


def test_a_variable_price_is_checked_against_the_points_asked_for() -> None:
    found = domain.refusals(terms(kind="donation"), position(balance=700), now=NOW, timezone="UTC", points=800)
    assert [(r.code, r.message) for r in found] == [("insufficient_points", "Needs 800 points; the member has 700.")]


def test_a_member_in_debt_is_told_they_have_nothing() -> None:
    found = domain.refusals(terms(), position(balance=-40), now=NOW, timezone="UTC")
    assert found[0].message == "Needs 500 points; the member has 0."


def test_a_coupon_of_a_stopped_or_ended_campaign_is_unavailable_and_of_a_later_one_is_not() -> None:
    def found(**campaign: object) -> list[tuple[str, str]]:
        values: dict[str, object] = {"is_active": True, "ends_at": None, "codes_to_publish": 5, **campaign}
        coupon = terms(kind="coupon", campaign=domain.CouponCampaign(**values))  # type: ignore[arg-type]
        return [(r.code, r.message) for r in domain.refusals(coupon, position(), now=NOW, timezone="Europe/Warsaw")]

    assert found() == []
    assert found(is_active=False) == [("coupon_unavailable", "This coupon is no longer offered.")]
    assert found(ends_at=datetime(2026, 11, 21, 23, 30, tzinfo=UTC)) == [
        ("coupon_unavailable", "This coupon was offered until 2026-11-22.")]  # 00:30 in Warsaw
    assert found(ends_at=datetime(2026, 11, 22, 12, 1, tzinfo=UTC)) == []


def test_tier_codes_must_be_the_programs() -> None:
    domain.check_eligible_tiers([], [])
    domain.check_eligible_tiers(["gold"], ["member", "gold"])
    with pytest.raises(Invalid) as refused:
        domain.check_eligible_tiers(["gold", "Gold", "vip"], ["member", "gold"])
    assert (refused.value.code, refused.value.field, refused.value.details) == (
        "unknown_tier", "eligible_tiers.1", {"unknown": ["Gold", "vip"], "known": ["member", "gold"]})
    assert refused.value.message == "Unknown tier code 'Gold' in eligible_tiers; the program's tiers are member, gold."


def test_available_is_the_smaller_of_stock_and_unused_codes() -> None:
    assert domain.available_stock(None, None) is None
    assert domain.available_stock(5, None) == 5
    assert domain.available_stock(None, 3) == 3
    assert domain.available_stock(5, 3) == 3


def test_physical_items_move_only_forward_and_cancel_before_shipping() -> None:
    assert domain.allowed_transitions("physical", "requested") == ("confirmed", "cancelled")
    assert domain.allowed_transitions("physical", "confirmed") == ("shipped", "cancelled")
    assert domain.allowed_transitions("physical", "shipped") == ("delivered",)
    assert domain.allowed_transitions("physical", "delivered") == ()
    assert domain.allowed_transitions("e_voucher", "completed") == ()
    domain.check_transition("physical", "confirmed", "shipped")
    with pytest.raises(Conflict) as refused:
        domain.check_transition("physical", "shipped", "cancelled")
    assert refused.value.code == "transition_not_allowed"
    assert refused.value.message == "A redemption that is shipped can become delivered, not cancelled."
    assert refused.value.details == {"current": "shipped", "wanted": "cancelled", "allowed": ["delivered"]}
    with pytest.raises(Conflict, match="completed at once"):
        domain.check_transition("cashback", "completed", "cancelled")
    with pytest.raises(Conflict, match="cannot change any more"):
        domain.check_transition("physical", "cancelled", "confirmed")


def test_texts_fall_back_from_the_language_to_its_primary_tag_to_the_program_locale() -> None:
    names = {"en": "Mug", "pl": "Kubek"}
    assert domain.localized(names, "pl", "en") == "Kubek"
    assert domain.localized(names, "pl-PL", "en") == "Kubek"
    assert domain.localized(names, "PL", "en") == "Kubek"
    assert domain.localized(names, "ru", "en") == "Mug"
    assert domain.localized(names, None, "pl") == "Kubek"
    assert domain.localized({"de": "Becher"}, "ru", "en") == "Becher"
    assert domain.localized({}, "en", "en") is None


def test_cashback_is_never_rounded_up() -> None:
    assert domain.cashback_for(1000, Decimal("1")) == 1000
    assert domain.cashback_for(999, Decimal("0.5")) == 499
    assert domain.cashback_for(3, Decimal("0.333333")) == 0


def test_receipt_numbers_carry_the_day_and_the_id() -> None:
    assert domain.receipt_number(42, datetime(2026, 11, 22, 23, 59, tzinfo=UTC)) == "R-20261122-000042"
    assert domain.receipt_number(1234567, NOW) == "R-20261122-1234567"


def test_a_pool_is_low_below_its_threshold() -> None:
    assert domain.is_low(codes_total=10, codes_used=6, low_threshold=5) is True
    assert domain.is_low(codes_total=10, codes_used=5, low_threshold=5) is False


# --- code files -------------------------------------------------------------------------------


def test_codes_come_from_the_first_column_or_the_one_named_code() -> None:
    assert [(c.line, c.code) for c in domain.parse_code_file("A1\nB2\n\nC3")] == [(1, "A1"), (2, "B2"), (4, "C3")]
    with_header = "\ufeffpartner,Code,value\nX,AB-1,10\nX,AB-2,10\n"
    assert [(c.line, c.code) for c in domain.parse_code_file(with_header)] == [(2, "AB-1"), (3, "AB-2")]


def test_every_problem_in_a_code_file_names_its_line() -> None:
    with pytest.raises(Invalid) as refused:
        domain.parse_code_file("code\nA1\n\nA1\nB 2\n" + "x" * 201 + "\n,note\n")
    error = refused.value
    assert error.code == "invalid_code_file"
    assert error.field == "line 4"
    assert error.message == "Line 4: code 'A1' repeats line 2 (and 3 more problems). Nothing was imported."
    assert [problem["line"] for problem in error.details["problems"]] == [4, 5, 6, 7]
    assert error.details["problems"][1]["message"] == "code 'B 2' contains spaces or control characters"
    assert error.details["problems"][2]["message"] == "code is 201 characters long; at most 200"
    assert error.details["problems"][3]["message"] == "no code in this row"


def test_a_file_without_codes_is_refused() -> None:
    with pytest.raises(Invalid, match="holds no codes"):
        domain.parse_code_file("code\n\n")


# --- definitions --------------------------------------------------------------------------------


def definition(**overrides: object) -> Definition:
    values: dict[str, object] = {"kind": "physical", "names": {"en": "Mug"}, "points_price": 100, "money_price": 0,
                                 "starts_at": None, "ends_at": None, "code_pool_id": None,
                                 "voucher_campaign_id": None, "cause_id": None, "cashback_rate": None}
    values.update(overrides)
    return Definition(**values)  # type: ignore[arg-type]


def refused_field(value: Definition, units: tuple[str, ...] = ("points",),
                  locale: str = "en") -> tuple[str, str | None]:
    with pytest.raises(Invalid) as refused:
        domain.check_definition(value, program_units=units, program_locale=locale)
    return refused.value.code, refused.value.field


def test_each_kind_needs_its_reference_and_refuses_the_others() -> None:
    domain.check_definition(definition(), program_units=("points",), program_locale="en")
    assert refused_field(definition(kind="e_voucher")) == ("missing_reference", "code_pool_id")
    assert refused_field(definition(kind="coupon")) == ("missing_reference", "voucher_campaign_id")
    assert refused_field(definition(kind="donation")) == ("missing_reference", "cause_id")
    assert refused_field(definition(cause_id=3)) == ("not_applicable", "cause_id")
    assert refused_field(definition(kind="donation", cause_id=3, money_price=100)) == ("not_applicable",
                                                                                        "money_price")


def test_the_name_in_the_program_locale_is_required() -> None:
    assert refused_field(definition(names={"pl": "Kubek"})) == ("name_required", "names.en")
    domain.check_definition(definition(names={"en-GB": "Mug"}), program_units=("points",), program_locale="en")


def test_cashback_needs_the_cashback_unit_and_a_rate_that_gives_something() -> None:
    cashback = definition(kind="cashback", cashback_rate=Decimal("0.001"), points_price=100)
    assert refused_field(cashback) == ("unknown_unit", "kind")
    assert refused_field(cashback, units=("points", "cashback")) == ("cashback_too_small", "cashback_rate")
    domain.check_definition(definition(kind="cashback", cashback_rate=Decimal("0.01")),
                            program_units=("points", "cashback"), program_locale="en")


def test_a_stamp_card_is_paid_in_stamps_and_holds_at_least_two() -> None:
    card = definition(kind="stamp_card", voucher_campaign_id=1, points_price=10)
    assert domain.unit_for("stamp_card") == "stamps"
    assert refused_field(card) == ("unknown_unit", "kind")
    assert refused_field(definition(kind="stamp_card", voucher_campaign_id=1, points_price=1),
                         units=("points", "stamps")) == ("invalid_card_size", "points_price")
    domain.check_definition(card, program_units=("points", "stamps"), program_locale="en")


def test_validity_must_end_after_it_starts() -> None:
    assert refused_field(definition(starts_at=NOW, ends_at=NOW)) == ("invalid_validity", "ends_at")
