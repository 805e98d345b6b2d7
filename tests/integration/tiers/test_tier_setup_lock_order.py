"""Every change that touches the tier setup locks it before the program's row (whose config
version it bumps): a rule naming a tier locks the setup, then bumps the version; a tier level
change taking them the other way round deadlocked with it on PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.rewards import service as rewards_service
from loyalty.rules import service as rules_service
from loyalty.rules.domain import rule_tier_mentions
from loyalty.rules.schemas import RuleCreate
from loyalty.tiers import service as tiers_service
from loyalty.tiers.schemas import TierCreate, TierPolicyWrite, TierUpdate
from tests.factories.programs import make_program
from tests.factories.tiers import make_levels

GOLD_RULE = RuleCreate.model_validate({
    "name": "Gold: a point per 1.00", "trigger": "purchase",
    "condition": {"field": "member.tier", "op": "eq", "value": "gold"},
    "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}})

TIER_CHANGES: dict[str, Callable[[Any, Program, dict[str, Any]], Any]] = {
    "create a level": lambda session, program, levels: tiers_service.create_level(
        session=session, program=program, actor="test",
        data=TierCreate.model_validate({"code": "diamond", "name": "Diamond", "rank": 4, "threshold": 5000,
                                        "benefits": {"earn_multiplier": "2"}})),
    "change a level": lambda session, program, levels: tiers_service.update_level(
        session=session, program=program, tier_id=levels["silver"].id, actor="test",
        data=TierUpdate(name="Silver+")),
    "delete a level": lambda session, program, levels: rewards_service.delete_tier_level(
        session=session, program=program, tier_id=levels["platinum"].id, actor="test"),
    "set the policy": lambda session, program, levels: tiers_service.set_policy(
        session=session, program=program, actor="test",
        data=TierPolicyWrite.model_validate({"measure": "points_earned", "window": {"kind": "calendar_year"}})),
}


@pytest.mark.parametrize("change", list(TIER_CHANGES))
def test_a_tier_change_waits_for_a_rule_naming_a_tier_and_neither_deadlocks(database: Database, change: str) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    program = make_program(database)
    levels = make_levels(database, program)
    saving = database.sessions()
    try:
        rules_service.check_tier_mentions(session=saving, program=program,  # the rule's save has locked
                                          mentions=rule_tier_mentions(GOLD_RULE.model_dump()))  # the setup...
        with ThreadPoolExecutor(1) as pool:
            def tier_change() -> None:
                with unit_of_work(database) as session:
                    TIER_CHANGES[change](session, program, levels)

            changing = pool.submit(tier_change)
            time.sleep(0.3)                                                # ...the tier change now waits,
            rules_service.create_rule(session=saving, program=program, data=GOLD_RULE, actor="test")
            saving.commit()                                                 # and the save goes on to the end
            changing.result(timeout=10)
    finally:
        saving.close()
