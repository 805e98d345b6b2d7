from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from loyalty.kernel.conditions import (
    BOOL,
    DATE,
    DATETIME,
    LIST,
    NUMBER,
    STRING,
    TIME,
    ConditionError,
    FieldCatalog,
    FieldSpec,
    evaluate,
    explain,
    validate,
)
from loyalty.kernel.errors import Invalid

CATALOG = FieldCatalog(
    fields={
        "purchase.total": FieldSpec(NUMBER, "receipt total in minor units"),
        "purchase.channel": FieldSpec(STRING, "where it was bought", choices=("pos", "online", "partner")),
        "purchase.store": FieldSpec(STRING),
        "purchase.is_first_purchase": FieldSpec(BOOL),
        "purchase.local_date": FieldSpec(DATE),
        "purchase.occurred_at": FieldSpec(DATETIME),
        "purchase.local_time": FieldSpec(TIME),
        "member.tags": FieldSpec(LIST),
    },
    open_prefixes=("member.attributes.",),
    line_fields={
        "line.category": FieldSpec(STRING),
        "line.quantity": FieldSpec(NUMBER),
        "line.sku": FieldSpec(STRING),
    },
)
NO_LINES = FieldCatalog(fields={"event.type": FieldSpec(STRING)}, open_prefixes=("event.payload.",))


def error_of(tree: Any, catalog: FieldCatalog = CATALOG) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        validate(tree, catalog)
    return caught.value


# --- validation: the path names the bad part, the message says what to do ---------------------


def test_a_well_formed_tree_validates() -> None:
    tree = {"all": [
        {"field": "purchase.total", "op": "gte", "value": 5000},
        {"any": [{"field": "purchase.channel", "op": "in", "value": ["pos", "online"]},
                 {"not": {"field": "member.attributes.vip", "op": "exists"}}]},
        {"any_line": {"all": [{"field": "line.category", "op": "eq", "value": "coffee"},
                              {"field": "purchase.store", "op": "starts_with", "value": "WAW"}]}},
        {"field": "purchase.local_date", "op": "between", "value": ["2026-01-01", "2026-12-31"]},
        {"field": "purchase.occurred_at", "op": "lt", "value": "2026-03-01T00:00:00+01:00"},
        {"field": "purchase.local_time", "op": "gte", "value": "17:00"},
        {"field": "member.tags", "op": "contains", "value": "student"},
    ]}
    validate(tree, CATALOG)


def test_unknown_field_suggests_the_closest_name() -> None:
    error = error_of({"field": "purchase.totl", "op": "gte", "value": 1})
    assert error.path == "condition.field"
    assert error.message == "unknown field 'purchase.totl' (did you mean 'purchase.total'?)"
    assert isinstance(error, Invalid) and error.field == "condition.field" and error.code == "invalid_condition"


def test_path_names_the_nested_part() -> None:
    tree = {"all": [{"field": "purchase.total", "op": "gte", "value": 1},
                    {"any": [{"field": "purchase.channel", "op": "gt", "value": "pos"}]}]}
    error = error_of(tree)
    assert error.path == "condition.all[1].any[0].op"
    assert error.message.startswith("operator 'gt' is not allowed for string field 'purchase.channel'")


def test_unknown_operator_suggests_a_known_one() -> None:
    error = error_of({"field": "purchase.total", "op": "gtee", "value": 1})
    assert (error.path, error.message) == ("condition.op", "unknown operator 'gtee' (did you mean 'gte'?)")


@pytest.mark.parametrize(("tree", "path", "fragment"), [
    ({"field": "purchase.total", "op": "gte", "value": "5000"}, "condition.value", "is a number"),
    ({"field": "purchase.total", "op": "gte", "value": True}, "condition.value", "is a number"),
    ({"field": "purchase.total", "op": "gte"}, "condition.value", "needs a value"),
    ({"field": "purchase.channel", "op": "eq", "value": "web"}, "condition.value",
     "unknown value 'web' for 'purchase.channel' (expected one of: pos, online, partner)"),
    ({"field": "purchase.channel", "op": "in", "value": ["pos", "shop"]}, "condition.value[1]", "unknown value"),
    ({"field": "purchase.channel", "op": "in", "value": []}, "condition.value", "non-empty list"),
    ({"field": "purchase.local_date", "op": "eq", "value": "01/02/2026"}, "condition.value", "YYYY-MM-DD"),
    ({"field": "purchase.occurred_at", "op": "gt", "value": "2026-03-01T10:00:00"}, "condition.value",
     "with an offset"),
    ({"field": "purchase.local_time", "op": "gt", "value": "5pm"}, "condition.value", "HH:MM"),
    ({"field": "purchase.total", "op": "between", "value": [10, 1]}, "condition.value", "low ≤ high"),
    ({"field": "purchase.total", "op": "between", "value": [1]}, "condition.value", "two values"),
    ({"field": "purchase.is_first_purchase", "op": "eq", "value": "yes"}, "condition.value", "true or false"),
    ({"field": "purchase.total", "op": "exists", "value": 1}, "condition.value", "'exists' takes true"),
    ({"field": "member.attributes.vip", "op": "eq", "value": None}, "condition.value", "use op 'exists'"),
    ({"field": "member.tags", "op": "eq", "value": "x"}, "condition.op", "not allowed for list field"),
    ({"field": "purchase.store", "op": "contains", "value": 3}, "condition.value", "takes a string"),
])
def test_values_are_type_checked(tree: dict[str, Any], path: str, fragment: str) -> None:
    error = error_of(tree)
    assert error.path == path
    assert fragment in error.message


@pytest.mark.parametrize(("tree", "path", "fragment"), [
    ([], "condition", "expected a condition object"),
    ({}, "condition", "empty condition"),
    ({"all": []}, "condition.all", "non-empty list"),
    ({"all": {"field": "purchase.total"}}, "condition.all", "non-empty list"),
    ({"alll": []}, "condition.alll", "did you mean 'all'?"),
    ({"all": [{"field": "purchase.total", "op": "eq", "value": 1}], "any": []}, "condition.any",
     "unexpected key 'any' beside 'all'"),
    ({"field": "purchase.total", "op": "eq", "value": 1, "negate": True}, "condition.negate", "unknown key"),
    ({"field": "line.category", "op": "eq", "value": "tea"}, "condition.field", "only available inside any_line"),
    ({"any_line": {"any_line": {"field": "line.sku", "op": "eq", "value": "A"}}}, "condition.any_line.any_line",
     "cannot be used inside another line condition"),
    ({"field": "member.attributes.", "op": "eq", "value": 1}, "condition.field", "unknown field"),
    ({"field": 7, "op": "eq", "value": 1}, "condition.field", "give a field name"),
    ({"field": "purchase.total", "value": 1}, "condition.op", "give an operator"),
])
def test_malformed_nodes_are_refused_with_a_path(tree: Any, path: str, fragment: str) -> None:
    error = error_of(tree)
    assert error.path == path
    assert fragment in error.message


def test_line_nodes_are_refused_where_there_are_no_lines() -> None:
    error = error_of({"any_line": {"field": "line.sku", "op": "eq", "value": "A"}}, NO_LINES)
    assert error.path == "condition.any_line"
    assert error.message == "'any_line' needs purchase lines, which this context does not have"
    error = error_of({"field": "line.sku", "op": "eq", "value": "A"}, NO_LINES)
    assert error.message == "field 'line.sku' needs purchase lines, which this context does not have"


def test_open_prefix_accepts_any_field_under_it_with_any_operator() -> None:
    validate({"field": "event.payload.product.id", "op": "starts_with", "value": "P-"}, NO_LINES)
    validate({"field": "event.payload.stars", "op": "between", "value": [4, 5]}, NO_LINES)
    assert error_of({"field": "event.payload.stars", "op": "gt", "value": True}, NO_LINES).path == "condition.value"


def test_a_line_condition_validates_with_line_fields_in_scope() -> None:
    validate({"field": "line.category", "op": "eq", "value": "coffee"}, CATALOG,
             path="effect.line_condition", in_lines=True)
    with pytest.raises(ConditionError) as caught:
        validate({"field": "line.categry", "op": "eq", "value": "coffee"}, CATALOG,
                 path="effect.line_condition", in_lines=True)
    assert caught.value.path == "effect.line_condition.field"
    assert "did you mean 'line.category'?" in caught.value.message


def test_depth_limit_is_twelve_levels() -> None:
    leaf: dict[str, Any] = {"field": "purchase.total", "op": "gt", "value": 0}
    tree = leaf
    for _ in range(11):
        tree = {"not": tree}
    validate(tree, CATALOG)  # 12 levels: allowed
    error = error_of({"not": tree})
    assert error.path == "condition" + ".not" * 12
    assert error.message == "a condition may nest at most 12 levels deep"


def test_node_limit_is_two_hundred() -> None:
    leaf = {"field": "purchase.total", "op": "gt", "value": 0}
    validate({"any": [leaf] * 199}, CATALOG)  # 1 + 199 nodes
    error = error_of({"any": [leaf] * 200})
    assert error.path == "condition.any[199]"
    assert error.message == "a condition may have at most 200 nodes"


# --- evaluation -----------------------------------------------------------------------------

FACTS: dict[str, Any] = {
    "purchase.total": 4500,
    "purchase.channel": "pos",
    "purchase.store": "WAW-01",
    "purchase.is_first_purchase": False,
    "purchase.local_date": date(2026, 3, 3),
    "purchase.occurred_at": datetime(2026, 3, 3, 16, 30, tzinfo=UTC),
    "purchase.local_time": time(17, 30),
    "member.tags": ["student", "newsletter"],
    "member.attributes.vip": True,
    "member.attributes.city": "Kraków",
    "lines": [
        {"line_no": 1, "line.sku": "ESP", "line.category": "coffee", "line.quantity": 2},
        {"line_no": 2, "line.sku": "CRO", "line.category": "bakery", "line.quantity": 1},
    ],
}


def cmp(field: str, op: str, value: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"field": field, "op": op}
    if value is not None:
        node["value"] = value
    return node


@pytest.mark.parametrize(("node", "expected"), [
    (cmp("purchase.total", "eq", 4500), True),
    (cmp("purchase.total", "ne", 4500), False),
    (cmp("purchase.total", "gt", 4500), False),
    (cmp("purchase.total", "gte", 4500), True),
    (cmp("purchase.total", "lt", 4500.5), True),
    (cmp("purchase.total", "lte", 4499), False),
    (cmp("purchase.total", "in", [100, 4500]), True),
    (cmp("purchase.total", "not_in", [100, 4500]), False),
    (cmp("purchase.total", "between", [4500, 5000]), True),
    (cmp("purchase.total", "between", [4501, 5000]), False),
    (cmp("purchase.channel", "eq", "pos"), True),
    (cmp("purchase.channel", "in", ["online", "partner"]), False),
    (cmp("purchase.store", "contains", "AW-"), True),
    (cmp("purchase.store", "starts_with", "KRK"), False),
    (cmp("purchase.is_first_purchase", "eq", False), True),
    (cmp("purchase.local_date", "eq", "2026-03-03"), True),
    (cmp("purchase.local_date", "between", ["2026-03-01", "2026-03-02"]), False),
    (cmp("purchase.occurred_at", "gte", "2026-03-03T17:30:00+01:00"), True),
    (cmp("purchase.occurred_at", "gt", "2026-03-03T17:30:00+01:00"), False),
    (cmp("purchase.local_time", "between", ["17:00", "19:00"]), True),
    (cmp("member.tags", "contains", "student"), True),
    (cmp("member.tags", "contains", "pensioner"), False),
    (cmp("member.attributes.vip", "eq", True), True),
    (cmp("member.attributes.vip", "eq", 1), False),  # true is not the number 1
    (cmp("member.attributes.city", "gt", 5), False),  # a string never orders against a number
    (cmp("member.attributes.city", "ne", 5), True),
])
def test_each_operator(node: dict[str, Any], expected: bool) -> None:
    assert evaluate(node, FACTS) is expected


def test_missing_field_compares_false_except_under_exists_and_not() -> None:
    missing = cmp("member.attributes.tier", "eq", "gold")
    assert evaluate(missing, FACTS) is False
    assert evaluate(cmp("member.attributes.tier", "ne", "gold"), FACTS) is False
    assert evaluate(cmp("member.attributes.tier", "not_in", ["gold"]), FACTS) is False
    assert evaluate({"not": missing}, FACTS) is True
    assert evaluate(cmp("member.attributes.tier", "exists"), FACTS) is False
    assert evaluate({"field": "member.attributes.tier", "op": "exists", "value": False}, FACTS) is True
    assert evaluate(cmp("member.attributes.vip", "exists"), FACTS) is True
    assert evaluate(cmp("purchase.total", "gt", 1), {**FACTS, "purchase.total": None}) is False


def test_groups_combine() -> None:
    yes, no = cmp("purchase.total", "gt", 0), cmp("purchase.total", "lt", 0)
    assert evaluate({"all": [yes, yes]}, FACTS) is True
    assert evaluate({"all": [yes, no]}, FACTS) is False
    assert evaluate({"any": [no, yes]}, FACTS) is True
    assert evaluate({"any": [no, no]}, FACTS) is False
    assert evaluate({"not": {"any": [no, no]}}, FACTS) is True


def test_line_quantifiers_see_line_fields_and_the_event_fields() -> None:
    coffee = cmp("line.category", "eq", "coffee")
    assert evaluate({"any_line": coffee}, FACTS) is True
    assert evaluate({"all_lines": coffee}, FACTS) is False
    assert evaluate({"all_lines": cmp("line.quantity", "gte", 1)}, FACTS) is True
    assert evaluate({"any_line": {"all": [coffee, cmp("purchase.channel", "eq", "pos")]}}, FACTS) is True
    assert evaluate({"any_line": {"all": [coffee, cmp("line.quantity", "gt", 2)]}}, FACTS) is False


def test_line_quantifiers_over_no_lines_are_false() -> None:
    no_lines = {**FACTS, "lines": []}
    anything = cmp("line.quantity", "gte", 0)
    assert evaluate({"any_line": anything}, no_lines) is False
    assert evaluate({"all_lines": anything}, no_lines) is False
    assert evaluate({"all_lines": anything}, {"purchase.total": 1}) is False


# --- explanation ----------------------------------------------------------------------------


def test_explain_shows_each_comparison_with_the_actual_value() -> None:
    tree = {"all": [cmp("purchase.total", "gte", 5000), cmp("purchase.channel", "eq", "pos"),
                    cmp("member.attributes.tier", "eq", "gold")]}
    assert explain(tree, FACTS) == [
        "all: no",
        "  purchase.total 4500 gte 5000: no",
        "  purchase.channel 'pos' eq 'pos': yes",
        "  member.attributes.tier (missing) eq 'gold': no",
    ]


def test_explain_walks_lines_and_negations() -> None:
    tree = {"any": [{"not": cmp("member.attributes.vip", "exists")},
                    {"any_line": cmp("line.category", "eq", "bakery")}]}
    assert explain(tree, FACTS) == [
        "any: yes",
        "  not: no",
        "    member.attributes.vip true exists: yes",
        "  any_line: yes",
        "    line 1: no",
        "      line.category 'coffee' eq 'bakery': no",
        "    line 2: yes",
        "      line.category 'bakery' eq 'bakery': yes",
    ]


def test_explain_agrees_with_evaluate_on_a_single_comparison() -> None:
    node = cmp("purchase.local_date", "in", ["2026-03-03", "2026-03-04"])
    assert explain(node, FACTS) == ["purchase.local_date 2026-03-03 in ['2026-03-03', '2026-03-04']: yes"]
    assert evaluate(node, FACTS) is True
    assert explain({"any_line": cmp("line.sku", "eq", "A")}, {"lines": []}) == ["any_line: no (no lines)"]


@pytest.mark.parametrize("name", ['member.attributes.a"b', "member.attributes.a{b}", "member.attributes.a\\b",
                                  "member.attributes.a,b", "member.attributes.a b", "member.attributes." + "x" * 65,
                                  "member.attributes.a..b"])
def test_open_prefix_parts_are_plain_names(name: str) -> None:
    error = error_of({"field": name, "op": "eq", "value": 1})
    assert error.path == "condition.field"
    assert "1 to 64 letters, digits, '_' or '-'" in error.message


def test_open_prefix_parts_may_hold_letters_digits_dashes_and_underscores() -> None:
    validate({"field": "member.attributes.shoe-size_EU.v2", "op": "gte", "value": 40}, CATALOG)
    validate({"field": "member.attributes." + "x" * 64, "op": "exists"}, CATALOG)
