"""A member's accounts are taken in one order by every movement that needs both of a unit's
accounts (pending, then wallet), the order a purchase takes them in (its earning the pending
account, then its stamp-card check the wallet); otherwise a refund or a spend racing a purchase
of the same member could deadlock on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.ledger import repository as ledger_repository
from loyalty.ledger import service as ledger
from loyalty.ledger.models import PENDING, WALLET
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn, RefundCreate
from tests.factories.ledger import verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule


def _bought_three_weeks_ago(database: Database, program: Program, member_id: int) -> int:
    """A receipt recorded three weeks ago: its return window has ended, its points are still
    pending (no job released them)."""
    then = clock.now() - timedelta(days=21)
    receipt = PurchaseCreate(member=MemberRef(id=member_id), occurred_at=then,
                             lines=[PurchaseLineIn(sku="CAP", category="coffee", quantity=2, unit_price=1500)])
    clock.set_clock(lambda: then)
    try:
        with unit_of_work(database) as session:
            return int(purchases.record_purchase(session=session, program=program, actor="test", data=receipt)
                       .body["purchase_id"])
    finally:
        clock.set_clock(None)


@pytest.fixture
def locks_taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The account ids whose balance row was locked or written, in order."""
    taken: list[int] = []
    add = ledger_repository.add_to_balance

    def recording(session: Any, account_id: int, points: int) -> Any:
        taken.append(account_id)
        return add(session, account_id, points)

    monkeypatch.setattr(ledger_repository, "add_to_balance", recording)
    return taken


def _first_pending_then_wallet(database: Database, program: Program, member_id: int, taken: list[int]) -> None:
    with unit_of_work(database, read_only=True) as session:
        accounts = ledger_repository.member_account_ids(session, program.id, member_id, "points")
    touched = [account for account in taken if account in (accounts[PENDING], accounts[WALLET])]
    assert touched[:2] == [accounts[PENDING], accounts[WALLET]], touched


def test_a_refund_takes_the_pending_account_before_the_wallet(database: Database, locks_taken: list[int]) -> None:
    program = make_program(database, pending_days=14)
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member = make_member(database, program)
    purchase_id = _bought_three_weeks_ago(database, program, member.id)
    locks_taken.clear()

    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id, actor="test",
                                  data=RefundCreate(amount=3000))

    _first_pending_then_wallet(database, program, member.id, locks_taken)
    assert verify_ok(database) == []


def test_a_spend_that_releases_due_points_takes_the_pending_account_first(database: Database,
                                                                          locks_taken: list[int]) -> None:
    program = make_program(database, pending_days=14)
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member = make_member(database, program)
    _bought_three_weeks_ago(database, program, member.id)
    locks_taken.clear()

    with unit_of_work(database) as session:
        ledger.spend(session=session, program=program, member_id=member.id, unit="points", points=10, actor="test")

    _first_pending_then_wallet(database, program, member.id, locks_taken)
    assert verify_ok(database) == []


def test_a_members_first_accounts_are_created_pending_first(database: Database) -> None:
    # A new row's key stays held until commit: created wallet first, they could deadlock with a
    # purchase whose earning upsert creates the pending account first.
    program = make_program(database)
    member = make_member(database, program)
    with unit_of_work(database) as session:
        accounts = ledger_repository.member_account_ids(session, program.id, member.id, "points")
    assert accounts[PENDING] < accounts[WALLET]   # ids follow the order the rows were inserted in
