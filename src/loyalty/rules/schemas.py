"""Earning rules in and out of the API, the dry-run request, and custom events."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from loyalty.input_types import DateTimeIn, DecimalIn, InputModel
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.members.schemas import MemberRef

Trigger = Literal["purchase", "enrolment", "birthday", "custom_event"]
Scope = Literal["receipt", "matching_lines"]
EVENT_TYPE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
# A till's clock may run a little fast; anything further ahead is a client bug.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_PAYLOAD_BYTES = 16_384
MAX_POINTS = 1_000_000_000

ConditionTree = Annotated[dict[str, Any], WithJsonSchema({
    "type": "object",
    "description": 'A condition tree: {"all": [...]}, {"any": [...]}, {"not": {...}}, {"any_line": {...}}, '
                   '{"all_lines": {...}} or {"field": "purchase.total", "op": "gte", "value": 5000}. '
                   "See docs/rules.md for the fields each trigger offers.",
})]


# --- effects -------------------------------------------------------------------------------


class FixedEffect(InputModel):
    """A fixed number of points."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["fixed"]
    points: int = Field(gt=0, le=MAX_POINTS)


class PerAmountEffect(InputModel):
    """`points` for every whole `per_minor` spent (1 point per 1.00 EUR: points 1, per_minor 100)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["per_amount"]
    points: int = Field(gt=0, le=MAX_POINTS)
    per_minor: int = Field(gt=0, le=10**12)
    scope: Scope = "receipt"
    line_condition: ConditionTree | None = None


class PerItemEffect(InputModel):
    """`points` per unit bought on the matching lines (a stamp per coffee)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["per_item"]
    points: int = Field(gt=0, le=MAX_POINTS)
    line_condition: ConditionTree | None = None


class MultiplierEffect(InputModel):
    """Multiplies what the non-multiplier rules of the same unit gave this event ("2" doubles it)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["multiplier"]
    factor: DecimalIn = Field(gt=1, le=100, max_digits=8, decimal_places=4)


class PercentEffect(InputModel):
    """A percentage of the amount: in the unit's minor units for cashback, or the points worth it."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["percent"]
    percent: DecimalIn = Field(gt=0, le=100, max_digits=9, decimal_places=4)
    scope: Scope = "receipt"
    line_condition: ConditionTree | None = None


EffectModel = Annotated[FixedEffect | PerAmountEffect | PerItemEffect | MultiplierEffect | PercentEffect,
                        Field(discriminator="kind")]
_EFFECT_MODELS: dict[str, type[BaseModel]] = {
    "fixed": FixedEffect, "per_amount": PerAmountEffect, "per_item": PerItemEffect,
    "multiplier": MultiplierEffect, "percent": PercentEffect,
}
_effect_adapter: TypeAdapter[Any] = TypeAdapter(EffectModel)


def _effect_json_schema() -> dict[str, Any]:
    variants = [model.model_json_schema() for model in _EFFECT_MODELS.values()]
    return {"oneOf": variants, "discriminator": {"propertyName": "kind"},
            "description": "What the rule gives; `kind` says which effect."}


# Checked by `parse_effect` (called by the service) rather than by the request model, so an
# error names `effect.per_minor` rather than pydantic's `effect.per_amount.per_minor`.
EffectInput = Annotated[dict[str, Any], WithJsonSchema(_effect_json_schema())]


def parse_effect(effect: Any, *, path: str = "effect") -> dict[str, Any]:
    """The effect in its stored form (decimals as strings, defaults filled), or Invalid naming the bad part."""
    if not isinstance(effect, dict) or "kind" not in effect:
        raise Invalid(f"Give the effect's kind: one of {', '.join(_EFFECT_MODELS)}.",
                      code="invalid_effect", field=f"{path}.kind")
    if not isinstance(effect["kind"], str) or effect["kind"] not in _EFFECT_MODELS:
        raise Invalid(f"Unknown effect kind {effect['kind']!r}; use one of {', '.join(_EFFECT_MODELS)}.",
                      code="invalid_effect", field=f"{path}.kind")
    try:
        parsed = _effect_adapter.validate_python(effect)
    except ValidationError as error:
        problem = error.errors()[0]
        location = [str(part) for part in problem["loc"]]
        if location and location[0] == effect["kind"]:  # the union's tag, not a field
            location = location[1:]
        field = ".".join([path, *location])
        if problem["type"] == "extra_forbidden":
            message = f"Unknown field '{field}' for a {effect['kind']} effect."
        elif problem["type"] == "missing":
            message = f"A {effect['kind']} effect needs '{location[-1]}'."
        else:
            message = f"Field '{field}': {problem['msg']}."
        raise Invalid(message, code="invalid_effect", field=field) from error
    dumped: dict[str, Any] = parsed.model_dump(mode="json")
    return dumped


# --- rules ---------------------------------------------------------------------------------

_RULE_EXAMPLE: dict[str, Any] = {
    "name": "1 point per 1.00 spent", "trigger": "purchase",
    "condition": {"field": "purchase.channel", "op": "in", "value": ["pos", "online"]},
    "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"},
}


class RuleFields(InputModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("starts_at", "ends_at", check_fields=False)
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else clock.as_utc(value)


class RuleCreate(RuleFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_RULE_EXAMPLE]})

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    trigger: Trigger
    event_type: str | None = Field(default=None, max_length=100, pattern=EVENT_TYPE_PATTERN,
                                   description="The custom event type it answers; only for custom_event rules.")
    condition: ConditionTree | None = None
    effect: EffectInput
    unit: str = Field(default="points", min_length=1, max_length=16, description="One of the program's units.")
    priority: int = Field(default=100, ge=-1_000_000, le=1_000_000, description="Lower runs first.")
    is_exclusive: bool = Field(default=False, description="When it matches, later rules of its group are skipped.")
    starts_at: DateTimeIn | None = Field(default=None, description="In force from (inclusive); naive means UTC.")
    ends_at: DateTimeIn | None = Field(default=None, description="In force until (exclusive); naive means UTC.")
    cap_per_member_per_day: int | None = Field(default=None, ge=1, le=MAX_POINTS)
    cap_total: int | None = Field(default=None, ge=1, le=10**15)
    once_per: str | None = Field(default=None, min_length=1, max_length=200,
                                 description="A field path: the rule gives once per member and value of it.")


# Fields that always have a value: an update may change them but not clear them.
REQUIRED_FIELDS = ("name", "trigger", "effect", "unit", "priority", "is_exclusive")


class RuleUpdate(RuleFields):
    """Any subset of a rule's fields; saving writes a new version. null clears an optional field."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    trigger: Trigger | None = None
    event_type: str | None = Field(default=None, max_length=100, pattern=EVENT_TYPE_PATTERN)
    condition: ConditionTree | None = None
    effect: EffectInput | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=16)
    priority: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    is_exclusive: bool | None = None
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    cap_per_member_per_day: int | None = Field(default=None, ge=1, le=MAX_POINTS)
    cap_total: int | None = Field(default=None, ge=1, le=10**15)
    once_per: str | None = Field(default=None, min_length=1, max_length=200)

    @field_validator(*REQUIRED_FIELDS)
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null; leave it out to keep the current value")
        return value


class RuleVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    name: str
    description: str | None
    trigger: Trigger
    event_type: str | None
    condition: ConditionTree | None
    effect: EffectInput
    unit: str
    priority: int
    is_exclusive: bool
    starts_at: datetime | None
    ends_at: datetime | None
    cap_per_member_per_day: int | None
    cap_total: int | None
    once_per: str | None
    created_at: datetime
    created_by: str


class RuleRead(BaseModel):
    """A rule with the fields of its current version."""

    id: int
    name: str
    is_active: bool
    current_version: int
    description: str | None
    trigger: Trigger
    event_type: str | None
    condition: ConditionTree | None
    effect: EffectInput
    unit: str
    priority: int
    is_exclusive: bool
    starts_at: datetime | None
    ends_at: datetime | None
    cap_per_member_per_day: int | None
    cap_total: int | None
    once_per: str | None
    awarded_total: int = Field(description="Points given while the rule has a total cap (what the cap counts).")
    created_at: datetime
    updated_at: datetime


class RuleDetailRead(RuleRead):
    versions: list[RuleVersionRead] = Field(description="Every version, oldest first; old ones never change.")


# --- dry run -------------------------------------------------------------------------------


class ReceiptLine(InputModel):
    """One line of a receipt, as purchases record it and the dry-run evaluates it."""

    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    name: str | None = Field(default=None, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    quantity: int = Field(ge=1, le=100_000)
    unit_price: int = Field(ge=0, le=10**12, description="Price of one unit in minor units (cents).")
    discount: int = Field(default=0, ge=0, description="Discount on the whole line in minor units.")

    @model_validator(mode="after")
    def _discount_within_line(self) -> ReceiptLine:
        if self.discount > self.quantity * self.unit_price:
            raise ValueError("discount exceeds the line's value")
        return self

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price - self.discount


DryRunLine = ReceiptLine


class DryRunPurchase(InputModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[ReceiptLine] = Field(default_factory=list, max_length=500)
    total: int | None = Field(default=None, ge=0, le=10**13, description="Defaults to the sum of the lines.")
    channel: Literal["pos", "online", "partner"] = "pos"
    store: str | None = Field(default=None, max_length=64)
    occurred_at: DateTimeIn | None = Field(default=None, description="Defaults to now; decides rule windows.")
    is_first_purchase: bool = False

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else clock.as_utc(value)

    @model_validator(mode="after")
    def _lines_or_total(self) -> DryRunPurchase:
        if not self.lines and self.total is None:
            raise ValueError("give the receipt's lines or its total")
        return self

    @property
    def total_minor(self) -> int:
        return self.total if self.total is not None else sum(line.amount for line in self.lines)


class DryRunRequest(InputModel):
    """A purchase to try the active purchase rules on; nothing is saved or used up."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "member": {"email": "anna@example.com"},
        "purchase": {"channel": "pos", "store": "WAW-01", "lines": [
            {"sku": "CAP-250", "name": "Cappuccino", "category": "coffee", "quantity": 2, "unit_price": 1400}]},
    }]})

    member: MemberRef | None = None
    purchase: DryRunPurchase


class LinePoints(BaseModel):
    line_no: int | None = Field(description="The receipt line (1-based); null for the receipt as a whole.")
    points: int


class DryRunRuleRead(BaseModel):
    rule_id: int
    rule_version: int
    name: str
    unit: str
    matched: bool
    why: list[str] = Field(description="The condition trace and how the effect was computed.")
    points: int = Field(description="What the rule computes, before caps.")
    awarded: int = Field(description="What it would give now, after caps.")
    capped_by: list[str] = Field(description="The caps that cut it, and what was left of them.")
    lines: list[LinePoints]


class DryRunRead(BaseModel):
    rules: list[DryRunRuleRead]
    totals: dict[str, int] = Field(description="Awarded per unit.")


# --- custom events -------------------------------------------------------------------------


class CustomEventCreate(InputModel):
    """Something a member did that earning rules may reward (a review, a referral, a check-in)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "type": "review_posted", "member": {"email": "anna@example.com"},
        "payload": {"product_id": "CAP-250", "stars": 5},
    }]})

    type: str = Field(min_length=1, max_length=100, pattern=EVENT_TYPE_PATTERN)
    member: MemberRef
    occurred_at: DateTimeIn | None = Field(default=None, description="Defaults to now; never in the future.")
    payload: dict[str, Any] = Field(default_factory=dict, description="Any JSON object, up to 16 KB; "
                                    "rules see it as event.payload.*")

    @field_validator("occurred_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        value = clock.as_utc(value)
        if value > clock.now() + FUTURE_TOLERANCE:
            raise ValueError("occurred_at is in the future")
        return value

    @field_validator("payload")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value, default=str).encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"payload is larger than {MAX_PAYLOAD_BYTES // 1024} KB")
        return value


class AwardRead(BaseModel):
    rule_id: int | None
    rule_version: int | None
    unit: str
    points: int


class AvailableBalanceRead(BaseModel):
    available: int
    pending: int


class CustomEventRead(BaseModel):
    event_type: str
    member_id: int
    awards: list[AwardRead]
    balance: dict[str, AvailableBalanceRead] = Field(description="The member's balance per unit after the awards.")
