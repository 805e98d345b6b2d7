"""Earning-rule evaluation: which rule versions match an event, and what each one gives.

Pure: rule versions and facts in, results out. The service loads the rules, applies the
caps that need the database (per member per day, in total, once per value) and posts.

Order and stacking (docs/rules.md says the same for people):
- rules run in (priority, rule id) order, lower priority first; every rule that is not a
  multiplier runs before every multiplier;
- an exclusive rule that matches stops every later rule of its group, a group being the
  rules of one unit that are (or are not) multipliers: an exclusive points rule never
  stops a stamps rule, and an exclusive base rule never stops a multiplier;
- a multiplier adds floor(base × (factor − 1)), base being the points of its unit given by
  the base rules that applied to this event; several multipliers add up, they do not compound;
- a rule applies only within [starts_at, ends_at) of the event's time.
Points given for a purchase are allocated to its lines in proportion to the amounts the
effect counted (largest remainder, so the allocation sums exactly); for events without lines
everything goes to line None.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any, get_args
from zoneinfo import ZoneInfo

from loyalty.kernel import clock
from loyalty.kernel.conditions import (
    BOOL,
    DATE,
    DATETIME,
    GROUP_KEYS,
    LIST,
    NUMBER,
    STRING,
    ConditionError,
    FieldCatalog,
    FieldSpec,
    check_field,
    in_line_scope,
)
from loyalty.kernel.conditions import (
    evaluate as evaluate_condition,
)
from loyalty.kernel.conditions import (
    explain as explain_condition,
)
from loyalty.kernel.conditions import (
    validate as validate_condition,
)
from loyalty.kernel.errors import Invalid
from loyalty.kernel.money import minor_per_major
from loyalty.ledger.domain import split_proportionally
from loyalty.members.schemas import EnrolmentChannel

TRIGGERS = ("purchase", "enrolment", "birthday", "custom_event")
# Effects that count money or items need a receipt; other triggers give fixed points.
PURCHASE_ONLY_EFFECTS = ("per_amount", "per_item", "percent")
MONEY_LIKE_UNITS = ("cashback",)
GRANT_KEY_MAX_LENGTH = 300

LineKey = int | None

# --- what each trigger lets a condition look at -------------------------------------------

MEMBER_FIELDS: dict[str, FieldSpec] = {
    "member.enrolment_channel": FieldSpec(STRING, "how the member joined", choices=get_args(EnrolmentChannel)),
    "member.days_since_enrolment": FieldSpec(NUMBER, "whole days since enrolment, in the program's timezone"),
    "member.age": FieldSpec(NUMBER, "age in whole years (missing without a birth date)"),
    "member.preferred_language": FieldSpec(STRING, "BCP 47 tag, such as 'pl' or 'pt-BR'"),
    "member.has_email": FieldSpec(BOOL, "whether the member gave an e-mail address"),
    "member.tier": FieldSpec(STRING, "the code of the member's tier, such as 'gold' (missing when the program "
                                     "has no tiers)"),
}
PURCHASE_FIELDS: dict[str, FieldSpec] = {
    "purchase.total": FieldSpec(NUMBER, "receipt total in minor units (cents)"),
    "purchase.channel": FieldSpec(STRING, "where it was bought", choices=("pos", "online", "partner")),
    "purchase.store": FieldSpec(STRING, "the store code"),
    "purchase.occurred_at": FieldSpec(DATETIME, "when it was bought"),
    "purchase.local_date": FieldSpec(DATE, "the date in the program's timezone"),
    "purchase.local_weekday": FieldSpec(NUMBER, "1 = Monday … 7 = Sunday, in the program's timezone"),
    "purchase.local_hour": FieldSpec(NUMBER, "0 … 23, in the program's timezone"),
    "purchase.line_count": FieldSpec(NUMBER, "number of receipt lines"),
    "purchase.item_count": FieldSpec(NUMBER, "units bought over all lines"),
    "purchase.is_first_purchase": FieldSpec(BOOL, "the member's first purchase"),
}
LINE_FIELDS: dict[str, FieldSpec] = {
    "line.sku": FieldSpec(STRING, "the product code"),
    "line.name": FieldSpec(STRING, "the product name"),
    "line.category": FieldSpec(STRING, "the product category"),
    "line.quantity": FieldSpec(NUMBER, "units on the line"),
    "line.unit_price": FieldSpec(NUMBER, "price of one unit in minor units"),
    "line.amount": FieldSpec(NUMBER, "the line's amount in minor units, after its discount"),
}
EVENT_FIELDS: dict[str, FieldSpec] = {
    "event.type": FieldSpec(STRING, "the custom event's type"),
    "event.occurred_at": FieldSpec(DATETIME, "when it happened"),
}
MEMBER_PREFIX = "member.attributes."
PAYLOAD_PREFIX = "event.payload."
# Limits a rule or a voucher to a segment: {"field": "member.segments", "op": "contains", "value": 7}.
# Looked up (one index read) only when a condition mentions it.
SEGMENT_FIELDS: dict[str, FieldSpec] = {
    "member.segments": FieldSpec(LIST, "the ids of the segments the member is in"),
}

CATALOGS: dict[str, FieldCatalog] = {
    "purchase": FieldCatalog({**PURCHASE_FIELDS, **MEMBER_FIELDS, **SEGMENT_FIELDS}, (MEMBER_PREFIX,), LINE_FIELDS),
    "enrolment": FieldCatalog(dict(MEMBER_FIELDS), (MEMBER_PREFIX,)),
    "birthday": FieldCatalog({**MEMBER_FIELDS, **SEGMENT_FIELDS}, (MEMBER_PREFIX,)),
    "custom_event": FieldCatalog({**EVENT_FIELDS, **MEMBER_FIELDS, **SEGMENT_FIELDS},
                                 (MEMBER_PREFIX, PAYLOAD_PREFIX)),
}


def catalog_for(trigger: str) -> FieldCatalog:
    return CATALOGS[trigger]


# --- rule versions and facts ---------------------------------------------------------------


@dataclass(frozen=True)
class RuleSpec:
    """One rule version, as evaluation sees it."""

    rule_id: int
    version: int
    name: str
    trigger: str
    effect: Mapping[str, Any]
    unit: str = "points"
    condition: Mapping[str, Any] | None = None
    event_type: str | None = None
    priority: int = 100
    is_exclusive: bool = False
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    cap_per_member_per_day: int | None = None
    cap_total: int | None = None
    once_per: str | None = None

    @property
    def is_multiplier(self) -> bool:
        return self.effect.get("kind") == "multiplier"


@dataclass(frozen=True)
class LineFacts:
    line_no: int
    sku: str
    name: str | None
    category: str | None
    quantity: int
    unit_price_minor: int
    amount_minor: int

    def flat(self) -> dict[str, Any]:
        return {"line_no": self.line_no, "line.sku": self.sku, "line.name": self.name,
                "line.category": self.category, "line.quantity": self.quantity,
                "line.unit_price": self.unit_price_minor, "line.amount": self.amount_minor}


@dataclass(frozen=True)
class PurchaseFacts:
    lines: tuple[LineFacts, ...]
    total_minor: int
    channel: str
    store: str | None
    occurred_at: datetime
    local_date: date
    local_weekday: int
    local_hour: int
    is_first_purchase: bool

    @property
    def line_count(self) -> int:
        return len(self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def flat(self) -> dict[str, Any]:
        return {
            "purchase.total": self.total_minor, "purchase.channel": self.channel, "purchase.store": self.store,
            "purchase.occurred_at": self.occurred_at, "purchase.local_date": self.local_date,
            "purchase.local_weekday": self.local_weekday, "purchase.local_hour": self.local_hour,
            "purchase.line_count": self.line_count, "purchase.item_count": self.item_count,
            "purchase.is_first_purchase": self.is_first_purchase,
        }


@dataclass(frozen=True)
class MemberFacts:
    enrolment_channel: str
    days_since_enrolment: int
    age: int | None
    preferred_language: str | None
    has_email: bool
    attributes: Mapping[str, Any] = field(default_factory=dict)
    tier: str | None = None
    segments: Sequence[int] | None = None

    def flat(self) -> dict[str, Any]:
        facts: dict[str, Any] = {
            "member.enrolment_channel": self.enrolment_channel,
            "member.days_since_enrolment": self.days_since_enrolment, "member.age": self.age,
            "member.preferred_language": self.preferred_language, "member.has_email": self.has_email,
        }
        if self.tier is not None:
            facts["member.tier"] = self.tier
        if self.segments is not None:
            facts["member.segments"] = list(self.segments)
        _flatten(MEMBER_PREFIX, self.attributes, facts)
        return facts


@dataclass(frozen=True)
class EventFacts:
    type: str
    occurred_at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)

    def flat(self) -> dict[str, Any]:
        facts: dict[str, Any] = {"event.type": self.type, "event.occurred_at": self.occurred_at}
        _flatten(PAYLOAD_PREFIX, self.payload, facts)
        return facts


@dataclass(frozen=True)
class Facts:
    """Everything a rule may look at for one event; `occurred_at` decides rule windows."""

    occurred_at: datetime
    member: MemberFacts | None = None
    purchase: PurchaseFacts | None = None
    event: EventFacts | None = None

    def flat(self) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        if self.member is not None:
            facts.update(self.member.flat())
        if self.event is not None:
            facts.update(self.event.flat())
        if self.purchase is not None:
            facts.update(self.purchase.flat())
            facts["lines"] = [line.flat() for line in self.purchase.lines]
        return facts


def _flatten(prefix: str, values: Mapping[str, Any], into: dict[str, Any]) -> None:
    """`{"a": {"b": 1}}` under "p." gives "p.a" (the object itself, for `exists`) and "p.a.b"."""
    for key, value in values.items():
        name = f"{prefix}{key}"
        into[name] = value
        if isinstance(value, Mapping):
            _flatten(f"{name}.", value, into)


def build_purchase_facts(*, timezone: str, lines: Sequence[LineFacts], total_minor: int, channel: str,
                         store: str | None, occurred_at: datetime, is_first_purchase: bool) -> PurchaseFacts:
    local = clock.as_utc(occurred_at).astimezone(ZoneInfo(timezone))
    return PurchaseFacts(lines=tuple(lines), total_minor=total_minor, channel=channel, store=store,
                         occurred_at=clock.as_utc(occurred_at), local_date=local.date(),
                         local_weekday=local.isoweekday(), local_hour=local.hour,
                         is_first_purchase=is_first_purchase)


def build_member_facts(*, timezone: str, at: datetime, enrolled_at: datetime, enrolment_channel: str,
                       birth_date: date | None, preferred_language: str | None, has_email: bool,
                       attributes: Mapping[str, Any] | None, tier: str | None = None,
                       segments: Sequence[int] | None = None) -> MemberFacts:
    today = clock.local_date(at, timezone)
    return MemberFacts(
        enrolment_channel=enrolment_channel,
        days_since_enrolment=max(0, (today - clock.local_date(enrolled_at, timezone)).days),
        age=age_on(birth_date, today) if birth_date is not None else None,
        preferred_language=preferred_language, has_email=has_email, attributes=dict(attributes or {}),
        tier=tier, segments=segments,
    )


def age_on(birth_date: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)


def birthday_month_days(on: date) -> list[str]:
    """The `birth_month_day` values celebrated on `on`: Feb 29 birthdays count on Feb 28 in common years."""
    days = [on.strftime("%m-%d")]
    if (on.month, on.day) == (2, 28) and not _is_leap(on.year):
        days.append("02-29")
    return days


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# --- checking a rule before it is saved ----------------------------------------------------


def check_rule(fields: Mapping[str, Any], *, units: Sequence[str]) -> None:
    """Refuse a rule version whose parts do not fit together; `field` names the bad part.

    `fields` holds a version's fields with `effect` already shaped by the schema (a dict).
    """
    trigger = fields["trigger"]
    effect = fields["effect"]
    kind = effect["kind"]
    unit = fields["unit"]
    if trigger not in TRIGGERS:
        raise Invalid(f"Unknown trigger '{trigger}'; use one of: {', '.join(TRIGGERS)}.",
                      code="invalid_rule", field="trigger")
    if trigger == "custom_event" and not fields.get("event_type"):
        raise Invalid("A custom_event rule needs the event_type it answers, such as 'review_posted'.",
                      code="invalid_rule", field="event_type")
    if trigger != "custom_event" and fields.get("event_type"):
        raise Invalid(f"event_type is only for custom_event rules, not '{trigger}'.",
                      code="invalid_rule", field="event_type")
    if unit not in units:
        raise Invalid(f"Unit '{unit}' is not used by this program (it uses: {', '.join(units)}).",
                      code="unknown_unit", field="unit")
    if kind in PURCHASE_ONLY_EFFECTS and trigger != "purchase":
        raise Invalid(f"A {kind} effect counts a purchase; {trigger} rules can use fixed or multiplier.",
                      code="invalid_effect", field="effect.kind")
    if kind == "percent" and unit == "stamps":
        raise Invalid("A percent effect cannot give stamps: use per_item or fixed.",
                      code="invalid_effect", field="effect.kind")
    catalog = catalog_for(trigger)
    if fields.get("condition") is not None:
        validate_condition(fields["condition"], catalog, path="condition")
    if effect.get("line_condition") is not None:
        if kind in ("per_amount", "percent") and effect.get("scope") != "matching_lines":
            raise Invalid("line_condition only applies with scope 'matching_lines'.",
                          code="invalid_effect", field="effect.line_condition")
        validate_condition(effect["line_condition"], catalog, path="effect.line_condition", in_lines=True)
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise Invalid("ends_at must be after starts_at.", code="invalid_rule", field="ends_at")
    if fields.get("once_per") is not None:
        try:
            check_field(fields["once_per"], catalog, path="once_per")
        except ConditionError as error:
            raise Invalid(error.message, code="invalid_rule", field="once_per") from error


# --- tier codes in conditions -------------------------------------------------------------

TIER_FIELD = "member.tier"
# Operators whose value is not a tier code: a fragment of one (`contains`, `starts_with`) or a flag.
_NOT_A_CODE_OPS = ("contains", "starts_with", "exists")


@dataclass(frozen=True)
class TierMention:
    """A tier code a condition names, and where: `condition.all[1].value[0]`."""

    path: str
    code: str


def tier_mentions(tree: Any, *, path: str = "condition") -> list[TierMention]:
    """The tier codes a condition tree names in its `member.tier` comparisons, in tree order,
    each with the path of its value (`path` is the tree's own).

    A comparison names the codes of its value, a string or a list of strings, whatever its
    operator (`eq`, `ne`, `in`, `not_in`: "everyone but gold" still counts on gold existing),
    except `contains` and `starts_with`, whose value is a fragment of a code, and `exists`.
    Every node is looked into, `not`, `any_line` and `all_lines` included. Anything that is not
    a condition node is skipped, so a tree saved before it was checked cannot make it fail.
    """
    found: list[TierMention] = []
    _collect_tier_mentions(tree, path, found)
    return found


def tier_codes(tree: Any) -> set[str]:
    """The tier codes a condition tree names (see `tier_mentions`)."""
    return {mention.code for mention in tier_mentions(tree)}


def _collect_tier_mentions(node: Any, path: str, found: list[TierMention]) -> None:
    if not isinstance(node, Mapping):
        return
    for key in GROUP_KEYS:
        if key not in node:
            continue
        child = node[key]
        if isinstance(child, list):
            for index, item in enumerate(child):
                _collect_tier_mentions(item, f"{path}.{key}[{index}]", found)
        else:
            _collect_tier_mentions(child, f"{path}.{key}", found)
    if node.get("field") != TIER_FIELD or node.get("op") in _NOT_A_CODE_OPS:
        return
    value = node.get("value")
    if isinstance(value, str):
        found.append(TierMention(f"{path}.value", value))
    elif isinstance(value, list):
        found.extend(TierMention(f"{path}.value[{index}]", item)
                     for index, item in enumerate(value) if isinstance(item, str))


def rule_tier_mentions(fields: Mapping[str, Any]) -> list[TierMention]:
    """The tier codes a rule version names: in its `condition` and its effect's `line_condition`."""
    effect = fields.get("effect")
    line_condition = effect.get("line_condition") if isinstance(effect, Mapping) else None
    return [*tier_mentions(fields.get("condition"), path="condition"),
            *tier_mentions(line_condition, path="effect.line_condition")]


def check_tier_codes(mentions: Sequence[TierMention], known: Sequence[str]) -> None:
    """Refuse tier codes the program has no level for (422 `unknown_tier` naming the first one's
    path): a typo such as "gld" would make a condition never hold, and no one would be told."""
    unknown = [mention for mention in mentions if mention.code not in known]
    if not unknown:
        return
    first = unknown[0]
    suggestion = difflib.get_close_matches(first.code, known, n=1, cutoff=0.6)
    hint = f" (did you mean '{suggestion[0]}'?)" if suggestion else ""
    levels = f"the program's tiers are {', '.join(known)}" if known else "the program has no tiers yet"
    raise Invalid(f"Unknown tier code {first.code!r} in {first.path}{hint}; {levels}.", code="unknown_tier",
                  field=first.path,
                  details={"unknown": list(dict.fromkeys(mention.code for mention in unknown)), "known": list(known)})


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """What one rule version did for one event, before the caps that need the database."""

    rule: RuleSpec
    matched: bool
    why: tuple[str, ...]
    points: int = 0
    line_allocations: Mapping[LineKey, int] = field(default_factory=dict)
    # The once_per value this award uses up ("event.payload.product_id=P-1"), if the rule has one.
    grant_key: str | None = None

    @property
    def rule_id(self) -> int:
        return self.rule.rule_id

    @property
    def unit(self) -> str:
        return self.rule.unit


@dataclass(frozen=True)
class Evaluation:
    results: tuple[RuleResult, ...]

    @property
    def matched(self) -> list[RuleResult]:
        return [result for result in self.results if result.matched]

    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for result in self.matched:
            if result.points:
                totals[result.unit] += result.points
        return dict(totals)


@dataclass(frozen=True)
class _Context:
    facts: Facts
    flat: Mapping[str, Any]
    lines: tuple[tuple[LineFacts, Mapping[str, Any]], ...]
    point_value: Decimal
    currency: str
    with_reasons: bool


def evaluate(rules: Sequence[RuleSpec], facts: Facts, *, point_value: Decimal, currency: str,
             with_reasons: bool = True) -> Evaluation:
    """Every rule's result for one event, in the order the rules ran.

    `with_reasons=False` skips the condition trace (the hot path of recording purchases);
    the outcome is the same.
    """
    flat = facts.flat()
    line_flats = flat.get("lines", [])
    lines = tuple(zip(facts.purchase.lines, line_flats, strict=True)) if facts.purchase else ()
    context = _Context(facts, flat, lines, Decimal(point_value), currency, with_reasons)
    ordered = sorted(rules, key=lambda rule: (rule.priority, rule.rule_id))
    results: list[RuleResult] = []
    base_allocations: dict[str, dict[LineKey, int]] = defaultdict(lambda: defaultdict(int))
    for multipliers in (False, True):
        stopped_by: dict[str, RuleSpec] = {}
        for rule in (rule for rule in ordered if rule.is_multiplier == multipliers):
            result = _evaluate_rule(rule, context, stopped_by.get(rule.unit), base_allocations[rule.unit])
            results.append(result)
            if not result.matched:
                continue
            if rule.is_exclusive:
                stopped_by.setdefault(rule.unit, rule)
            if not multipliers:
                for line, points in result.line_allocations.items():
                    base_allocations[rule.unit][line] += points
    return Evaluation(tuple(results))


def _evaluate_rule(rule: RuleSpec, context: _Context, stopped_by: RuleSpec | None,
                   base: Mapping[LineKey, int]) -> RuleResult:
    at = context.facts.occurred_at
    if stopped_by is not None:
        return RuleResult(rule, False, (f"skipped: exclusive rule {stopped_by.rule_id} "
                                        f"'{stopped_by.name}' matched first",))
    if rule.starts_at is not None and at < rule.starts_at:
        return RuleResult(rule, False, (f"not in force yet: starts {rule.starts_at.isoformat()}",))
    if rule.ends_at is not None and at >= rule.ends_at:
        return RuleResult(rule, False, (f"no longer in force: ended {rule.ends_at.isoformat()}",))
    grant_key = None
    if rule.once_per is not None:
        value = context.flat.get(rule.once_per)
        if value is None:
            return RuleResult(rule, False, (f"{rule.once_per} is missing: the rule gives once per value of it",))
        grant_key = once_per_key(rule.once_per, value)
    why: list[str] = []
    if rule.condition is None:
        matched = True
        if context.with_reasons:
            why.append("no condition: always applies")
    elif context.with_reasons:
        why.extend(explain_condition(rule.condition, context.flat))
        matched = evaluate_condition(rule.condition, context.flat)
    else:
        matched = evaluate_condition(rule.condition, context.flat)
    if not matched:
        return RuleResult(rule, False, tuple(why))
    points, allocations, note = _effect(rule, context, base)
    if context.with_reasons:
        why.append(note)
    return RuleResult(rule, True, tuple(why), points, allocations, grant_key)


def once_per_key(field_path: str, value: Any) -> str:
    """The grant key for a once_per value; long values are hashed to fit the column."""
    # Objects and lists in canonical JSON, so the same value always gives the same key.
    text = str(value) if isinstance(value, str | int | float | bool) else json.dumps(value, sort_keys=True,
                                                                                    default=str)
    key = f"{field_path}={text}"
    if len(key) <= GRANT_KEY_MAX_LENGTH:
        return key
    return f"{field_path}#sha256:{hashlib.sha256(text.encode()).hexdigest()}"


def _effect(rule: RuleSpec, context: _Context, base: Mapping[LineKey, int]) -> tuple[int, dict[LineKey, int], str]:
    effect = rule.effect
    kind = effect["kind"]
    unit = rule.unit
    if kind == "fixed":
        points = int(effect["points"])
        return points, spread(points, _receipt_weights(context)), f"gives {points} {unit}"
    if kind == "multiplier":
        factor = Decimal(str(effect["factor"]))
        base_total = sum(base.values())
        extra, allocations = multiply(factor, base)
        return extra, allocations, f"base {base_total} {unit} × ({factor} − 1) = {extra} extra {unit}"
    if kind == "per_item":
        per_unit = int(effect["points"])
        lines = _matching_lines(effect.get("line_condition"), context)
        per_line: dict[LineKey, int] = {line.line_no: per_unit * line.quantity
                                         for line in lines if line.quantity > 0}
        items = sum(line.quantity for line in lines)
        points = sum(per_line.values())
        return points, per_line, f"{items} item(s) on {_describe_lines(lines)} × {per_unit} = {points} {unit}"
    amount, weights, counted = _counted_amount(effect, context)
    if kind == "per_amount":
        per_minor = int(effect["per_minor"])
        points = amount // per_minor * int(effect["points"])
        note = f"floor({amount} / {per_minor}) × {effect['points']} = {points} {unit} ({counted})"
        return points, spread(points, weights), note
    if kind == "percent":
        percent = Decimal(str(effect["percent"]))
        money = Decimal(amount) * percent / 100
        if unit in MONEY_LIKE_UNITS:
            points = _floor(money)
            note = f"{percent}% of {amount} = {points} {unit} ({counted})"
        else:
            minor_per_point = context.point_value * minor_per_major(context.currency)
            points = _floor(money / minor_per_point)
            note = (f"{percent}% of {amount} = {money.normalize():f} in minor units, "
                    f"at {minor_per_point.normalize():f} per point = {points} {unit} ({counted})")
        return points, spread(points, weights), note
    raise ValueError(f"unknown effect kind {kind!r}")


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def multiply(factor: Decimal, base: Mapping[LineKey, int]) -> tuple[int, dict[LineKey, int]]:
    """A multiplier's extra points on `base` (per line), allocated like the base."""
    extra = max(0, _floor(Decimal(sum(base.values())) * (Decimal(factor) - 1)))
    return extra, spread(extra, base)


def spread(total: int, weights: Mapping[LineKey, int]) -> dict[LineKey, int]:
    """`total` split over lines in proportion to `weights`, summing exactly; to line None when
    nothing has weight (an event without lines, or lines worth nothing)."""
    if total <= 0:
        return {}
    if not any(weight > 0 for weight in weights.values()):
        return {None: total}
    return {line: points for line, points in split_proportionally(total, weights).items() if points > 0}


def scale(allocations: Mapping[LineKey, int], total: int) -> dict[LineKey, int]:
    """Allocations shrunk (by a cap) to `total`, keeping their proportions and summing exactly."""
    if total == sum(allocations.values()):
        return dict(allocations)
    return spread(total, allocations)


def _receipt_weights(context: _Context) -> dict[LineKey, int]:
    return {line.line_no: max(line.amount_minor, 0) for line, _ in context.lines}


def _matching_lines(line_condition: Mapping[str, Any] | None, context: _Context) -> list[LineFacts]:
    if line_condition is None:
        return [line for line, _ in context.lines]
    return [line for line, flat in context.lines
            if evaluate_condition(line_condition, in_line_scope(flat, context.flat))]


def _counted_amount(effect: Mapping[str, Any], context: _Context) -> tuple[int, dict[LineKey, int], str]:
    """The amount an amount-based effect counts, the lines it allocates to, and a description."""
    if effect.get("scope", "receipt") == "receipt":
        total = context.facts.purchase.total_minor if context.facts.purchase else 0
        return max(total, 0), _receipt_weights(context), "receipt total"
    lines = _matching_lines(effect.get("line_condition"), context)
    weights: dict[LineKey, int] = {line.line_no: max(line.amount_minor, 0) for line in lines}
    return sum(weights.values()), weights, f"amount of {_describe_lines(lines)}"


def _describe_lines(lines: Sequence[LineFacts]) -> str:
    if not lines:
        return "no matching lines"
    numbers = ", ".join(str(line.line_no) for line in lines)
    return f"line {numbers}" if len(lines) == 1 else f"lines {numbers}"
