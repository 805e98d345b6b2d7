"""Review findings (h-review): exactly-once payment of badges and joining rules of challenges."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.gamification.models import BadgeAward
from loyalty.gamification.schemas import BadgeUpdate
from loyalty.kernel.errors import Invalid
from loyalty.ledger import service as ledger
from loyalty.programs.models import Program
from tests.factories.gamification import buy, evaluate, make_badge
from tests.factories.members import make_member


def _available(database: Database, program: Program, member_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        [balance] = ledger.balances(session=session, program=program, member_id=member_id)
        return balance.available


def test_adding_a_lower_level_to_an_earned_badge_pays_no_level_twice(database: Database, program: Program) -> None:
    """Levels are stored by position: inserting a level below an earned one used to move the
    earned level to a new position that the member did not hold, and pay it again."""
    badge = make_badge(database, program, name="Regular", measure="purchase_count",
                       levels=[{"name": "Silver", "threshold": 3, "points": 100}])
    member = make_member(database, program)
    for _ in range(3):
        buy(database, program, member.id)
    assert evaluate(database, program, member.id).badges_earned == [(badge.id, 1)]
    paid_once = _available(database, program, member.id)

    with unit_of_work(database) as session, pytest.raises(Invalid) as refused:
        gamification.update_badge(session=session, program=program, badge_id=badge.id, actor="test",
                                  data=BadgeUpdate.model_validate({"levels": [
                                      {"name": "Bronze", "threshold": 1, "points": 0},
                                      {"name": "Silver", "threshold": 3, "points": 100}]}))
    assert refused.value.code == "levels_in_use"
    evaluate(database, program, member.id)

    assert _available(database, program, member.id) == paid_once
    with unit_of_work(database, read_only=True) as session:
        names = sorted(session.scalars(select(BadgeAward.level_name).where(BadgeAward.member_id == member.id)))
    assert names.count("Silver") == 1


def test_a_held_badge_still_takes_new_levels_above_and_new_names(database: Database, program: Program) -> None:
    badge = make_badge(database, program, name="Loyal", measure="purchase_count",
                       levels=[{"name": "Silver", "threshold": 2, "points": 10}])
    member = make_member(database, program)
    for _ in range(2):
        buy(database, program, member.id)
    evaluate(database, program, member.id)
    with unit_of_work(database) as session:
        changed = gamification.update_badge(session=session, program=program, badge_id=badge.id, actor="test",
                                            data=BadgeUpdate.model_validate({"levels": [
                                                {"name": "Argent", "threshold": 2, "points": 10},
                                                {"name": "Gold", "threshold": 4, "points": 50}]}))
    assert [level.name for level in changed.levels] == ["Argent", "Gold"]
