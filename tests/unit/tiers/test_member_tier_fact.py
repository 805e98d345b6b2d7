from __future__ import annotations

from datetime import UTC, datetime

import pytest

from loyalty.kernel.conditions import ConditionError, evaluate, validate
from loyalty.rules.domain import MemberFacts, build_member_facts, catalog_for

GOLD_ONLY = {"field": "member.tier", "op": "in", "value": ["gold", "platinum"]}


@pytest.mark.parametrize("trigger", ["purchase", "enrolment", "birthday", "custom_event"])
def test_every_trigger_offers_member_tier(trigger: str) -> None:
    validate(GOLD_ONLY, catalog_for(trigger))
    with pytest.raises(ConditionError, match="string"):
        validate({"field": "member.tier", "op": "eq", "value": 2}, catalog_for(trigger))


def test_conditions_compare_the_members_tier_code() -> None:
    gold = MemberFacts(enrolment_channel="pos", days_since_enrolment=3, age=None, preferred_language=None,
                       has_email=True, tier="gold")
    untiered = MemberFacts(enrolment_channel="pos", days_since_enrolment=3, age=None, preferred_language=None,
                           has_email=True)
    assert evaluate(GOLD_ONLY, gold.flat()) is True
    assert evaluate(GOLD_ONLY, untiered.flat()) is False
    assert evaluate({"field": "member.tier", "op": "exists"}, untiered.flat()) is False


def test_built_member_facts_carry_the_tier() -> None:
    at = datetime(2026, 3, 10, tzinfo=UTC)
    facts = build_member_facts(timezone="UTC", at=at, enrolled_at=at, enrolment_channel="pos", birth_date=None,
                               preferred_language=None, has_email=False, attributes=None, tier="silver")
    assert facts.flat()["member.tier"] == "silver"
