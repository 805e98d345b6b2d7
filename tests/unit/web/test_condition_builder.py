"""The rule form's condition builder: a tree survives the trip through form fields, the buttons
change it, and an error the API names by its JSON path lands on the node it came from."""

from __future__ import annotations

from typing import Any

from loyalty.web.admin import condition_builder as builder

TREE: dict[str, Any] = {"all": [
    {"field": "purchase.total", "op": "between", "value": [5000, 10000]},
    {"any": [{"field": "purchase.local_weekday", "op": "in", "value": [6, 7]},
             {"field": "member.attributes.vip", "op": "eq", "value": True}]},
    {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}},
    {"not": {"field": "purchase.store", "op": "starts_with", "value": "OUTLET"}},
    {"field": "member.has_email", "op": "exists"},
]}


def as_form(node: builder.Node) -> dict[str, list[str]]:
    fields = {f"{node.path}.kind": [node.kind]}
    if not node.is_group:
        fields.update({f"{node.path}.field": [node.field], f"{node.path}.op": [node.op],
                       f"{node.path}.value": [node.value]})
    for child in node.children:
        fields.update(as_form(child))
    return fields


def test_a_tree_survives_the_form() -> None:
    tree, _ = builder.to_tree(builder.from_form(as_form(builder.from_tree(TREE))), "purchase")
    assert tree == TREE


def test_an_empty_root_is_no_condition_and_a_bare_comparison_gets_a_group() -> None:
    assert builder.to_tree(builder.from_tree(None), "purchase")[0] is None
    single = {"field": "purchase.total", "op": "gte", "value": 5000}
    assert builder.to_tree(builder.from_tree(single), "purchase")[0] == {"all": [single]}


def test_not_with_several_children_means_none_of_them() -> None:
    root = builder.from_form({"c.kind": ["not"], "c.0.kind": ["cond"], "c.0.field": ["purchase.store"],
                              "c.0.op": ["eq"], "c.0.value": ["A"], "c.1.kind": ["cond"],
                              "c.1.field": ["purchase.store"], "c.1.op": ["eq"], "c.1.value": ["B"]})
    assert builder.to_tree(root, "purchase")[0] == {"not": {"any": [
        {"field": "purchase.store", "op": "eq", "value": "A"}, {"field": "purchase.store", "op": "eq", "value": "B"}]}}


def test_buttons_add_and_remove_and_say_where_the_focus_goes() -> None:
    root = builder.from_tree(TREE)
    assert builder.apply(root, "add-condition:c.1") == "c.1.2"
    assert builder.apply(root, "remove:c.0") == "c"
    assert [child.kind for child in root.children] == ["any", "any_line", "not", "cond"]
    assert [child.path for child in root.children[0].children] == ["c.0.0", "c.0.1", "c.0.2"]
    assert builder.apply(root, "remove:c") == "c" and len(root.children) == 4  # the root stays


def test_a_number_that_is_not_one_is_left_for_the_validator() -> None:
    root = builder.from_form({"c.kind": ["all"], "c.0.kind": ["cond"], "c.0.field": ["purchase.total"],
                              "c.0.op": ["gte"], "c.0.value": ["lots"]})
    assert builder.to_tree(root, "purchase")[0] == {"all": [{"field": "purchase.total", "op": "gte",
                                                             "value": "lots"}]}


def test_an_error_lands_on_its_node() -> None:
    root = builder.from_tree(TREE)
    _, origins = builder.to_tree(root, "purchase")
    assert builder.place_error(root, origins, "condition.all[1].any[0].value[1]", "bad day")
    assert builder.place_error(root, origins, "condition.all[3].not.op", "bad op")
    assert {node.path: node.error for node in root.walk() if node.error} == {"c.1.0": "bad day", "c.3.0": "bad op"}
