from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from loyalty.kernel.conditions import ConditionError
from loyalty.kernel.errors import Invalid
from loyalty.rules.domain import (
    Evaluation,
    EventFacts,
    Facts,
    LineFacts,
    MemberFacts,
    RuleSpec,
    age_on,
    birthday_month_days,
    build_member_facts,
    build_purchase_facts,
    check_rule,
    evaluate,
    multiply,
    once_per_key,
    scale,
    spread,
)

TZ = "Europe/Warsaw"
AT = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)  # Tuesday 16:30 in Warsaw
COFFEE = {"field": "line.category", "op": "eq", "value": "coffee"}


def rule(rule_id: int, effect: dict[str, Any], **fields: Any) -> RuleSpec:
    return RuleSpec(rule_id=rule_id, version=fields.pop("version", 1), name=f"rule {rule_id}",
                    trigger=fields.pop("trigger", "purchase"), effect=effect, **fields)


def line(line_no: int, category: str, quantity: int, unit_price: int, sku: str | None = None) -> LineFacts:
    return LineFacts(line_no=line_no, sku=sku or f"SKU-{line_no}", name=None, category=category, quantity=quantity,
                     unit_price_minor=unit_price, amount_minor=quantity * unit_price)


def receipt(*lines: LineFacts, total: int | None = None, at: datetime = AT, channel: str = "pos",
            member: MemberFacts | None = None) -> Facts:
    purchase = build_purchase_facts(
        timezone=TZ, lines=lines, total_minor=total if total is not None else sum(x.amount_minor for x in lines),
        channel=channel, store="WAW-01", occurred_at=at, is_first_purchase=False)
    return Facts(occurred_at=at, member=member, purchase=purchase)


# Two cappuccinos at 14.00, a croissant at 9.00, an espresso at 8.00: 45.00 EUR.
BASKET = receipt(line(1, "coffee", 2, 1400), line(2, "bakery", 1, 900), line(3, "coffee", 1, 800))


def run(rules: list[RuleSpec], facts: Facts = BASKET, *, point_value: str = "0.01",
        currency: str = "EUR") -> Evaluation:
    return evaluate(rules, facts, point_value=Decimal(point_value), currency=currency)


def only(evaluation: Evaluation) -> tuple[int, dict[int | None, int]]:
    [result] = evaluation.results
    assert result.matched
    return result.points, dict(result.line_allocations)


# --- each effect ------------------------------------------------------------------------------


def test_fixed_points_are_spread_over_the_lines_by_amount() -> None:
    points, lines = only(run([rule(1, {"kind": "fixed", "points": 50})]))
    assert points == 50
    assert lines == {1: 31, 2: 10, 3: 9}  # 2800 : 900 : 800 of 4500, summing exactly
    assert sum(lines.values()) == 50


def test_per_amount_on_the_receipt_counts_whole_units_of_money() -> None:
    effect = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}
    assert only(run([rule(1, effect)], receipt(line(1, "coffee", 1, 4599)))) == (45, {1: 45})
    points, lines = only(run([rule(1, effect)]))
    assert (points, lines) == (45, {1: 28, 2: 9, 3: 8})


def test_per_amount_on_matching_lines_counts_only_them() -> None:
    effect = {"kind": "per_amount", "points": 2, "per_minor": 100, "scope": "matching_lines", "line_condition": COFFEE}
    assert only(run([rule(1, effect)])) == (72, {1: 56, 3: 16})  # floor(3600 / 100) × 2


def test_per_item_gives_points_per_unit_on_matching_lines() -> None:
    stamps = rule(1, {"kind": "per_item", "points": 1, "line_condition": COFFEE}, unit="stamps")
    assert only(run([stamps])) == (3, {1: 2, 3: 1})
    every_item = rule(1, {"kind": "per_item", "points": 5, "line_condition": None})
    assert only(run([every_item])) == (20, {1: 10, 2: 5, 3: 5})


def test_percent_as_cashback_is_in_the_currencys_minor_units() -> None:
    effect = {"kind": "percent", "percent": "5", "scope": "receipt"}
    assert only(run([rule(1, effect, unit="cashback")], receipt(line(1, "coffee", 1, 4550))))[0] == 227  # 227.5


def test_percent_as_points_is_the_points_worth_that_much_money() -> None:
    effect = {"kind": "percent", "percent": "5", "scope": "receipt"}
    basket = receipt(line(1, "coffee", 1, 4550))
    # 5 % of 45.50 EUR = 2.275 EUR; at 0.01 EUR a point that is 227 points, at 0.05 it is 45.
    assert only(run([rule(1, effect)], basket, point_value="0.01"))[0] == 227
    assert only(run([rule(1, effect)], basket, point_value="0.05"))[0] == 45
    # JPY has no minor unit: 5 % of 1000 JPY at 1 JPY a point is 50 points.
    assert only(run([rule(1, effect)], receipt(line(1, "x", 1, 1000)), point_value="1", currency="JPY"))[0] == 50


def test_percent_on_matching_lines() -> None:
    effect = {"kind": "percent", "percent": "10", "scope": "matching_lines", "line_condition": COFFEE}
    assert only(run([rule(1, effect, unit="cashback")])) == (360, {1: 280, 3: 80})


def test_an_amount_effect_without_matching_lines_matches_with_zero_points() -> None:
    effect = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "matching_lines",
              "line_condition": {"field": "line.category", "op": "eq", "value": "tea"}}
    [result] = run([rule(1, effect)]).results
    assert (result.matched, result.points, dict(result.line_allocations)) == (True, 0, {})
    assert result.why[-1] == "floor(0 / 100) × 1 = 0 points (amount of no matching lines)"


def test_a_receipt_without_lines_allocates_to_line_none() -> None:
    effect = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}
    assert only(run([rule(1, effect)], receipt(total=1250))) == (12, {None: 12})


def test_an_event_without_lines_allocates_to_line_none() -> None:
    facts = Facts(occurred_at=AT, event=EventFacts(type="review_posted", occurred_at=AT, payload={}))
    assert only(run([rule(1, {"kind": "fixed", "points": 50}, trigger="custom_event")], facts)) == (50, {None: 50})


# --- multipliers ------------------------------------------------------------------------------

PER_EURO = {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}


def test_multiplier_adds_the_base_times_factor_minus_one_allocated_like_the_base() -> None:
    evaluation = run([rule(1, PER_EURO), rule(2, {"kind": "multiplier", "factor": "2"})])
    base, double = evaluation.results
    assert (base.points, dict(base.line_allocations)) == (45, {1: 28, 2: 9, 3: 8})
    assert (double.points, dict(double.line_allocations)) == (45, {1: 28, 2: 9, 3: 8})
    assert double.why[-1] == "base 45 points × (2 − 1) = 45 extra points"
    assert evaluation.totals() == {"points": 90}


def test_fractional_multiplier_floors() -> None:
    evaluation = run([rule(1, PER_EURO), rule(2, {"kind": "multiplier", "factor": "1.5"})])
    assert [r.points for r in evaluation.results] == [45, 22]


def test_multipliers_add_up_rather_than_compound() -> None:
    evaluation = run([rule(1, {"kind": "fixed", "points": 10}), rule(2, {"kind": "multiplier", "factor": "2"}),
                      rule(3, {"kind": "multiplier", "factor": "3"})])
    assert [r.points for r in evaluation.results] == [10, 10, 20]


def test_multiplier_counts_only_its_own_unit_and_only_rules_that_applied() -> None:
    evaluation = run([
        rule(1, PER_EURO),
        rule(2, {"kind": "per_item", "points": 1, "line_condition": COFFEE}, unit="stamps"),
        rule(3, {"kind": "fixed", "points": 1000},
             condition={"field": "purchase.channel", "op": "eq", "value": "online"}),
        rule(4, {"kind": "multiplier", "factor": "3"}, unit="stamps"),
    ])
    assert [(r.rule_id, r.matched, r.points) for r in evaluation.results] == [
        (1, True, 45), (2, True, 3), (3, False, 0), (4, True, 6)]
    assert evaluation.totals() == {"points": 45, "stamps": 9}


def test_multiplier_without_a_base_gives_nothing() -> None:
    [result] = run([rule(1, {"kind": "multiplier", "factor": "2"})]).results
    assert (result.matched, result.points) == (True, 0)


def test_multiply_and_scale_keep_allocations_exact() -> None:
    assert multiply(Decimal("2"), {1: 7, 2: 3}) == (10, {1: 7, 2: 3})
    assert multiply(Decimal("1.1"), {1: 7, 2: 3}) == (1, {1: 1})
    assert scale({1: 28, 2: 9, 3: 8}, 20) == {1: 12, 2: 4, 3: 4}  # 12.44, 4.0, 3.56
    assert scale({1: 28, 2: 9, 3: 8}, 45) == {1: 28, 2: 9, 3: 8}
    assert scale({None: 50}, 30) == {None: 30}
    assert spread(10, {1: 1, 2: 1, 3: 1}) == {1: 4, 2: 3, 3: 3}
    assert spread(10, {1: 0}) == {None: 10}
    assert spread(0, {1: 5}) == {}


# --- order, exclusivity, windows --------------------------------------------------------------


def test_rules_run_by_priority_then_id_and_multipliers_last() -> None:
    evaluation = run([
        rule(5, {"kind": "multiplier", "factor": "2"}, priority=1),
        rule(9, {"kind": "fixed", "points": 1}, priority=50),
        rule(3, {"kind": "fixed", "points": 1}, priority=100),
        rule(2, {"kind": "fixed", "points": 1}, priority=100),
    ])
    assert [r.rule_id for r in evaluation.results] == [9, 2, 3, 5]


def test_an_exclusive_rule_that_matches_stops_later_rules_of_its_group_only() -> None:
    evaluation = run([
        rule(1, {"kind": "fixed", "points": 5}, priority=5),
        rule(2, {"kind": "fixed", "points": 100}, priority=10, is_exclusive=True),
        rule(3, {"kind": "fixed", "points": 7}, priority=20),
        rule(4, {"kind": "per_item", "points": 1, "line_condition": None}, priority=30, unit="stamps"),
        rule(5, {"kind": "multiplier", "factor": "2"}, priority=40),
    ])
    outcome = {r.rule_id: (r.matched, r.points) for r in evaluation.results}
    assert outcome == {1: (True, 5), 2: (True, 100), 3: (False, 0), 4: (True, 4), 5: (True, 105)}
    skipped = next(r for r in evaluation.results if r.rule_id == 3)
    assert skipped.why == ("skipped: exclusive rule 2 'rule 2' matched first",)


def test_an_exclusive_rule_that_does_not_match_stops_nothing() -> None:
    online_only = {"field": "purchase.channel", "op": "eq", "value": "online"}
    evaluation = run([rule(1, {"kind": "fixed", "points": 100}, priority=1, is_exclusive=True, condition=online_only),
                      rule(2, {"kind": "fixed", "points": 5}, priority=2)])
    assert [(r.matched, r.points) for r in evaluation.results] == [(False, 0), (True, 5)]


def test_an_exclusive_multiplier_stops_later_multipliers() -> None:
    evaluation = run([rule(1, {"kind": "fixed", "points": 10}),
                      rule(2, {"kind": "multiplier", "factor": "3"}, priority=1, is_exclusive=True),
                      rule(3, {"kind": "multiplier", "factor": "2"}, priority=2)])
    assert [(r.rule_id, r.points) for r in evaluation.results] == [(1, 10), (2, 20), (3, 0)]


def test_windows_are_checked_against_the_events_time() -> None:
    fixed = {"kind": "fixed", "points": 10}
    evaluation = run([
        rule(1, fixed, starts_at=AT, ends_at=AT + timedelta(days=1)),       # starts exactly now: in force
        rule(2, fixed, starts_at=AT + timedelta(seconds=1)),                  # not yet
        rule(3, fixed, ends_at=AT),                                           # ended exactly now: ends_at excluded
        rule(4, fixed, starts_at=AT - timedelta(days=7), ends_at=AT + timedelta(seconds=1)),
    ])
    assert [(r.rule_id, r.matched) for r in evaluation.results] == [(1, True), (2, False), (3, False), (4, True)]
    assert evaluation.results[1].why == ("not in force yet: starts 2026-03-03T15:30:01+00:00",)
    assert evaluation.results[2].why == ("no longer in force: ended 2026-03-03T15:30:00+00:00",)


def test_why_holds_the_condition_trace_and_the_effect() -> None:
    condition = {"all": [{"field": "purchase.total", "op": "gte", "value": 5000},
                         {"field": "purchase.local_weekday", "op": "eq", "value": 2}]}
    [result] = run([rule(1, PER_EURO, condition=condition)]).results
    assert result.matched is False
    assert result.why == ("all: no", "  purchase.total 4500 gte 5000: no", "  purchase.local_weekday 2 eq 2: yes")
    [always] = run([rule(1, PER_EURO)]).results
    assert always.why == ("no condition: always applies", "floor(4500 / 100) × 1 = 45 points (receipt total)")


def test_without_reasons_the_outcome_is_the_same() -> None:
    rules = [rule(1, PER_EURO, condition={"any_line": COFFEE}), rule(2, {"kind": "multiplier", "factor": "2"})]
    quick = evaluate(rules, BASKET, point_value=Decimal("0.01"), currency="EUR", with_reasons=False)
    full = run(rules)
    assert [(r.matched, r.points, r.line_allocations) for r in quick.results] == \
           [(r.matched, r.points, r.line_allocations) for r in full.results]
    assert all(r.why == () for r in quick.results)


def test_once_per_names_the_value_and_a_missing_value_does_not_match() -> None:
    reviewed = Facts(occurred_at=AT, event=EventFacts("review_posted", AT, {"product_id": "P-1", "stars": 5}))
    spec = rule(1, {"kind": "fixed", "points": 50}, trigger="custom_event", once_per="event.payload.product_id")
    [result] = run([spec], reviewed).results
    assert (result.matched, result.grant_key) == (True, "event.payload.product_id=P-1")
    [missing] = run([spec], Facts(occurred_at=AT, event=EventFacts("review_posted", AT, {}))).results
    assert missing.matched is False
    assert missing.why == ("event.payload.product_id is missing: the rule gives once per value of it",)
    assert once_per_key("event.payload.item", {"b": 1, "a": [2]}) == once_per_key("event.payload.item",
                                                                                   {"a": [2], "b": 1})
    long_key = once_per_key("event.payload.text", "x" * 400)
    assert long_key.startswith("event.payload.text#sha256:") and len(long_key) <= 300


# --- facts ------------------------------------------------------------------------------------


def test_purchase_facts_use_the_programs_timezone() -> None:
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # Sunday in UTC, Monday 00:30 in Warsaw
    facts = build_purchase_facts(timezone=TZ, lines=[line(1, "coffee", 2, 1400), line(2, "bakery", 3, 100)],
                                 total_minor=3100, channel="online", store=None, occurred_at=late,
                                 is_first_purchase=True)
    flat = Facts(occurred_at=late, purchase=facts).flat()
    assert {key: value for key, value in flat.items() if key != "lines"} == {
        "purchase.total": 3100, "purchase.channel": "online", "purchase.store": None, "purchase.occurred_at": late,
        "purchase.local_date": date(2026, 3, 2), "purchase.local_weekday": 1, "purchase.local_hour": 0,
        "purchase.line_count": 2, "purchase.item_count": 5, "purchase.is_first_purchase": True,
    }
    assert flat["lines"][1] == {"line_no": 2, "line.sku": "SKU-2", "line.name": None, "line.category": "bakery",
                                "line.quantity": 3, "line.unit_price": 100, "line.amount": 300}


def test_member_facts_count_days_and_age_in_local_time() -> None:
    at = datetime(2026, 5, 9, 22, 30, tzinfo=UTC)  # already 10 May in Warsaw
    facts = build_member_facts(timezone=TZ, at=at, enrolled_at=datetime(2026, 5, 1, 23, 0, tzinfo=UTC),
                               enrolment_channel="pos", birth_date=date(2000, 5, 10), preferred_language="pl",
                               has_email=False, attributes={"vip": True, "address": {"city": "Kraków"}})
    assert facts.days_since_enrolment == 8  # 2 May to 10 May, local
    assert facts.age == 26  # the birthday is today, locally
    assert facts.flat() == {
        "member.enrolment_channel": "pos", "member.days_since_enrolment": 8, "member.age": 26,
        "member.preferred_language": "pl", "member.has_email": False, "member.attributes.vip": True,
        "member.attributes.address": {"city": "Kraków"}, "member.attributes.address.city": "Kraków",
    }


def test_age_and_birthdays() -> None:
    assert age_on(date(2000, 5, 10), date(2026, 5, 9)) == 25
    assert age_on(date(2000, 5, 10), date(2026, 5, 10)) == 26
    assert birthday_month_days(date(2026, 2, 28)) == ["02-28", "02-29"]
    assert birthday_month_days(date(2028, 2, 28)) == ["02-28"]
    assert birthday_month_days(date(2028, 2, 29)) == ["02-29"]
    assert birthday_month_days(date(2026, 3, 1)) == ["03-01"]


def test_member_conditions_see_member_facts() -> None:
    member = MemberFacts(enrolment_channel="app", days_since_enrolment=3, age=None, preferred_language=None,
                         has_email=True, attributes={"tier": "gold"})
    condition = {"all": [{"field": "member.attributes.tier", "op": "eq", "value": "gold"},
                         {"not": {"field": "member.age", "op": "gte", "value": 18}}]}
    [result] = run([rule(1, {"kind": "fixed", "points": 5}, condition=condition)],
                   receipt(line(1, "coffee", 1, 100), member=member)).results
    assert result.matched is True


# --- checking a rule before it is saved -------------------------------------------------------


def fields(**overrides: Any) -> dict[str, Any]:
    return {"trigger": "purchase", "event_type": None, "unit": "points", "condition": None,
            "effect": {"kind": "fixed", "points": 10}, "starts_at": None, "ends_at": None, "once_per": None,
            **overrides}


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"trigger": "custom_event"}, "event_type",
     "A custom_event rule needs the event_type it answers, such as 'review_posted'."),
    ({"event_type": "review_posted"}, "event_type", "event_type is only for custom_event rules, not 'purchase'."),
    ({"unit": "stamps"}, "unit", "Unit 'stamps' is not used by this program (it uses: points, cashback)."),
    ({"trigger": "birthday", "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}},
     "effect.kind", "A per_amount effect counts a purchase; birthday rules can use fixed or multiplier."),
    ({"effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt", "line_condition": COFFEE}},
     "effect.line_condition", "line_condition only applies with scope 'matching_lines'."),
    ({"ends_at": AT, "starts_at": AT}, "ends_at", "ends_at must be after starts_at."),
    ({"once_per": "event.payload.product_id"}, "once_per",
     "unknown field 'event.payload.product_id' (custom fields go under 'member.attributes.…')"),
])
def test_check_rule_names_the_bad_part(overrides: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(Invalid) as caught:
        check_rule(fields(**overrides), units=["points", "cashback"])
    assert (caught.value.field, caught.value.message) == (field, message)


def test_percent_cannot_give_stamps() -> None:
    with pytest.raises(Invalid) as caught:
        check_rule(fields(unit="stamps", effect={"kind": "percent", "percent": "5", "scope": "receipt"}),
                   units=["points", "stamps"])
    assert caught.value.field == "effect.kind"
    assert caught.value.message == "A percent effect cannot give stamps: use per_item or fixed."


def test_check_rule_validates_conditions_against_the_triggers_fields() -> None:
    with pytest.raises(ConditionError) as caught:
        check_rule(fields(condition={"all": [{"field": "purchase.total", "op": "gte", "value": 1},
                                             {"field": "purchase.channel", "op": "gte", "value": "pos"}]}),
                   units=["points"])
    assert caught.value.field == "condition.all[1].op"
    with pytest.raises(ConditionError) as caught:
        check_rule(fields(trigger="birthday", condition={"field": "purchase.total", "op": "gte", "value": 1}),
                   units=["points"])
    assert caught.value.field == "condition.field"
    with pytest.raises(ConditionError) as caught:
        check_rule(fields(effect={"kind": "per_item", "points": 1,
                                  "line_condition": {"field": "line.categry", "op": "eq", "value": "tea"}}),
                   units=["points"])
    assert caught.value.field == "effect.line_condition.field"
    assert caught.value.message == "unknown field 'line.categry' (did you mean 'line.category'?)"


def test_check_rule_accepts_a_custom_event_rule_with_payload_fields() -> None:
    check_rule(fields(trigger="custom_event", event_type="review_posted", once_per="event.payload.product_id",
                      condition={"field": "event.payload.stars", "op": "gte", "value": 4}), units=["points"])
