from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn, RefundCreate, RefundLineIn
from tests.factories.ledger import balance, verify_ok
from tests.factories.members import make_member
from tests.factories.rules import make_rule


def test_twenty_concurrent_replays_of_one_purchase_record_it_once(database: Database, program: Program) -> None:
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member = make_member(database, program)
    data = PurchaseCreate(member=MemberRef(id=member.id), external_id="SHOP-1", channel="online",
                          lines=[PurchaseLineIn(sku="A", quantity=1, unit_price=12345)])

    def post(_: int) -> int:
        with unit_of_work(database) as session:
            return purchases.record_purchase(session=session, program=program, data=data, actor="test").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(post, range(20)))
    assert statuses == [200] * 19 + [201]
    assert balance(database, program, member.id).available == 123
    assert verify_ok(database) == []


def test_concurrent_refunds_never_refund_more_than_was_bought(database: Database, program: Program) -> None:
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member = make_member(database, program)
    with unit_of_work(database) as session:
        recorded = purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member.id), lines=[PurchaseLineIn(sku="A", quantity=5, unit_price=1000)]))
    purchase_id = recorded.body["purchase_id"]

    def refund_one(index: int) -> bool:
        try:
            with unit_of_work(database) as session:
                purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id, actor="test",
                                          data=RefundCreate(lines=[RefundLineIn(line_no=1, quantity=1)]))
            return True
        except Invalid as refused:
            assert refused.code == "refund_exceeds_purchase"
            return False

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(refund_one, range(10)))
    assert results.count(True) == 5
    assert balance(database, program, member.id).available == 0
    assert verify_ok(database) == []
