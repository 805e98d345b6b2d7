"""An effect's `line_condition` sees the same facts as the rule's condition: the first purchase
and the member's tier are looked up when only the line condition asks for them."""

from __future__ import annotations

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from tests.factories.members import make_member
from tests.factories.rules import make_rule
from tests.factories.tiers import assign, make_levels

COFFEE = {"field": "line.category", "op": "eq", "value": "coffee"}


def _purchase_points(database: Database, program: Program, member_id: int) -> int:
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), lines=[PurchaseLineIn(sku="CAP", category="coffee", quantity=2,
                                                                  unit_price=1000)]))
    return int(outcome.body["points"]["earned"])


def test_a_point_per_coffee_on_the_first_purchase_only(database: Database, program: Program) -> None:
    make_rule(database, program, name="A point per coffee on the first purchase", effect={
        "kind": "per_item", "points": 1, "line_condition": {"all": [
            COFFEE, {"field": "purchase.is_first_purchase", "op": "eq", "value": True}]}})
    member = make_member(database, program)

    assert [_purchase_points(database, program, member.id) for _ in range(2)] == [2, 0]


def test_a_point_per_coffee_for_gold_members_only(database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("member", 0, 0, "1"), ("gold", 1, 500, "1")))
    make_rule(database, program, name="A point per coffee for gold", effect={
        "kind": "per_item", "points": 1, "line_condition": {"all": [
            COFFEE, {"field": "member.tier", "op": "eq", "value": "gold"}]}})
    gold, newcomer = make_member(database, program), make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")

    assert (_purchase_points(database, program, gold.id), _purchase_points(database, program, newcomer.id)) == (2, 0)
