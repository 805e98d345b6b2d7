"""One JSON condition tree for earning rules, voucher conditions, segments and journey branches.

A tree is made of nodes:

    {"all": [node, ...]}    every child holds
    {"any": [node, ...]}    at least one child holds
    {"not": node}           the child does not hold
    {"any_line": node}      at least one purchase line satisfies node (with `line.*` in scope)
    {"all_lines": node}     the purchase has lines and every one satisfies node
    {"field": "purchase.total", "op": "gte", "value": 5000}

Each context (a purchase rule, a custom event rule, a segment) offers a `FieldCatalog`: the
exact field names it knows, with a type that decides which operators and values make sense,
plus open prefixes (`member.attributes.`) whose fields may hold anything. `validate` checks
a tree against a catalog when it is saved, so `evaluate` can stay fast and never raises:
facts of the wrong type or missing facts simply compare false.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from loyalty.kernel.errors import Invalid

NUMBER = "number"
STRING = "string"
BOOL = "bool"
DATE = "date"
DATETIME = "datetime"
TIME = "time"
LIST = "list"
# Fields under an open prefix (`member.attributes.`): their type is whatever the data holds.
ANY = "any"

ORDERING_OPS = ("gt", "gte", "lt", "lte", "between")
ALL_OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "starts_with", "exists", "between")

OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    NUMBER: ("eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "not_in", "exists"),
    STRING: ("eq", "ne", "in", "not_in", "contains", "starts_with", "exists"),
    BOOL: ("eq", "ne", "exists"),
    DATE: ("eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "not_in", "exists"),
    DATETIME: ("eq", "ne", "gt", "gte", "lt", "lte", "between", "exists"),
    TIME: ("eq", "ne", "gt", "gte", "lt", "lte", "between", "exists"),
    LIST: ("contains", "exists"),
    ANY: ALL_OPS,
}

GROUP_KEYS = ("all", "any", "not", "any_line", "all_lines")
LINE_KEYS = ("any_line", "all_lines")
COMPARISON_KEYS = ("field", "op", "value")

MAX_DEPTH = 12
MAX_NODES = 200
MAX_LIST_VALUES = 1000
# Numbers in a tree stay within what a double holds exactly (and far inside a 64-bit integer
# column), so no comparison overflows in a database.
MAX_NUMBER = 2**53
# One dotted part of a field under an open prefix (`member.attributes.<part>.<part>`): it is
# spliced into a JSON path in SQL, so quotes, braces, backslashes and commas are refused.
OPEN_PART = re.compile(r"[A-Za-z0-9_-]{1,64}")

NODE_SHAPES = ('{"all": [...]}, {"any": [...]}, {"not": {...}}, {"any_line": {...}}, {"all_lines": {...}} '
               'or {"field": ..., "op": ..., "value": ...}')


class ConditionError(Invalid):
    """A condition tree that cannot be saved; `path` names the bad part (`condition.all[1].op`)."""

    code = "invalid_condition"

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message, field=path)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class FieldSpec:
    type: str
    description: str = ""
    # A closed set of values (a channel): eq / in values outside it are refused on save.
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldCatalog:
    """The fields one context offers.

    `line_fields` are in scope only inside `any_line` / `all_lines` (and in an effect's
    line condition); a catalog without them has no lines, so those nodes are refused.
    """

    fields: Mapping[str, FieldSpec]
    open_prefixes: tuple[str, ...] = ()
    line_fields: Mapping[str, FieldSpec] = field(default_factory=dict)

    @property
    def has_lines(self) -> bool:
        return bool(self.line_fields)

    def lookup(self, name: str, *, in_lines: bool = False) -> FieldSpec | None:
        if in_lines and name in self.line_fields:
            return self.line_fields[name]
        if name in self.fields:
            return self.fields[name]
        for prefix in self.open_prefixes:
            rest = name[len(prefix):]
            if name.startswith(prefix) and rest and all(OPEN_PART.fullmatch(part) for part in rest.split(".")):
                return FieldSpec(ANY, f"any value under {prefix}")
        return None

    def names(self, *, in_lines: bool = False) -> list[str]:
        return [*self.fields, *(self.line_fields if in_lines else ())]


# --- validation ---------------------------------------------------------------------------


def validate(tree: Any, catalog: FieldCatalog, *, path: str = "condition", in_lines: bool = False) -> None:
    """Refuse a tree that is malformed, too big, or uses fields, operators or values the catalog rules out."""
    _Validator(catalog).node(tree, path, depth=1, in_lines=in_lines)


def check_field(name: Any, catalog: FieldCatalog, *, path: str, in_lines: bool = False) -> FieldSpec:
    """The spec of field `name`, or a ConditionError at `path` saying why it is not usable here."""
    if not isinstance(name, str) or not name:
        raise ConditionError(path, "give a field name such as 'purchase.total'")
    spec = catalog.lookup(name, in_lines=in_lines)
    if spec is not None:
        return spec
    if not in_lines and catalog.lookup(name, in_lines=True) is not None:
        raise ConditionError(path, f"field '{name}' is only available inside any_line / all_lines "
                                   "or a line condition")
    for prefix in catalog.open_prefixes:
        if name.startswith(prefix) and name != prefix:
            raise ConditionError(path, f"field '{name}': each part after '{prefix}' is 1 to 64 letters, digits, "
                                       "'_' or '-', parts separated by '.'")
    if name.startswith("line.") and not catalog.has_lines:
        raise ConditionError(path, f"field '{name}' needs purchase lines, which this context does not have")
    message = f"unknown field '{name}'"
    suggestion = difflib.get_close_matches(name, catalog.names(in_lines=in_lines), n=1, cutoff=0.6)
    if suggestion:
        message += f" (did you mean '{suggestion[0]}'?)"
    elif catalog.open_prefixes:
        message += f" (custom fields go under {', '.join(repr(p + '…') for p in catalog.open_prefixes)})"
    raise ConditionError(path, message)


class _Validator:
    def __init__(self, catalog: FieldCatalog) -> None:
        self.catalog = catalog
        self.nodes = 0

    def node(self, node: Any, path: str, *, depth: int, in_lines: bool) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ConditionError(path, f"a condition may have at most {MAX_NODES} nodes")
        if depth > MAX_DEPTH:
            raise ConditionError(path, f"a condition may nest at most {MAX_DEPTH} levels deep")
        if not isinstance(node, dict):
            raise ConditionError(path, f"expected a condition object: {NODE_SHAPES}")
        groups = [key for key in GROUP_KEYS if key in node]
        if groups:
            self.group(node, groups[0], path, depth=depth, in_lines=in_lines)
        elif "field" in node or "op" in node:
            self.comparison(node, path, in_lines=in_lines)
        elif not node:
            raise ConditionError(path, f"empty condition: expected {NODE_SHAPES}")
        else:
            key = sorted(node)[0]
            suggestion = difflib.get_close_matches(key, GROUP_KEYS + COMPARISON_KEYS, n=1)
            hint = f" (did you mean '{suggestion[0]}'?)" if suggestion else f"; expected {NODE_SHAPES}"
            raise ConditionError(f"{path}.{key}", f"unknown key '{key}'{hint}")

    def group(self, node: dict[str, Any], key: str, path: str, *, depth: int, in_lines: bool) -> None:
        others = sorted(k for k in node if k != key)
        if others:
            raise ConditionError(f"{path}.{others[0]}", f"unexpected key '{others[0]}' beside '{key}': "
                                 "a node is one group or one comparison; wrap several in 'all'")
        child = node[key]
        child_path = f"{path}.{key}"
        if key in ("all", "any"):
            if not isinstance(child, list) or not child:
                raise ConditionError(child_path, f"'{key}' takes a non-empty list of conditions")
            for index, item in enumerate(child):
                self.node(item, f"{child_path}[{index}]", depth=depth + 1, in_lines=in_lines)
        elif key == "not":
            self.node(child, child_path, depth=depth + 1, in_lines=in_lines)
        else:
            if not self.catalog.has_lines:
                raise ConditionError(child_path, f"'{key}' needs purchase lines, which this context does not have")
            if in_lines:
                raise ConditionError(child_path, f"'{key}' cannot be used inside another line condition")
            self.node(child, child_path, depth=depth + 1, in_lines=True)

    def comparison(self, node: dict[str, Any], path: str, *, in_lines: bool) -> None:
        unknown = sorted(k for k in node if k not in COMPARISON_KEYS)
        if unknown:
            raise ConditionError(f"{path}.{unknown[0]}",
                                 f"unknown key '{unknown[0]}' in a comparison; use field, op and value")
        name = node.get("field")
        spec = check_field(name, self.catalog, path=f"{path}.field", in_lines=in_lines)
        op = node.get("op")
        allowed = OPS_BY_TYPE[spec.type]
        if not isinstance(op, str) or not op:
            raise ConditionError(f"{path}.op", f"give an operator, one of: {', '.join(allowed)}")
        if op not in ALL_OPS:
            suggestion = difflib.get_close_matches(op, ALL_OPS, n=1)
            hint = f" (did you mean '{suggestion[0]}'?)" if suggestion else f"; use one of: {', '.join(ALL_OPS)}"
            raise ConditionError(f"{path}.op", f"unknown operator '{op}'{hint}")
        if op not in allowed:
            raise ConditionError(f"{path}.op", f"operator '{op}' is not allowed for {spec.type} field "
                                               f"'{name}' (allowed: {', '.join(allowed)})")
        value_path = f"{path}.value"
        if op == "exists":
            if "value" in node and not isinstance(node["value"], bool):
                raise ConditionError(value_path, "'exists' takes true, false or no value")
            return
        if "value" not in node:
            raise ConditionError(value_path, f"operator '{op}' needs a value")
        _check_operand(spec, str(name), op, node["value"], value_path)


def _check_operand(spec: FieldSpec, name: str, op: str, value: Any, path: str) -> None:
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(path, f"'{op}' takes a non-empty list of values")
        if len(value) > MAX_LIST_VALUES:
            raise ConditionError(path, f"'{op}' takes at most {MAX_LIST_VALUES} values")
        for index, item in enumerate(value):
            _check_scalar(spec, name, item, f"{path}[{index}]")
        return
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            raise ConditionError(path, "'between' takes a list of two values: [low, high], both included")
        low = _check_scalar(spec, name, value[0], f"{path}[0]")
        high = _check_scalar(spec, name, value[1], f"{path}[1]")
        try:
            in_order = low <= high
        except TypeError:
            in_order = False
        if not in_order:
            raise ConditionError(path, f"'between' takes [low, high] with low ≤ high; got {value!r}")
        return
    if op == "contains" and spec.type == LIST:
        if not _is_json_scalar(value):
            raise ConditionError(path, f"'contains' on list field '{name}' takes one value to look for")
        return
    if op in ("contains", "starts_with"):
        if not isinstance(value, str):
            raise ConditionError(path, f"'{op}' takes a string")
        return
    if op in ORDERING_OPS and spec.type == ANY and isinstance(value, bool):
        raise ConditionError(path, f"'{op}' compares numbers, dates or strings, not true/false")
    _check_scalar(spec, name, value, path)


def _is_json_scalar(value: Any) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return isinstance(value, str | int | float | bool)


def _check_scalar(spec: FieldSpec, name: str, value: Any, path: str) -> Any:
    """The value as it will be compared (dates parsed), or a ConditionError."""
    if value is None:
        raise ConditionError(path, "a value cannot be null; use op 'exists' to test for a missing field")
    kind = spec.type
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ConditionError(path, f"field '{name}' is a number; got {value!r}")
        return value
    if kind == STRING:
        if not isinstance(value, str):
            raise ConditionError(path, f"field '{name}' is a string; got {value!r}")
        if spec.choices and value not in spec.choices:
            raise ConditionError(path, f"unknown value {value!r} for '{name}' "
                                       f"(expected one of: {', '.join(spec.choices)})")
        return value
    if kind == BOOL:
        if not isinstance(value, bool):
            raise ConditionError(path, f"field '{name}' is true or false; got {value!r}")
        return value
    if kind == DATE:
        parsed_date = _parse_date(value)
        if parsed_date is None:
            raise ConditionError(path, f"field '{name}' is a date: give it as 'YYYY-MM-DD'; got {value!r}")
        return parsed_date
    if kind == DATETIME:
        parsed_datetime = _parse_datetime(value)
        if parsed_datetime is None:
            raise ConditionError(path, f"field '{name}' is a date and time: give it in ISO 8601 with an "
                                       f"offset, such as '2026-03-01T09:00:00+01:00'; got {value!r}")
        return parsed_datetime
    if kind == TIME:
        parsed_time = _parse_time(value)
        if parsed_time is None:
            raise ConditionError(path, f"field '{name}' is a time of day: give it as 'HH:MM' or 'HH:MM:SS'; "
                                       f"got {value!r}")
        return parsed_time
    if kind == LIST:
        raise ConditionError(path, f"field '{name}' is a list: use 'contains' or 'exists'")
    if not _is_json_scalar(value):
        raise ConditionError(path, f"expected a string, number or true/false; got {value!r}")
    return value


def check_number_range(tree: Any, path: str = "condition") -> None:
    """Refuse a number beyond ±MAX_NUMBER anywhere in a tree's values: for contexts compiled to
    SQL (segments), where it would overflow a column; rules and vouchers compare in Python."""
    if isinstance(tree, dict):
        if "field" in tree and "value" in tree:
            values = tree["value"] if isinstance(tree["value"], list) else [tree["value"]]
            for value in values:
                _check_range(value, f"{path}.value")
            return
        for key, child in tree.items():
            check_number_range(child, f"{path}.{key}")
    elif isinstance(tree, list):
        for index, child in enumerate(tree):
            check_number_range(child, f"{path}[{index}]")


def _check_range(value: Any, path: str) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise ConditionError(path, f"a number in a condition lies between -{MAX_NUMBER} and {MAX_NUMBER}; "
                                   f"got {value!r}")


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) < 16:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _parse_time(value: Any) -> time | None:
    if not isinstance(value, str) or len(value) not in (5, 8):
        return None
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is None else None


# --- evaluation ---------------------------------------------------------------------------


class _LineScope(Mapping[str, Any]):
    """One line's `line.*` fields in front of the event's own facts."""

    def __init__(self, line: Mapping[str, Any], facts: Mapping[str, Any]) -> None:
        self.line = line
        self.facts = facts

    def __getitem__(self, key: str) -> Any:
        if key in self.line:
            return self.line[key]
        return self.facts[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.line
        yield from (key for key in self.facts if key not in self.line)

    def __len__(self) -> int:
        return len(set(self.line) | set(self.facts))


def mentions(tree: Any, field: str) -> bool:
    """Whether a condition tree (or any JSON holding one) compares `field` anywhere: a caller
    looks up a costly fact only when some condition asks for it."""
    if isinstance(tree, dict):
        return tree.get("field") == field or any(mentions(value, field) for value in tree.values())
    if isinstance(tree, list):
        return any(mentions(item, field) for item in tree)
    return False


def in_line_scope(line: Mapping[str, Any], facts: Mapping[str, Any]) -> Mapping[str, Any]:
    """Facts as a line condition sees them: the line's `line.*` fields, then the event's."""
    return _LineScope(line, facts)


def evaluate(tree: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """Whether `facts` (field -> value, plus "lines": [line facts]) satisfy a validated tree.

    A missing field (absent or None) makes every comparison false except `exists`, so
    `not` of a comparison on a missing field is true.
    """
    if "all" in tree:
        return all(evaluate(child, facts) for child in tree["all"])
    if "any" in tree:
        return any(evaluate(child, facts) for child in tree["any"])
    if "not" in tree:
        return not evaluate(tree["not"], facts)
    if "any_line" in tree:
        return any(evaluate(tree["any_line"], _LineScope(line, facts)) for line in _lines(facts))
    if "all_lines" in tree:
        lines = _lines(facts)
        return bool(lines) and all(evaluate(tree["all_lines"], _LineScope(line, facts)) for line in lines)
    return _compare(tree, facts)


def _lines(facts: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    lines = facts.get("lines")
    return lines if isinstance(lines, list | tuple) else ()


def _compare(node: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    op = node["op"]
    actual = facts.get(node["field"])
    if op == "exists":
        return (actual is not None) == bool(node.get("value", True))
    if actual is None:
        return False
    try:
        return _apply(op, actual, node.get("value"))
    except (TypeError, ValueError, ArithmeticError):
        return False


def _apply(op: str, actual: Any, expected: Any) -> bool:
    if op in ("in", "not_in"):
        found = any(_same_kind(actual, value) and actual == value
                    for value in (_coerce(item, actual) for item in expected))
        return found if op == "in" else not found
    if op == "between":
        low, high = (_coerce(bound, actual) for bound in expected)
        if not (_same_kind(actual, low) and _same_kind(actual, high)):
            return False
        return bool(low <= actual <= high)
    if op == "contains":
        if isinstance(actual, str):
            return isinstance(expected, str) and expected in actual
        if isinstance(actual, list | tuple | set | frozenset):
            return any(_same_kind(item, expected) and item == expected for item in actual)
        return False
    if op == "starts_with":
        return isinstance(actual, str) and isinstance(expected, str) and actual.startswith(expected)
    value = _coerce(expected, actual)
    if not _same_kind(actual, value):
        return op == "ne"
    if op == "eq":
        return bool(actual == value)
    if op == "ne":
        return bool(actual != value)
    if op == "gt":
        return bool(actual > value)
    if op == "gte":
        return bool(actual >= value)
    if op == "lt":
        return bool(actual < value)
    if op == "lte":
        return bool(actual <= value)
    return False


def _coerce(expected: Any, actual: Any) -> Any:
    """Read an ISO string as the kind of value the fact holds (tree values are JSON)."""
    if isinstance(expected, str):
        if isinstance(actual, datetime):
            return _parse_datetime(expected)
        if isinstance(actual, date):
            return _parse_date(expected)
        if isinstance(actual, time):
            return _parse_time(expected)
    if isinstance(actual, Decimal) and isinstance(expected, float):
        return Decimal(str(expected))
    return expected


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float | Decimal):
        return NUMBER
    if isinstance(value, datetime):
        return DATETIME
    if isinstance(value, date):
        return DATE
    if isinstance(value, time):
        return TIME
    if isinstance(value, str):
        return STRING
    return type(value).__name__


def _same_kind(left: Any, right: Any) -> bool:
    if type(left) is type(right):  # the usual case, and far cheaper than naming both kinds
        return True
    return _kind(left) == _kind(right)


# --- explanation --------------------------------------------------------------------------


def explain(tree: Mapping[str, Any], facts: Mapping[str, Any]) -> list[str]:
    """Which comparisons held, with the actual values, one line each, indented by nesting.

    Every branch is shown (no short-circuit), so a dry run tells the whole story:
    `purchase.total 4500 gte 5000: no`.
    """
    out: list[str] = []
    _explain(tree, facts, 0, out)
    return out


def _explain(node: Mapping[str, Any], facts: Mapping[str, Any], depth: int, out: list[str]) -> bool:
    indent = "  " * depth
    if "all" in node or "any" in node:
        key = "all" if "all" in node else "any"
        header = len(out)
        out.append("")
        results = [_explain(child, facts, depth + 1, out) for child in node[key]]
        result = all(results) if key == "all" else any(results)
        out[header] = f"{indent}{key}: {_yes(result)}"
        return result
    if "not" in node:
        header = len(out)
        out.append("")
        result = not _explain(node["not"], facts, depth + 1, out)
        out[header] = f"{indent}not: {_yes(result)}"
        return result
    if "any_line" in node or "all_lines" in node:
        key = "any_line" if "any_line" in node else "all_lines"
        header = len(out)
        out.append("")
        lines = _lines(facts)
        results = []
        for index, line in enumerate(lines):
            line_header = len(out)
            out.append("")
            line_result = _explain(node[key], _LineScope(line, facts), depth + 2, out)
            out[line_header] = f"{indent}  line {line.get('line_no', index + 1)}: {_yes(line_result)}"
            results.append(line_result)
        result = any(results) if key == "any_line" else bool(results) and all(results)
        suffix = "" if lines else " (no lines)"
        out[header] = f"{indent}{key}: {_yes(result)}{suffix}"
        return result
    result = _compare(node, facts)
    actual = facts.get(node["field"])
    shown = "(missing)" if actual is None else _show(actual)
    if node["op"] == "exists":
        wanted = "" if node.get("value", True) else " false"
        out.append(f"{indent}{node['field']} {shown} exists{wanted}: {_yes(result)}")
    else:
        out.append(f"{indent}{node['field']} {shown} {node['op']} {_show(node.get('value'))}: {_yes(result)}")
    return result


def _yes(result: bool) -> str:
    return "yes" if result else "no"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    return str(value)
