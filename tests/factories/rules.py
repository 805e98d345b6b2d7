from __future__ import annotations

import itertools
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.rules import service as rule_service
from loyalty.rules.models import EarningRule
from loyalty.rules.schemas import RuleCreate, RuleUpdate

_sequence = itertools.count(1)


def make_rule(database: Database, program: Program, **fields: Any) -> EarningRule:
    """A committed, active earning rule. Defaults: a purchase rule giving 10 points; any
    RuleCreate field may be given (`effect`, `condition`, `unit`, caps, …)."""
    fields.setdefault("name", f"Rule {next(_sequence)}")
    fields.setdefault("trigger", "purchase")
    fields.setdefault("effect", {"kind": "fixed", "points": 10})
    with unit_of_work(database) as session:
        return rule_service.create_rule(session=session, program=program, data=RuleCreate.model_validate(fields),
                                        actor="test")


def change_rule(database: Database, program: Program, rule_id: int, **changes: Any) -> EarningRule:
    """A committed new version of the rule with `changes`."""
    with unit_of_work(database) as session:
        return rule_service.update_rule(session=session, program=program, rule_id=rule_id,
                                        data=RuleUpdate.model_validate(changes), actor="test")


def set_active(database: Database, program: Program, rule_id: int, is_active: bool) -> EarningRule:
    with unit_of_work(database) as session:
        return rule_service.set_rule_active(session=session, program=program, rule_id=rule_id, is_active=is_active,
                                            actor="test")
