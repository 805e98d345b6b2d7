"""The ledger on both databases: postings, lots, debts, expiry, append-only entries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import Forbidden, InsufficientPoints, Invalid
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.programs.models import Program
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program


def spend(database: Database, program: Program, member_id: int, points: int, unit: str = "points") -> int:
    with unit_of_work(database) as session:
        return ledger.spend(session=session, program=program, member_id=member_id, unit=unit, points=points,
                            actor="test").balance_after


def test_earning_then_spending_moves_points_through_the_wallet(database: Database, program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 120)
    assert spend(database, program, member.id, 70) == 50
    after = balance(database, program, member.id)
    assert (after.available, after.pending, after.earned, after.spent) == (50, 0, 120, 70)
    assert verify_ok(database) == []


def test_spend_more_than_available_is_refused_and_changes_nothing(database: Database, program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 30)
    with pytest.raises(InsufficientPoints) as refused:
        spend(database, program, member.id, 31)
    assert refused.value.details == {"available": 30, "requested": 31, "unit": "points"}
    assert balance(database, program, member.id).available == 30


def test_fifty_concurrent_spends_never_overdraw(database: Database, program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 100)

    def attempt(_: int) -> bool:
        try:
            spend(database, program, member.id, 30)
            return True
        except InsufficientPoints:
            return False

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(attempt, range(50)))
    assert results.count(True) == 3
    assert balance(database, program, member.id).available == 10
    assert verify_ok(database) == []


def test_pending_points_become_available_after_the_return_window(database: Database) -> None:
    program = make_program(database, pending_days=14)
    member = make_member(database, program)
    earned_at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    clock.set_clock(lambda: earned_at)
    give_points(database, program, member.id, 80, purchase_id=1)
    assert (balance(database, program, member.id).available, balance(database, program, member.id).pending) == (0, 80)
    with pytest.raises(InsufficientPoints):
        spend(database, program, member.id, 10)
    with unit_of_work(database) as session:
        assert ledger.run_due_jobs(session=session, program=program, now=earned_at + timedelta(days=13)).released == 0
    clock.set_clock(lambda: earned_at + timedelta(days=14, minutes=1))
    with unit_of_work(database) as session:
        counts = ledger.run_due_jobs(session=session, program=program)
    with unit_of_work(database) as session:
        again = ledger.run_due_jobs(session=session, program=program)
    assert (counts.released, again.released) == (1, 0)
    assert (balance(database, program, member.id).available, balance(database, program, member.id).pending) == (80, 0)
    assert verify_ok(database) == []


def test_only_a_purchases_points_wait_for_the_return_window(database: Database) -> None:
    program = make_program(database, pending_days=14)
    member = make_member(database, program)
    with unit_of_work(database) as session:
        bonus = ledger.earn(session=session, program=program, member_id=member.id, purchase_id=None,
                            awards=[EarnAward("points", 50, None, None)], occurred_at=clock.now(), actor="test",
                            reason="birthday")
        bought = ledger.earn(session=session, program=program, member_id=member.id, purchase_id=4242,
                             awards=[EarnAward("points", 80, None, None)], occurred_at=clock.now(), actor="test")
    assert (bonus.available, bonus.pending) == ({"points": 50}, {})
    assert (bought.available, bought.pending) == ({}, {"points": 80})
    assert spend(database, program, member.id, 50) == 0
    after = balance(database, program, member.id)
    assert (after.available, after.pending, after.earned, after.spent) == (0, 80, 130, 50)
    assert [(e.at - clock.now() > timedelta(days=13), e.points) for e in after.releasing] == [(True, 80)]
    assert verify_ok(database) == []


def test_an_award_that_is_no_purchase_pays_a_debt_at_once(database: Database) -> None:
    program = make_program(database, pending_days=14)
    member = make_member(database, program)
    bought_at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    clock.set_clock(lambda: bought_at)
    give_points(database, program, member.id, 100, purchase_id=777)
    clock.set_clock(lambda: bought_at + timedelta(days=15))
    assert spend(database, program, member.id, 100) == 0  # released by the spend itself
    with unit_of_work(database) as session:
        ledger.reverse_earned(session=session, program=program, member_id=member.id, purchase_id=777,
                              reversals=[EarnAward("points", 60, None, None)], actor="test", reason="refund")
    assert balance(database, program, member.id).available == -60

    give_points(database, program, member.id, 50)  # a review bonus: pays 50 of the debt now
    give_points(database, program, member.id, 30, purchase_id=778)  # a purchase: waits, the debt stays
    assert (balance(database, program, member.id).available, balance(database, program, member.id).pending) == \
        (-10, 30)
    assert verify_ok(database) == []
    give_points(database, program, member.id, 25)
    assert spend(database, program, member.id, 15) == 0
    assert verify_ok(database) == []


def test_a_spend_releases_due_pending_points_itself(database: Database) -> None:
    program = make_program(database, pending_days=7)
    member = make_member(database, program)
    start = datetime(2026, 5, 1, tzinfo=UTC)
    clock.set_clock(lambda: start)
    give_points(database, program, member.id, 40, purchase_id=1)
    clock.set_clock(lambda: start + timedelta(days=8))
    assert spend(database, program, member.id, 25) == 15


def test_expiry_moves_what_is_left_of_each_lot_to_expired(database: Database) -> None:
    program = make_program(database, expiry_policy={"kind": "months_after_earning", "months": 12})
    member = make_member(database, program)
    earned_at = datetime(2025, 1, 10, tzinfo=UTC)
    clock.set_clock(lambda: earned_at)
    give_points(database, program, member.id, 100)
    clock.set_clock(lambda: earned_at + timedelta(days=100))
    give_points(database, program, member.id, 50)
    spend(database, program, member.id, 60)  # taken from the older lot first: 40 of it left
    clock.set_clock(lambda: datetime(2026, 1, 10, 0, 1, tzinfo=UTC))
    with unit_of_work(database) as session:
        assert ledger.run_due_jobs(session=session, program=program).expired == 1
    after = balance(database, program, member.id)
    assert (after.available, after.expired, after.spent, after.earned) == (50, 40, 60, 150)
    assert [e.points for e in after.expiring] == [50]
    assert verify_ok(database) == []


def test_end_of_next_calendar_year_policy(database: Database) -> None:
    program = make_program(database, expiry_policy={"kind": "end_of_next_calendar_year"}, timezone="Europe/Warsaw")
    member = make_member(database, program)
    clock.set_clock(lambda: datetime(2026, 3, 3, tzinfo=UTC))
    give_points(database, program, member.id, 10)
    expiring = balance(database, program, member.id).expiring
    assert [(e.at, e.points) for e in expiring] == [(datetime(2027, 12, 31, 23, 0, tzinfo=UTC), 10)]


def test_refund_of_spent_points_leaves_a_debt_that_blocks_spending(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with unit_of_work(database) as session:
        ledger.earn(session=session, program=program, member_id=member.id, purchase_id=None,
                    awards=[EarnAward("points", 100, None, None)], occurred_at=clock.now(), actor="test")
    spend(database, program, member.id, 90)
    with unit_of_work(database) as session:
        earned = ledger.earn(session=session, program=program, member_id=member.id, purchase_id=777,
                             awards=[EarnAward("points", 50, None, None)], occurred_at=clock.now(), actor="test")
    assert earned.available == {"points": 50}
    spend(database, program, member.id, 55)  # 5 left, the purchase's lot partly spent
    with unit_of_work(database) as session:
        ledger.reverse_earned(session=session, program=program, member_id=member.id, purchase_id=777,
                              reversals=[EarnAward("points", 50, None, None)], actor="test", reason="refund")
    assert balance(database, program, member.id).available == -45
    with pytest.raises(InsufficientPoints):
        spend(database, program, member.id, 1)
    give_points(database, program, member.id, 60)  # pays the debt first
    assert balance(database, program, member.id).available == 15
    assert spend(database, program, member.id, 15) == 0
    assert verify_ok(database) == []


def test_adjustment_needs_a_reason_and_cannot_overdraw(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with unit_of_work(database) as session, pytest.raises(Invalid) as missing:
        ledger.adjust(session=session, program=program, member_id=member.id, unit="points", points=10, reason=" ",
                      actor="agent")
    assert missing.value.code == "reason_required"
    with unit_of_work(database) as session:
        ledger.adjust(session=session, program=program, member_id=member.id, unit="points", points=25,
                      reason="goodwill", actor="agent")
    with unit_of_work(database) as session, pytest.raises(InsufficientPoints):
        ledger.adjust(session=session, program=program, member_id=member.id, unit="points", points=-26,
                      reason="fix", actor="agent")
    assert balance(database, program, member.id).adjusted == 25
    assert verify_ok(database) == []


def test_transfer_keeps_expiry_dates_and_both_members_see_it(database: Database) -> None:
    program = make_program(database, allow_transfers=True, expiry_policy={"kind": "months_after_earning", "months": 6})
    sender, recipient = make_member(database, program), make_member(database, program)
    give_points(database, program, sender.id, 70)
    with unit_of_work(database) as session:
        moved = ledger.transfer(session=session, program=program, sender_id=sender.id, recipient_id=recipient.id,
                                unit="points", points=30, actor="test")
    assert (moved.sender_balance_after, moved.recipient_balance_after) == (40, 30)
    sender_expiry = balance(database, program, sender.id).expiring[0].at
    assert balance(database, program, recipient.id).expiring[0].at == sender_expiry
    assert balance(database, program, recipient.id).transferred_in == 30
    assert balance(database, program, sender.id).transferred_out == 30
    assert verify_ok(database) == []


def test_transfer_refused_when_program_disallows_it(database: Database, program: Program) -> None:
    sender, recipient = make_member(database, program), make_member(database, program)
    with unit_of_work(database) as session, pytest.raises(Forbidden):
        ledger.transfer(session=session, program=program, sender_id=sender.id, recipient_id=recipient.id,
                        unit="points", points=1, actor="test")


def test_units_are_kept_apart(database: Database) -> None:
    program = make_program(database, units=["points", "stamps"])
    member = make_member(database, program)
    give_points(database, program, member.id, 9, unit="stamps")
    give_points(database, program, member.id, 100)
    assert balance(database, program, member.id, "stamps").available == 9
    with pytest.raises(InsufficientPoints):
        spend(database, program, member.id, 10, unit="stamps")
    with pytest.raises(Invalid):
        spend(database, program, member.id, 1, unit="cashback")


def test_ledger_entries_refuse_update_and_delete(database: Database, program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 5)
    for statement in ("UPDATE ledger_entries SET amount = amount + 1", "DELETE FROM ledger_entries",
                      "UPDATE ledger_transactions SET actor = 'x'", "DELETE FROM ledger_transactions"):
        with pytest.raises(DBAPIError, match="append-only"), unit_of_work(database) as session:
            session.execute(text(statement))
    assert balance(database, program, member.id).available == 5


def test_an_entry_needs_an_existing_account_and_accounts_stay(database: Database, program: Program) -> None:
    """PostgreSQL checks entries' accounts with a trigger instead of a locking foreign key
    (migration 0010); both databases refuse an entry on a missing account."""
    member = make_member(database, program)
    give_points(database, program, member.id, 5)
    with unit_of_work(database, read_only=True) as session:
        transaction_id, account_id = session.execute(text(
            "SELECT transaction_id, account_id FROM ledger_entries WHERE member_id = :m"), {"m": member.id}).one()
    insert = text("INSERT INTO ledger_entries (program_id, transaction_id, account_id, member_id, unit, amount, "
                  "created_at) VALUES (:p, :t, :a, :m, 'points', 0, :now)")
    with pytest.raises(DBAPIError, match="account|FOREIGN KEY"), unit_of_work(database) as session:
        session.execute(insert, {"p": program.id, "t": transaction_id, "a": account_id + 10_000_000, "m": member.id,
                                 "now": clock.now()})
    with unit_of_work(database) as session:  # an existing account is accepted
        session.execute(insert, {"p": program.id, "t": transaction_id, "a": account_id, "m": member.id,
                                 "now": clock.now()})
    for statement in ("DELETE FROM accounts WHERE id = :a", "UPDATE accounts SET id = id + 10000000 WHERE id = :a"):
        with pytest.raises(DBAPIError, match="never removed|FOREIGN KEY"), unit_of_work(database) as session:
            session.execute(text(statement), {"a": account_id})
    assert balance(database, program, member.id).available == 5
    assert verify_ok(database) == []


def test_verify_names_a_lot_filed_under_another_program(database: Database, program: Program) -> None:
    """Lots and entries take their program from their transaction (PostgreSQL checks no foreign
    key of their own, migration 0011); verify proves they agree."""
    member = make_member(database, program)
    give_points(database, program, member.id, 5)
    other = make_program(database, name="Another shop")
    with unit_of_work(database) as session:
        lot_id = session.execute(text("UPDATE lots SET program_id = :other WHERE member_id = :m RETURNING id"),
                                 {"other": other.id, "m": member.id}).scalar_one()
    problems = verify_ok(database)
    assert f"ledger lot {lot_id} names program {other.id}, but its transaction or account is program " \
           f"{program.id}'s" in problems
    with unit_of_work(database) as session:  # restore, so later tests on this database verify clean
        session.execute(text("UPDATE lots SET program_id = :p WHERE id = :lot"), {"p": program.id, "lot": lot_id})
    assert verify_ok(database) == []


def test_verify_names_a_tampered_cached_balance(database: Database, program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 5)
    with unit_of_work(database) as session:
        session.execute(text("UPDATE accounts SET balance = 500 WHERE member_id = :m AND kind = 'wallet'"),
                        {"m": member.id})
    problems = verify_ok(database)
    assert any(f"member {member.id} wallet points) caches 500 but its entries sum to 5" in p for p in problems)
    with unit_of_work(database) as session:  # restore, so later tests on this database verify clean
        session.execute(text("UPDATE accounts SET balance = 5 WHERE member_id = :m AND kind = 'wallet'"),
                        {"m": member.id})


def test_the_wallet_read_after_earning_follows_every_later_change_in_the_unit(database: Database,
                                                                              program: Program) -> None:
    member = make_member(database, program)

    def earn(session: Any, points: int) -> None:
        ledger.earn(session=session, program=program, member_id=member.id, purchase_id=None,
                    awards=[EarnAward("points", points, None, None)], occurred_at=clock.now(), actor="test")

    def available(session: Any) -> int:
        return ledger.wallet_summary(session=session, program=program, member_id=member.id)["points"]["available"]

    with unit_of_work(database) as session:
        earn(session, 100)
        after_earning = available(session)
        with pytest.raises(RuntimeError), session.begin_nested():
            earn(session, 40)
            inside = available(session)
            raise RuntimeError("this part of the request failed")
        after_rollback = available(session)
        ledger.spend(session=session, program=program, member_id=member.id, unit="points", points=30, actor="test")
        after_spending = available(session)
        earn(session, 5)
        after_more = available(session)
    assert (after_earning, inside, after_rollback, after_spending, after_more) == (100, 140, 100, 70, 75)
    assert balance(database, program, member.id).available == 75
