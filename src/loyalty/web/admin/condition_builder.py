"""The earning-rule form's condition builder: a condition tree as form fields and back.

Each node of the tree has a path (`c` the root group, `c.0` its first child, `c.0.1` …) and
its fields are named after it: `c.kind` (all, any, not, any_line, all_lines or cond), and for a
comparison `c.0.field`, `c.0.op`, `c.0.value`. The builder's buttons post `builder=ACTION:PATH`
(add-condition, add-group, remove), with or without HTMX, and the page answers with the tree
changed and the focus on what changed. `to_tree` makes exactly the JSON the API's rule schema
takes (and remembers which node each part of it came from, so an error the service names by
its JSON path, `condition.all[1].value`, is shown beside that node).

`not`, `any_line` and `all_lines` take one node: with several children the builder wraps them in
`any` (not: none of them holds) or `all` (a line matching every one). The root is always a group;
with no children the rule has no condition.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from loyalty.kernel.conditions import ALL_OPS, BOOL, NUMBER, FieldCatalog
from loyalty.rules.domain import catalog_for

GROUP_KINDS = ("all", "any", "not", "any_line", "all_lines")
SINGLE_CHILD_KINDS = ("not", "any_line", "all_lines")
CONDITION = "cond"
ROOT = "c"
LIST_OPS = ("in", "not_in", "between")
MAX_NODES = 200  # the condition validator's limit; a form never grows past it


@dataclass
class Node:
    kind: str
    path: str = ROOT
    children: list[Node] = field(default_factory=list)
    field: str = ""
    op: str = "eq"
    value: str = ""
    error: str | None = None

    @property
    def is_group(self) -> bool:
        return self.kind != CONDITION

    def walk(self) -> list[Node]:
        return [self, *(node for child in self.children for node in child.walk())]


# --- form ⇄ nodes ----------------------------------------------------------------------------


def from_form(fields: dict[str, list[str]]) -> Node:
    """The tree the form's fields describe (a bare `all` group when there are none)."""
    def first(name: str, default: str = "") -> str:
        values = fields.get(name)
        return values[0] if values else default

    def node_at(path: str, budget: list[int]) -> Node:
        budget[0] -= 1
        kind = first(f"{path}.kind", "all")
        if kind not in (*GROUP_KINDS, CONDITION):
            kind = "all"
        if kind == CONDITION:
            op = first(f"{path}.op", "eq")
            return Node(kind=CONDITION, path=path, field=first(f"{path}.field").strip(),
                        op=op if op in ALL_OPS else "eq", value=first(f"{path}.value").strip())
        pattern = re.compile(rf"^{re.escape(path)}\.(\d{{1,3}})\.kind$")
        indexes = sorted({int(found.group(1)) for name in fields if (found := pattern.match(name))})
        children = [node_at(f"{path}.{index}", budget) for index in indexes if budget[0] > 0]
        return Node(kind=kind, path=path, children=children)

    return renumber(node_at(ROOT, [MAX_NODES]))


def renumber(root: Node, path: str = ROOT) -> Node:
    """Paths in order again (after a node was removed or added)."""
    root.path = path
    for index, child in enumerate(root.children):
        renumber(child, f"{path}.{index}")
    return root


def find(root: Node, path: str) -> Node | None:
    return next((node for node in root.walk() if node.path == path), None)


def apply(root: Node, action: str) -> str:
    """Does `action` (`add-condition:PATH`, `add-group:PATH`, `remove:PATH`) to the tree; the
    path of the element that should take the focus afterwards."""
    verb, _, path = action.partition(":")
    target = find(root, path)
    if target is None or len(root.walk()) >= MAX_NODES and verb != "remove":
        return ROOT
    if verb in ("add-condition", "add-group") and target.is_group:
        target.children.append(Node(kind=CONDITION) if verb == "add-condition" else
                               Node(kind="all", children=[Node(kind=CONDITION)]))
        renumber(root)
        return target.children[-1].path
    if verb == "remove" and path != ROOT:
        parent_path = path.rsplit(".", 1)[0]
        parent = find(root, parent_path)
        if parent is not None:
            parent.children = [child for child in parent.children if child.path != path]
            renumber(root)
            return parent_path
    return ROOT


# --- nodes ⇄ the API's JSON ------------------------------------------------------------------


def _scalar(text: str, type_: str) -> Any:
    """A value as typed, as the JSON the field's type wants (left as text when it is not one,
    so the API's validator says what is wrong)."""
    if type_ == NUMBER:
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return text
            return number if number == number and number not in (float("inf"), float("-inf")) else text
    if type_ == BOOL:
        return {"true": True, "false": False}.get(text.lower(), text)
    if type_ not in ("any",):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _value(node: Node, trigger: str, catalog: FieldCatalog | None = None) -> tuple[bool, Any]:
    """(whether to send a value, the value) of a comparison, typed by `catalog` when given,
    else by the rule trigger's catalog."""
    if node.op == "exists":
        if not node.value:
            return False, None
        return True, {"true": True, "false": False}.get(node.value.lower(), node.value)
    if catalog is not None:
        spec = catalog.lookup(node.field)
    else:
        spec = catalog_for(trigger).lookup(node.field, in_lines=True) \
            if trigger in ("purchase", "enrolment", "birthday", "custom_event") else None
    type_ = spec.type if spec is not None else "any"
    if node.op in LIST_OPS:
        return True, [_scalar(part.strip(), type_) for part in node.value.split(",") if part.strip()]
    return True, _scalar(node.value, type_)


def to_tree(root: Node, trigger: str, catalog: FieldCatalog | None = None) -> tuple[dict[str, Any] | None,
                                                                                  dict[str, str]]:
    """The condition tree for the API (None when the root group is empty), and which builder
    node each JSON path came from."""
    origins: dict[str, str] = {}

    def tree(node: Node, json_path: str) -> dict[str, Any]:
        origins[json_path] = node.path
        if node.kind == CONDITION:
            has_value, value = _value(node, trigger, catalog)
            comparison: dict[str, Any] = {"field": node.field, "op": node.op}
            if has_value:
                comparison["value"] = value
            return comparison
        if node.kind in SINGLE_CHILD_KINDS:
            inner_path = f"{json_path}.{node.kind}"
            if len(node.children) == 1:
                return {node.kind: tree(node.children[0], inner_path)}
            origins[inner_path] = node.path
            # "none of these" for `not`; "a line matching all of these" for the line groups
            joined = "any" if node.kind == "not" else "all"
            return {node.kind: {joined: [tree(child, f"{inner_path}.{joined}[{index}]")
                                         for index, child in enumerate(node.children)]}}
        return {node.kind: [tree(child, f"{json_path}.{node.kind}[{index}]")
                            for index, child in enumerate(node.children)]}

    if root.kind in ("all", "any") and not root.children:
        return None, {"condition": ROOT}
    return tree(root, "condition"), origins


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value)


def from_tree(tree: Any) -> Node:
    """The builder's nodes for a saved condition tree (a bare `all` group for none)."""
    def node(part: Any) -> Node:
        if isinstance(part, dict):
            for kind in GROUP_KINDS:
                if kind in part:
                    inner = part[kind]
                    children = inner if isinstance(inner, list) else [inner]
                    return Node(kind=kind, children=[node(child) for child in children])
            return Node(kind=CONDITION, field=str(part.get("field", "")), op=str(part.get("op", "eq")),
                        value="" if "value" not in part else _text(part["value"]))
        return Node(kind=CONDITION)

    if tree is None:
        return Node(kind="all")
    root = node(tree)
    if not root.is_group:
        root = Node(kind="all", children=[root])
    return renumber(root)


def place_error(root: Node, origins: dict[str, str], json_path: str | None, message: str) -> bool:
    """Shows `message` beside the node the JSON path `json_path` names (its longest known
    prefix); False when it names none (the caller shows it at the top)."""
    if not json_path:
        return False
    candidates = [known for known in origins
                  if json_path == known or json_path.startswith((f"{known}.", f"{known}["))]
    if not candidates:
        return False
    target = find(root, origins[max(candidates, key=len)])
    if target is None:
        return False
    target.error = message
    return True
