from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from loyalty.kernel.errors import Invalid
from loyalty.rules.schemas import CustomEventCreate, RuleCreate, RuleUpdate, parse_effect


def test_effects_are_stored_with_defaults_and_decimals_as_strings() -> None:
    assert parse_effect({"kind": "per_amount", "points": 1, "per_minor": 100}) == {
        "kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt", "line_condition": None}
    assert parse_effect({"kind": "multiplier", "factor": "1.5"}) == {"kind": "multiplier", "factor": "1.5"}
    assert parse_effect({"kind": "percent", "percent": 5}) == {
        "kind": "percent", "percent": "5", "scope": "receipt", "line_condition": None}


@pytest.mark.parametrize(("effect", "field", "message"), [
    ({"kind": "per_amount", "points": 1, "per_minor": 0}, "effect.per_minor",
     "Field 'effect.per_minor': Input should be greater than 0."),
    ({"kind": "per_amount", "points": 1}, "effect.per_minor", "A per_amount effect needs 'per_minor'."),
    ({"kind": "fixed", "points": 5, "per_minor": 3}, "effect.per_minor",
     "Unknown field 'effect.per_minor' for a fixed effect."),
    ({"kind": "multiplier", "factor": "1"}, "effect.factor", "Field 'effect.factor': Input should be greater than 1."),
    ({"kind": "percent", "percent": "101"}, "effect.percent",
     "Field 'effect.percent': Input should be less than or equal to 100."),
    ({"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "basket"}, "effect.scope",
     "Field 'effect.scope': Input should be 'receipt' or 'matching_lines'."),
    ({"kind": "bonus"}, "effect.kind",
     "Unknown effect kind 'bonus'; use one of fixed, per_amount, per_item, multiplier, percent."),
    ({"points": 5}, "effect.kind", "Give the effect's kind: one of fixed, per_amount, per_item, multiplier, percent."),
])
def test_a_bad_effect_names_its_bad_part(effect: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_effect(effect)
    assert (caught.value.code, caught.value.field, caught.value.message) == ("invalid_effect", field, message)


def test_rule_create_refuses_unknown_fields_and_has_defaults() -> None:
    rule = RuleCreate.model_validate({"name": "x", "trigger": "purchase", "effect": {"kind": "fixed", "points": 1}})
    assert (rule.unit, rule.priority, rule.is_exclusive, rule.condition) == ("points", 100, False, None)
    with pytest.raises(ValidationError) as caught:
        RuleCreate.model_validate({"name": "x", "trigger": "purchase", "effect": {}, "points": 5})
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_rule_update_can_clear_optional_fields_but_not_required_ones() -> None:
    update = RuleUpdate.model_validate({"condition": None, "cap_total": None})
    assert update.model_dump(exclude_unset=True) == {"condition": None, "cap_total": None}
    with pytest.raises(ValidationError) as caught:
        RuleUpdate.model_validate({"name": None})
    assert caught.value.errors()[0]["loc"] == ("name",)


def test_custom_event_payload_is_limited_and_type_has_a_shape() -> None:
    with pytest.raises(ValidationError):
        CustomEventCreate.model_validate({"type": "x", "member": {"id": 1}, "payload": {"blob": "x" * 20_000}})
    with pytest.raises(ValidationError):
        CustomEventCreate.model_validate({"type": "review posted!", "member": {"id": 1}})
    event = CustomEventCreate.model_validate({"type": "review_posted", "member": {"id": 1}})
    assert event.payload == {} and event.occurred_at is None
