"""`member.tier` in earning-rule conditions: "Gold members only"."""

from __future__ import annotations

from datetime import UTC, datetime

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as members
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from loyalty.rules import service as rules
from loyalty.tiers import service as tiers
from tests.factories.members import make_member
from tests.factories.rules import make_rule
from tests.factories.tiers import assign, freeze, make_levels

GOLD_ONLY = {"field": "member.tier", "op": "eq", "value": "gold"}


def _purchase_points(database: Database, program: Program, member_id: int) -> int:
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), lines=[PurchaseLineIn(sku="A", quantity=1, unit_price=1000)]))
    return int(outcome.body["points"]["earned"])


def test_a_gold_only_purchase_rule_rewards_gold_members_only(database: Database, program: Program) -> None:
    make_levels(database, program)
    make_rule(database, program, name="Gold bonus", condition=GOLD_ONLY, effect={"kind": "fixed", "points": 50})
    freeze(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    gold, newcomer = make_member(database, program), make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")

    assert _purchase_points(database, program, gold.id) == 62  # the rule's 50, and gold's x1.25 on them
    assert _purchase_points(database, program, newcomer.id) == 0


def test_member_tier_is_the_base_code_or_missing_without_tiers(database: Database, program: Program) -> None:
    member = make_member(database, program)
    at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    with unit_of_work(database, read_only=True) as session:
        found = members.get_member(session=session, program_id=program.id, member_id=member.id)
        without_tiers = rules.member_facts(found, program, at, session=session).flat()
    make_levels(database, program)
    with unit_of_work(database, read_only=True) as session:
        found = members.get_member(session=session, program_id=program.id, member_id=member.id)
        with_tiers = rules.member_facts(found, program, at, session=session).flat()
        no_session = rules.member_facts(found, program, at).flat()

    assert "member.tier" not in without_tiers
    assert with_tiers["member.tier"] == "member"
    assert "member.tier" not in no_session


def test_member_tier_codes_answers_many_members_as_member_tier_code_does(database: Database,
                                                                        program: Program) -> None:
    gold, plain = make_member(database, program), make_member(database, program)
    with unit_of_work(database, read_only=True) as session:
        without_tiers = tiers.member_tier_codes(session=session, program_id=program.id, member_ids=[gold.id])
    make_levels(database, program)
    assign(database, program, gold.id, tier_code="gold")
    with unit_of_work(database, read_only=True) as session:
        codes = tiers.member_tier_codes(session=session, program_id=program.id, member_ids=[gold.id, plain.id])
        one_by_one = {member_id: tiers.member_tier_code(session=session, program_id=program.id, member_id=member_id)
                      for member_id in (gold.id, plain.id)}

    assert without_tiers == {gold.id: None}
    assert codes == one_by_one == {gold.id: "gold", plain.id: "member"}
