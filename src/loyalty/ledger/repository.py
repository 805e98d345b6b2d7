"""Every query on accounts, ledger transactions, entries and lots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, event, func, insert, literal, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction

from loyalty.db.base import core_table
from loyalty.db.dialects import insert_ignoring_conflict, transaction_lock
from loyalty.db.direct import DirectStatement, as_json
from loyalty.db.engine import database_key
from loyalty.ledger.domain import debt_cover
from loyalty.ledger.models import (
    MEMBER_ACCOUNT_KINDS,
    PENDING,
    WALLET,
    Account,
    LedgerEntry,
    LedgerTransaction,
    Lot,
)

# Program account ids never change once created, so every process may remember them.
_program_account_ids: dict[tuple[Any, int, str, str], int] = {}


def program_account_id(session: Session, program_id: int, kind: str, unit: str) -> int:
    cache_key = (database_key(session), program_id, kind, unit)
    cached = _program_account_ids.get(cache_key)
    if cached is not None:
        return cached
    # An id created in this unit of work is remembered only once it is committed: a rollback
    # would otherwise leave the cache pointing at a row that never existed.
    created_here: set[tuple[Any, int, str, str]] = session.info.setdefault("uncommitted_program_accounts", set())
    where = and_(Account.program_id == program_id, Account.member_id.is_(None), Account.kind == kind,
                 Account.unit == unit)
    account_id = session.scalar(select(Account.id).where(where))
    if account_id is None:
        account_id = insert_ignoring_conflict(
            session, Account, {"program_id": program_id, "member_id": None, "kind": kind, "unit": unit, "balance": 0},
            ["program_id", "kind", "unit"], conflict_where=Account.member_id.is_(None),
        ) or session.scalar(select(Account.id).where(where))
        created_here.add(cache_key)
    assert account_id is not None
    if cache_key not in created_here:
        _program_account_ids[cache_key] = account_id
    return account_id


def member_account_ids(session: Session, program_id: int, member_id: int, unit: str) -> dict[str, int]:
    """The member's wallet and pending account ids for `unit`, created on first use: pending
    first, the order every movement takes them in (a new row's key is held until commit, so
    creating them the other way round could deadlock with a purchase's earning upsert)."""
    query = select(Account.kind, Account.id).where(Account.member_id == member_id, Account.unit == unit,
                                                   Account.program_id == program_id)
    found = {kind: account_id for kind, account_id in session.execute(query).all()}
    if len(found) < len(MEMBER_ACCOUNT_KINDS):
        for kind in (PENDING, WALLET):
            if kind not in found:
                insert_ignoring_conflict(
                    session, Account,
                    {"program_id": program_id, "member_id": member_id, "kind": kind, "unit": unit, "balance": 0},
                    ["program_id", "member_id", "kind", "unit"],
                )
        found = {kind: account_id for kind, account_id in session.execute(query).all()}
    return found


def _member_balance_upsert(module: Any) -> Any:
    accounts = core_table(Account)
    statement = module.insert(accounts).values(
        program_id=bindparam("program_id"), member_id=bindparam("member_id"), kind=bindparam("kind"),
        unit=bindparam("unit"), balance=bindparam("amount"))
    return statement.on_conflict_do_update(
        index_elements=["program_id", "member_id", "kind", "unit"],
        set_={"balance": accounts.c.balance + statement.excluded.balance},
    ).returning(accounts.c.id, accounts.c.balance)


# The member's balances as PostgreSQL's earning statement read them back right after posting,
# and which units have pending lots now due, so the purchase's answer and its stamp-card check
# cost no second read. Every other write of a balance forgets them (all go through this
# module), and so does a savepoint that rolls back or the unit's end.
_BALANCES_AFTER_POSTING = "loyalty.ledger.balances_after_posting"


def _remember_balances(session: Session, program_id: int, member_id: int, rows: list[tuple[Any, ...]], *,
                       due_units: frozenset[str]) -> None:
    """`rows`: (unit, kind, balance) per account; `due_units`: the units of which the member
    has pending lots whose time has come (what `due_pending_lots_of_member` would find)."""
    session.info[_BALANCES_AFTER_POSTING] = ((program_id, member_id), rows, due_units)


def forget_balances(session: Session) -> None:
    session.info.pop(_BALANCES_AFTER_POSTING, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, _transaction: SessionTransaction) -> None:
    # Every end: the unit's, and a savepoint's (released or rolled back), to be safe and simple.
    forget_balances(session)


# Built once: constructing a statement costs more CPU than running it, and this runs on every purchase.
_MEMBER_BALANCE_UPSERT = {"postgresql": _member_balance_upsert(postgresql), "sqlite": _member_balance_upsert(sqlite)}


def add_to_member_balance(session: Session, program_id: int, member_id: int, unit: str, kind: str,
                          amount: int) -> tuple[int, int]:
    """Add `amount` to a member account found by its natural key, creating it on first use.

    One statement: the upsert finds (or inserts), locks and changes the row and returns its id
    and new balance; a concurrent first use of the same account waits on the unique index.
    """
    forget_balances(session)
    statement = _MEMBER_BALANCE_UPSERT[session.get_bind().dialect.name]
    row = session.execute(statement, {"program_id": program_id, "member_id": member_id, "kind": kind,
                                      "unit": unit, "amount": amount}).one()
    return int(row[0]), int(row[1])


def add_to_balance(session: Session, account_id: int, amount: int) -> int:
    """Add `amount` in SQL (row lock on PostgreSQL) and return the new balance."""
    forget_balances(session)
    statement = update(Account).where(Account.id == account_id).values(balance=Account.balance + amount) \
        .returning(Account.balance)
    return int(session.execute(statement).scalar_one())


def take_from_balance(session: Session, account_id: int, amount: int) -> int | None:
    """Subtract `amount` only if the balance covers it; the new balance, or None when it does not.

    One guarded statement: two concurrent spends can never both pass the check.
    """
    forget_balances(session)
    statement = update(Account).where(Account.id == account_id, Account.balance >= amount) \
        .values(balance=Account.balance - amount).returning(Account.balance)
    result = session.execute(statement).scalar_one_or_none()
    return None if result is None else int(result)


def lock_balance(session: Session, account_id: int) -> int:
    """Lock the account row (PostgreSQL) and read its balance; a no-op UPDATE locks on both databases."""
    return add_to_balance(session, account_id, 0)


def lock_unless_busy(session: Session, account_ids: Sequence[int]) -> bool:
    """Lock the accounts unless another transaction holds one of them; whether all are ours now.

    PostgreSQL: one `SELECT … FOR UPDATE SKIP LOCKED`, so the caller never waits for them. When
    only some are free, those stay locked until the unit ends: others may wait for them, but no
    cycle can form, since the caller waits for none. SQLite: BEGIN IMMEDIATE already made this
    unit the only writer, so always.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    wanted = sorted(set(account_ids))
    locked = session.scalars(select(Account.id).where(Account.id.in_(wanted)).order_by(Account.id)
                             .with_for_update(skip_locked=True)).all()
    return len(locked) == len(wanted)


def lock_all_unless_busy(session: Session, account_ids: Sequence[int]) -> bool:
    """`lock_unless_busy`, all or none: when another transaction holds one of the accounts, the
    savepoint around the lock is rolled back, which gives back the ones it did lock (rows this
    transaction locked or changed before stay locked). For a caller that goes on to wait for
    something else after it (a stamp card's reward row): it then holds nothing of a member it
    left alone."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    savepoint = session.begin_nested()
    if lock_unless_busy(session, account_ids):
        savepoint.commit()
        return True
    savepoint.rollback()
    return False


def lock_due_jobs(session: Session, program_id: int) -> None:
    """Hold the program's release-and-expiry run until the transaction ends: a second run waits
    for the first to end."""
    transaction_lock(session, f"ledger-due-jobs:{program_id}")


def balance_of(session: Session, account_id: int) -> int:
    return int(session.scalar(select(Account.balance).where(Account.id == account_id)) or 0)


# Hot-path writes go to the Core tables: no ORM bookkeeping for rows nobody loads as objects.
_transactions = core_table(LedgerTransaction)
_lots = core_table(Lot)
_entries = core_table(LedgerEntry)


_INSERT_TRANSACTION = insert(_transactions).returning(_transactions.c.id)
_INSERT_LOT = insert(_lots).returning(_lots.c.id)
_INSERT_ENTRIES = insert(_entries)
_MEMBER_BALANCES = DirectStatement(select(Account.unit, Account.kind, Account.balance).where(
    Account.program_id == bindparam("program_id"), Account.member_id == bindparam("member_id")))


def add_transaction(session: Session, values: dict[str, Any]) -> int:
    return int(session.execute(_INSERT_TRANSACTION, values).scalar_one())


def add_lot(session: Session, values: dict[str, Any]) -> int:
    return int(session.execute(_INSERT_LOT, values).scalar_one())


def add_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(_INSERT_ENTRIES, rows)


@dataclass(frozen=True)
class EarningPlan:
    """What one earning transaction writes: per unit a lot on the member's `account_kind`
    account (pending or wallet) against the program's issued account, and per award a pair
    of entries naming its rule version."""

    program_id: int
    member_id: int
    account_kind: str
    lot_state: str  # pending | available
    occurred_at: datetime
    now: datetime
    available_at: datetime
    expires_at: datetime | None
    purchase_id: int | None
    reason: str | None
    actor: str
    units: list[tuple[str, int, int]]  # (unit, total, issued account id)
    awards: list[tuple[str, int, int | None, int | None]]  # (unit, points, rule id, rule version)


# PostgreSQL posts a whole earning in one statement: the transaction, the member's accounts
# (created on first use, locked and changed by the upsert), the lots (paying a wallet's debt
# first, as domain.debt_cover does) and the entries, chained through RETURNING.
_POST_EARNING_POSTGRESQL = DirectStatement(text("""
WITH tx AS (
    INSERT INTO ledger_transactions (program_id, member_id, kind, occurred_at, purchase_id, reason, actor, details)
    VALUES (:program_id, :member_id, 'earn', :occurred_at, CAST(:purchase_id AS bigint),
            CAST(:reason AS varchar), :actor, CAST('{}' AS jsonb))
    RETURNING id
), unit_total AS (
    SELECT * FROM json_to_recordset(CAST(:units AS json)) AS t(unit varchar, total bigint, issued_id bigint)
), account AS (
    INSERT INTO accounts (program_id, member_id, kind, unit, balance)
    SELECT :program_id, :member_id, CAST(:account_kind AS varchar), unit, total FROM unit_total
    ON CONFLICT (program_id, member_id, kind, unit) DO UPDATE SET balance = accounts.balance + excluded.balance
    RETURNING id, unit, kind, balance
), lot AS (
    INSERT INTO lots (program_id, member_id, unit, transaction_id, amount, remaining, state, available_at,
                      expires_at, purchase_id, created_at)
    SELECT :program_id, :member_id, u.unit, tx.id, u.total,
           u.total - CASE WHEN CAST(:lot_state AS varchar) = 'available'
                          THEN LEAST(u.total, GREATEST(0, u.total - a.balance)) ELSE 0 END,
           CAST(:lot_state AS varchar), CAST(:available_at AS timestamptz), CAST(:expires_at AS timestamptz),
           CAST(:purchase_id AS bigint), CAST(:now AS timestamptz)
    FROM unit_total u JOIN account a ON a.unit = u.unit CROSS JOIN tx
    RETURNING id, unit
), award AS (
    SELECT * FROM ROWS FROM (json_to_recordset(CAST(:awards AS json))
                             AS (unit varchar, points bigint, rule_id bigint, rule_version integer))
        WITH ORDINALITY AS w(unit, points, rule_id, rule_version, position)
), entry AS (
    INSERT INTO ledger_entries (program_id, transaction_id, account_id, member_id, unit, amount, rule_id,
                                rule_version, lot_id, created_at)
    SELECT :program_id, tx.id, side.account_id, side.member_id, w.unit, side.sign * w.points, w.rule_id,
           w.rule_version, l.id, CAST(:now AS timestamptz)
    FROM award w JOIN account a ON a.unit = w.unit JOIN unit_total u ON u.unit = w.unit
         JOIN lot l ON l.unit = w.unit CROSS JOIN tx
         CROSS JOIN LATERAL (VALUES (1, a.id, CAST(:member_id AS bigint), 0),
                                    (-1, u.issued_id, CAST(NULL AS bigint), 1))
             AS side(sign, account_id, member_id, seq)
    ORDER BY w.position, side.seq
)
SELECT (SELECT id FROM tx),
       (SELECT json_agg(json_build_array(b.unit, b.kind, b.balance)) FROM (
            SELECT unit, kind, balance FROM account
            UNION ALL
            SELECT unit, kind, balance FROM accounts
            WHERE program_id = :program_id AND member_id = :member_id AND id NOT IN (SELECT id FROM account)
        ) AS b),
       (SELECT json_agg(DISTINCT unit) FROM lots
        WHERE member_id = :member_id AND state = 'pending' AND available_at <= CAST(:now AS timestamptz))
"""))


def post_earning(session: Session, plan: EarningPlan) -> int:
    """Write an earning transaction; its id. One statement on PostgreSQL, a few on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        posted = _POST_EARNING_POSTGRESQL.row(session, {
            "program_id": plan.program_id, "member_id": plan.member_id, "occurred_at": plan.occurred_at,
            "purchase_id": plan.purchase_id, "reason": plan.reason, "actor": plan.actor,
            "account_kind": plan.account_kind, "lot_state": plan.lot_state, "available_at": plan.available_at,
            "expires_at": plan.expires_at, "now": plan.now,
            # JSON, not arrays: the C encoder costs far less than the driver adapting each array.
            "units": as_json([{"unit": unit, "total": total, "issued_id": issued}
                              for unit, total, issued in plan.units]),
            "awards": as_json([{"unit": unit, "points": points, "rule_id": rule_id, "rule_version": version}
                               for unit, points, rule_id, version in plan.awards]),
        })
        assert posted is not None
        _remember_balances(session, plan.program_id, plan.member_id, [tuple(row) for row in posted[1]],
                           due_units=frozenset(posted[2] or ()))
        return int(posted[0])
    transaction_id = add_transaction(session, {
        "program_id": plan.program_id, "member_id": plan.member_id, "kind": "earn", "occurred_at": plan.occurred_at,
        "purchase_id": plan.purchase_id, "reason": plan.reason, "actor": plan.actor, "details": {},
    })
    targets: dict[str, tuple[int, int, int]] = {}  # unit -> (member account, lot, issued account)
    for unit, total, issued in plan.units:
        account_id, balance_after = add_to_member_balance(session, plan.program_id, plan.member_id, unit,
                                                          plan.account_kind, total)
        covered = debt_cover(total, balance_after - total) if plan.lot_state == "available" else 0
        lot_id = add_lot(session, {
            "program_id": plan.program_id, "member_id": plan.member_id, "unit": unit,
            "transaction_id": transaction_id, "amount": total, "remaining": total - covered,
            "state": plan.lot_state, "available_at": plan.available_at, "expires_at": plan.expires_at,
            "purchase_id": plan.purchase_id, "created_at": plan.now,
        })
        targets[unit] = (account_id, lot_id, issued)
    entries = []
    for unit, points, rule_id, rule_version in plan.awards:
        account_id, lot_id, issued = targets[unit]
        for account, member_id, amount in ((account_id, plan.member_id, points), (issued, None, -points)):
            entries.append({"program_id": plan.program_id, "transaction_id": transaction_id, "account_id": account,
                            "member_id": member_id, "unit": unit, "amount": amount, "rule_id": rule_id,
                            "rule_version": rule_version, "lot_id": lot_id, "created_at": plan.now})
    add_entries(session, entries)
    return transaction_id


def open_lots(session: Session, member_id: int, unit: str, *, state: str = "available") -> Sequence[Any]:
    return session.execute(
        select(Lot.id, Lot.remaining, Lot.expires_at)
        .where(Lot.member_id == member_id, Lot.unit == unit, Lot.state == state, Lot.remaining > 0)
    ).all()


def purchase_lots(session: Session, member_id: int, purchase_id: int, unit: str) -> Sequence[Any]:
    return session.execute(
        select(Lot.id, Lot.remaining, Lot.state, Lot.expires_at)
        .where(Lot.member_id == member_id, Lot.purchase_id == purchase_id, Lot.unit == unit,
               Lot.state.in_(("pending", "available")))
        .order_by(Lot.id)
    ).all()


def debit_lot(session: Session, lot_id: int, points: int) -> None:
    result = session.execute(update(Lot).where(Lot.id == lot_id, Lot.remaining >= points)
                             .values(remaining=Lot.remaining - points))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise RuntimeError(f"lot {lot_id} could not give {points}: ledger state is inconsistent")


def due_pending_lots(session: Session, program_id: int, now: datetime, limit: int) -> Sequence[Any]:
    return session.execute(
        select(Lot.id, Lot.member_id, Lot.unit).where(Lot.program_id == program_id, Lot.state == "pending",
                                                      Lot.available_at <= now)
        .order_by(Lot.available_at, Lot.id).limit(limit)
    ).all()


def due_expiring_lots(session: Session, program_id: int, now: datetime, limit: int) -> Sequence[Any]:
    return session.execute(
        select(Lot.id, Lot.member_id, Lot.unit).where(Lot.program_id == program_id, Lot.state == "available",
                                                      Lot.expires_at <= now)
        .order_by(Lot.expires_at, Lot.id).limit(limit)
    ).all()


def claim_lot(session: Session, lot_id: int, from_state: str, to_state: str, *,
              remaining: Any = None) -> Any | None:
    """Move a lot between states if it is still in `from_state`; its row, or None if someone else did."""
    values: dict[str, Any] = {"state": to_state}
    if remaining is not None:
        values["remaining"] = remaining
    return session.execute(
        update(Lot).where(Lot.id == lot_id, Lot.state == from_state).values(**values)
        .returning(Lot.id, Lot.amount, Lot.remaining, Lot.member_id, Lot.unit, Lot.expires_at, Lot.purchase_id)
    ).one_or_none()


def lot_remaining(session: Session, lot_id: int) -> int:
    return int(session.scalar(select(Lot.remaining).where(Lot.id == lot_id)) or 0)


def set_lot_remaining(session: Session, lot_id: int, remaining: int) -> None:
    session.execute(update(Lot).where(Lot.id == lot_id).values(remaining=remaining))


def member_balances(session: Session, program_id: int, member_id: int) -> Sequence[Any]:
    """(unit, kind, balance) of each of the member's accounts."""
    remembered = session.info.get(_BALANCES_AFTER_POSTING)
    if remembered is not None and remembered[0] == (program_id, member_id):
        return remembered[1]  # type: ignore[no-any-return]
    cursor = _MEMBER_BALANCES.execute(session, {"program_id": program_id, "member_id": member_id})
    rows = cursor.fetchall()
    cursor.close()
    return rows  # type: ignore[no-any-return]


def members_wallet_balances(session: Session, program_id: int, unit: str, member_ids: Sequence[int]) -> dict[int, int]:
    """Each member's wallet balance in `unit` (members without an account are absent): one query."""
    if not member_ids:
        return {}
    rows = session.execute(select(Account.member_id, Account.balance).where(
        Account.program_id == program_id, Account.unit == unit, Account.kind == WALLET,
        Account.member_id.in_(list(member_ids))))
    return {int(member_id): int(balance) for member_id, balance in rows if member_id is not None}


def member_totals(session: Session, program_id: int, member_id: int) -> Sequence[Any]:
    """Per unit and transaction kind: credits and debits on the member's accounts.

    Release moves points between the member's own accounts, so it is left out.
    """
    amount = LedgerEntry.amount
    return session.execute(
        select(LedgerEntry.unit, LedgerTransaction.kind,
               func.coalesce(func.sum(case((amount > 0, amount), else_=0)), 0),
               func.coalesce(func.sum(case((amount < 0, -amount), else_=0)), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerEntry.program_id == program_id, LedgerEntry.member_id == member_id,
               LedgerTransaction.kind != "release")
        .group_by(LedgerEntry.unit, LedgerTransaction.kind)
    ).all()


def upcoming_expiries(session: Session, program_id: int, member_id: int, limit: int) -> Sequence[Any]:
    return session.execute(
        select(Lot.unit, Lot.expires_at, func.sum(Lot.remaining))
        .where(Lot.program_id == program_id, Lot.member_id == member_id, Lot.state.in_(("available", "pending")),
               Lot.remaining > 0, Lot.expires_at.is_not(None))
        .group_by(Lot.unit, Lot.expires_at).order_by(Lot.expires_at).limit(limit)
    ).all()


def pending_releases(session: Session, program_id: int, member_id: int, limit: int) -> Sequence[Any]:
    return session.execute(
        select(Lot.unit, Lot.available_at, func.sum(Lot.remaining))
        .where(Lot.program_id == program_id, Lot.member_id == member_id, Lot.state == "pending", Lot.remaining > 0)
        .group_by(Lot.unit, Lot.available_at).order_by(Lot.available_at).limit(limit)
    ).all()


def member_entries(session: Session, program_id: int, member_id: int, before_id: int | None,
                   limit: int) -> Sequence[Any]:
    query = (
        select(LedgerEntry.id, LedgerEntry.unit, LedgerEntry.amount, LedgerEntry.rule_id, LedgerEntry.rule_version,
               LedgerEntry.lot_id, LedgerEntry.created_at, Account.kind.label("account"),
               LedgerTransaction.id.label("transaction_id"), LedgerTransaction.kind, LedgerTransaction.occurred_at,
               LedgerTransaction.purchase_id, LedgerTransaction.reason, LedgerTransaction.actor,
               LedgerTransaction.details)
        .join(Account, Account.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerEntry.program_id == program_id, LedgerEntry.member_id == member_id)
    )
    if before_id is not None:
        query = query.where(LedgerEntry.id < before_id)
    return session.execute(query.order_by(LedgerEntry.id.desc()).limit(limit)).all()


# --- verification: whole-database scans, read-only ---------------------------------------

def unbalanced_transactions(session: Session, limit: int) -> Sequence[Any]:
    return session.execute(
        select(LedgerEntry.transaction_id, LedgerEntry.unit, func.sum(LedgerEntry.amount))
        .group_by(LedgerEntry.transaction_id, LedgerEntry.unit)
        .having(func.sum(LedgerEntry.amount) != 0).limit(limit)
    ).all()


def rows_outside_their_program(session: Session, limit: int) -> Sequence[Any]:
    """Entries and lots whose program is not their transaction's (or whose account's, for
    entries): ("entry" | "lot", id, its program, the other's program)."""
    entries = select(literal("entry"), LedgerEntry.id, LedgerEntry.program_id, LedgerTransaction.program_id) \
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id) \
        .join(Account, Account.id == LedgerEntry.account_id) \
        .where(or_(LedgerEntry.program_id != LedgerTransaction.program_id,
                   LedgerEntry.program_id != Account.program_id))
    lots = select(literal("lot"), Lot.id, Lot.program_id, LedgerTransaction.program_id) \
        .join(LedgerTransaction, LedgerTransaction.id == Lot.transaction_id) \
        .where(Lot.program_id != LedgerTransaction.program_id)
    return session.execute(entries.union_all(lots).limit(limit)).all()


def mismatched_balances(session: Session, limit: int) -> Sequence[Any]:
    sums = select(LedgerEntry.account_id, func.sum(LedgerEntry.amount).label("total")) \
        .group_by(LedgerEntry.account_id).subquery()
    return session.execute(
        select(Account.id, Account.member_id, Account.kind, Account.unit, Account.balance,
               func.coalesce(sums.c.total, 0))
        .outerjoin(sums, sums.c.account_id == Account.id)
        .where(Account.member_id.is_not(None), Account.balance != func.coalesce(sums.c.total, 0))
        .limit(limit)
    ).all()


def mismatched_lots(session: Session, limit: int) -> Sequence[Any]:
    """Member accounts whose open lots do not add up to what the account holds.

    A wallet in debt (negative) must have no points left in lots.
    """
    lot_state = case((Account.kind == WALLET, "available"), else_="pending")
    lots = select(Lot.member_id, Lot.unit, Lot.state, func.sum(Lot.remaining).label("held")) \
        .where(Lot.state.in_(("available", "pending"))).group_by(Lot.member_id, Lot.unit, Lot.state).subquery()
    held = func.coalesce(lots.c.held, 0)
    expected = case((Account.balance < 0, 0), else_=Account.balance)
    return session.execute(
        select(Account.id, Account.member_id, Account.kind, Account.unit, Account.balance, held)
        .outerjoin(lots, and_(lots.c.member_id == Account.member_id, lots.c.unit == Account.unit,
                              lots.c.state == lot_state))
        .where(Account.member_id.is_not(None), Account.kind.in_((WALLET, PENDING)), held != expected)
        .limit(limit)
    ).all()


def count_transactions(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(LedgerTransaction)) or 0)


def count_member_accounts(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Account).where(Account.member_id.is_not(None))) or 0)


def program_account_totals(session: Session, program_id: int) -> Sequence[Any]:
    return session.execute(
        select(Account.unit, Account.kind, func.coalesce(func.sum(LedgerEntry.amount), 0))
        .outerjoin(LedgerEntry, LedgerEntry.account_id == Account.id)
        .where(Account.program_id == program_id, Account.member_id.is_(None))
        .group_by(Account.unit, Account.kind)
    ).all()





_DUE_PENDING_LOTS_OF_MEMBER = DirectStatement(select(Lot.id).where(
    Lot.member_id == bindparam("member_id"), Lot.unit == bindparam("unit"), Lot.state == bindparam("state"),
    Lot.available_at <= bindparam("now")).order_by(Lot.id))


def due_pending_lots_of_member(session: Session, member_id: int, unit: str, now: datetime) -> list[int]:
    remembered = session.info.get(_BALANCES_AFTER_POSTING)
    if remembered is not None and remembered[0][1] == member_id and unit not in remembered[2]:
        return []  # the earning statement just found none (a lot falling due since waits for the next look)
    cursor = _DUE_PENDING_LOTS_OF_MEMBER.execute(session, {"member_id": member_id, "unit": unit, "state": "pending",
                                                           "now": now})
    ids = [int(row[0]) for row in cursor.fetchall()]
    cursor.close()
    return ids


def member_lot_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[Lot]:
    """Every lot of the member's points, oldest first (their data export)."""
    return session.scalars(select(Lot).where(Lot.program_id == program_id, Lot.member_id == member_id)
                           .order_by(Lot.created_at, Lot.id)).all()
