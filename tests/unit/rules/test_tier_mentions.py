"""The tier codes a condition tree names, and the check that they are the program's levels."""

from __future__ import annotations

import pytest

from loyalty.kernel.errors import Invalid
from loyalty.rules.domain import TierMention, check_tier_codes, rule_tier_mentions, tier_codes, tier_mentions
from loyalty.vouchers.domain import campaign_tier_mentions

GOLD = {"field": "member.tier", "op": "eq", "value": "gold"}
BIG_BASKET = {"field": "purchase.total", "op": "gte", "value": 5000}
COFFEE = {"field": "line.category", "op": "eq", "value": "coffee"}
KNOWN = ["member", "silver", "gold", "platinum"]


def test_a_comparison_names_its_string_value() -> None:
    assert tier_mentions(GOLD) == [TierMention("condition.value", "gold")]


def test_a_list_value_names_each_code_with_its_index() -> None:
    tree = {"field": "member.tier", "op": "in", "value": ["gold", "platinum"]}

    assert tier_mentions(tree, path="effect.line_condition") == [
        TierMention("effect.line_condition.value[0]", "gold"),
        TierMention("effect.line_condition.value[1]", "platinum")]


@pytest.mark.parametrize("op", ["eq", "ne", "in", "not_in"])
def test_every_operator_comparing_codes_names_them(op: str) -> None:
    value = ["gold"] if op in ("in", "not_in") else "gold"
    assert tier_codes({"field": "member.tier", "op": op, "value": value}) == {"gold"}


@pytest.mark.parametrize("node", [
    {"field": "member.tier", "op": "contains", "value": "ol"},      # a fragment, not a code
    {"field": "member.tier", "op": "starts_with", "value": "g"},
    {"field": "member.tier", "op": "exists", "value": True},
    {"field": "member.tier", "op": "exists"},
    {"field": "member.attributes.tier", "op": "eq", "value": "gold"},  # a custom attribute, not the level
    {"field": "purchase.store", "op": "eq", "value": "gold"},
])
def test_what_is_not_a_tier_code_is_not_named(node: dict[str, object]) -> None:
    assert tier_mentions(node) == []


def test_every_kind_of_node_is_looked_into_with_the_path_to_the_value() -> None:
    tree = {"all": [
        BIG_BASKET,
        {"any": [GOLD, {"not": {"field": "member.tier", "op": "in", "value": ["silver", "member"]}}]},
        {"any_line": {"all": [COFFEE, {"field": "member.tier", "op": "ne", "value": "platinum"}]}},
        {"all_lines": {"field": "member.tier", "op": "eq", "value": "gold"}},
    ]}

    assert tier_mentions(tree) == [
        TierMention("condition.all[1].any[0].value", "gold"),
        TierMention("condition.all[1].any[1].not.value[0]", "silver"),
        TierMention("condition.all[1].any[1].not.value[1]", "member"),
        TierMention("condition.all[2].any_line.all[1].value", "platinum"),
        TierMention("condition.all[3].all_lines.value", "gold"),
    ]
    assert tier_codes(tree) == {"gold", "silver", "member", "platinum"}


@pytest.mark.parametrize("tree", [None, {}, [], "gold", 7, {"all": "gold"}, {"not": None},
                                  {"field": "member.tier", "op": "in", "value": [1, None, {"x": 1}]},
                                  {"field": "member.tier", "op": "eq", "value": None}])
def test_anything_that_is_not_a_condition_names_nothing(tree: object) -> None:
    assert tier_mentions(tree) == []


def test_a_rule_names_the_codes_of_its_condition_and_of_its_effects_line_condition() -> None:
    fields = {"condition": GOLD,
              "effect": {"kind": "per_item", "points": 1, "line_condition": {"all": [
                  COFFEE, {"field": "member.tier", "op": "eq", "value": "silver"}]}}}

    assert rule_tier_mentions(fields) == [TierMention("condition.value", "gold"),
                                          TierMention("effect.line_condition.all[1].value", "silver")]
    assert rule_tier_mentions({"condition": None, "effect": {"kind": "fixed", "points": 5}}) == []


def test_a_campaign_names_the_codes_of_its_condition_and_line_condition() -> None:
    fields = {"condition": {"all": [BIG_BASKET, GOLD]},
              "line_condition": {"field": "member.tier", "op": "in", "value": ["platinum"]}}

    assert campaign_tier_mentions(fields) == [TierMention("condition.all[1].value", "gold"),
                                              TierMention("line_condition.value[0]", "platinum")]
    assert campaign_tier_mentions({"condition": None, "line_condition": None}) == []


def test_known_codes_pass() -> None:
    check_tier_codes(tier_mentions({"field": "member.tier", "op": "in", "value": ["gold", "platinum"]}), KNOWN)
    check_tier_codes([], [])


def test_an_unknown_code_is_refused_at_its_path_with_the_known_codes() -> None:
    mentions = tier_mentions({"all": [GOLD, {"field": "member.tier", "op": "in", "value": ["gld", "platnum", "gld"]}]})

    with pytest.raises(Invalid) as refused:
        check_tier_codes(mentions, KNOWN)

    error = refused.value
    assert (error.code, error.field) == ("unknown_tier", "condition.all[1].value[0]")
    assert error.message == ("Unknown tier code 'gld' in condition.all[1].value[0] (did you mean 'gold'?); "
                             "the program's tiers are member, silver, gold, platinum.")
    assert error.details == {"unknown": ["gld", "platnum"], "known": KNOWN}


def test_without_tiers_every_code_is_unknown() -> None:
    with pytest.raises(Invalid) as refused:
        check_tier_codes(tier_mentions(GOLD, path="line_condition"), [])

    assert (refused.value.field, refused.value.message, refused.value.details) == (
        "line_condition.value", "Unknown tier code 'gold' in line_condition.value; the program has no tiers yet.",
        {"unknown": ["gold"], "known": []})
