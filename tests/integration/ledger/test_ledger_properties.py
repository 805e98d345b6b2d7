"""Random sequences of purchases, refunds, spends, adjustments, releases and expiries keep the ledger sound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import DomainError
from loyalty.ledger import service as ledger
from loyalty.members.schemas import MemberRef
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn, RefundCreate
from tests.factories.ledger import balance, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule

operation = st.one_of(
    st.tuples(st.just("purchase"), st.integers(1, 40_000)),
    st.tuples(st.just("refund"), st.integers(1, 10_000)),
    st.tuples(st.just("spend"), st.integers(1, 300)),
    st.tuples(st.just("adjust"), st.integers(-200, 200).filter(bool)),
    st.tuples(st.just("wait"), st.integers(1, 40)),
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=25))
def test_any_sequence_keeps_the_ledger_sound(database: Database, operations: list[tuple[str, int]]) -> None:
    now = [datetime(2026, 1, 1, 10, tzinfo=UTC)]
    clock.set_clock(lambda: now[0])
    program = make_program(database, pending_days=3, expiry_policy={"kind": "months_after_earning", "months": 1})
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member = make_member(database, program)
    purchase_ids: list[int] = []
    for kind, value in operations:
        try:
            with unit_of_work(database) as session:
                if kind == "purchase":
                    receipt = PurchaseCreate(member=MemberRef(id=member.id),
                                             lines=[PurchaseLineIn(sku="X", quantity=1, unit_price=value)])
                    outcome = purchases.record_purchase(session=session, program=program, actor="prop", data=receipt)
                    purchase_ids.append(outcome.body["purchase_id"])
                elif kind == "refund" and purchase_ids:
                    purchases.refund_purchase(session=session, program=program, actor="prop",
                                              purchase_id=purchase_ids[value % len(purchase_ids)],
                                              data=RefundCreate(amount=max(1, value // 3)))
                elif kind == "spend":
                    ledger.spend(session=session, program=program, member_id=member.id, unit="points", points=value,
                                 actor="prop")
                elif kind == "adjust":
                    ledger.adjust(session=session, program=program, member_id=member.id, unit="points",
                                  points=value, reason="prop", actor="prop")
                elif kind == "wait":
                    now[0] += timedelta(days=value)
                    ledger.run_due_jobs(session=session, program=program)
        except DomainError:
            pass  # refused operations (not enough points, refund too large) must change nothing
    assert verify_ok(database) == []
    after = balance(database, program, member.id)
    assert after.available + after.pending == (after.earned - after.reversed - after.spent - after.expired
                                               + after.adjusted + after.transferred_in - after.transferred_out)
    with unit_of_work(database, read_only=True) as session:
        broken_lots = text("SELECT COUNT(*) FROM lots WHERE remaining < 0 OR remaining > amount")
        assert session.execute(broken_lots).scalar() == 0
