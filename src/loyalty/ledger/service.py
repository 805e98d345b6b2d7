"""The points ledger: earning, spending, adjusting, transferring, reversing, releasing, expiring.

Every movement is one ledger transaction whose entries sum to zero per unit, written in
the caller's unit of work together with the cached member balances and the lots.

Locking: a member's wallet row is locked (by the UPDATE that changes it, or a no-op UPDATE)
before any of that member's lots is touched, and several wallets are locked in primary-key
order, so two movements of one member queue instead of deadlocking. A movement that needs both
of a unit's accounts locks the pending one first, as a purchase does (its earning takes the
pending account, then its stamp-card check the wallet); units are taken in name order.

The periodic release and expiry walk many members in the order their lots fall due, which no
lock order can follow, so they wait for no member: runs of one program take turns (an advisory lock held to the end of
the run's unit of work, which covers what the worker does after it), and a run skips a member
whose accounts a request holds (FOR UPDATE SKIP LOCKED), leaving the lot to the next run. (It
waits only for a request creating the same member's first wallet at that moment.) The run keeps
the accounts of the members it released locked to the end of its unit of work and reports who
they are (`JobCounts.released_members`), so what follows in that unit (filling stamp cards) looks
at those members only, already holding their accounts. What the unit may wait for afterwards (a
stamp card's reward row) a request takes only after every account it locks, so no cycle forms
through the accounts the run holds, even half a member's, locked before it found the other half
busy. On SQLite, BEGIN IMMEDIATE serializes writers anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Forbidden, InsufficientPoints, Invalid
from loyalty.kernel.exported import row_values
from loyalty.kernel.paging import Slice
from loyalty.ledger import repository
from loyalty.ledger.domain import LotDebit, OpenLot, consume_lots, debt_cover, split_proportionally
from loyalty.ledger.models import ADJUSTED, EXPIRED, ISSUED, PENDING, SPENT, WALLET
from loyalty.ledger.schemas import LedgerEntryRead
from loyalty.programs.domain import expiry_for
from loyalty.programs.models import Program


@dataclass(frozen=True)
class EarnAward:
    """Points one rule version gives; `line_allocations` says which receipt lines earned them."""

    unit: str
    points: int
    rule_id: int | None
    rule_version: int | None
    line_allocations: dict[int | None, int] = field(default_factory=dict)


@dataclass(frozen=True)
class EarnPosting:
    transaction_id: int | None
    pending: dict[str, int]
    available: dict[str, int]


@dataclass(frozen=True)
class Movement:
    transaction_id: int
    unit: str
    points: int
    balance_after: int


@dataclass(frozen=True)
class Expiry:
    at: datetime
    points: int


@dataclass(frozen=True)
class UnitBalance:
    unit: str
    available: int
    pending: int
    earned: int
    reversed: int
    spent: int
    returned: int  # given back by cancelled redemptions
    expired: int
    adjusted: int
    transferred_in: int
    transferred_out: int
    expiring: list[Expiry]
    releasing: list[Expiry]

    @property
    def is_in_debt(self) -> bool:
        return self.available < 0


@dataclass(frozen=True)
class JobCounts:
    """What a run of the periodic jobs did: lots released and expired, and per unit the members
    whose pending lots it released (their accounts stay locked until the run's unit of work ends)."""

    released: int
    expired: int
    released_members: Mapping[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class VerifyReport:
    transactions_checked: int
    accounts_checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_unit(program: Program, unit: str) -> None:
    if unit not in program.units:
        raise Invalid(f"Unit '{unit}' is not used by this program (it uses: {', '.join(program.units)}).",
                      code="unknown_unit", field="unit")


def _check_points(points: int, name: str = "points") -> None:
    if points <= 0:
        raise Invalid(f"{name} must be a positive whole number.", code="invalid_points", field=name)


def _entry(program_id: int, account_id: int, member_id: int | None, unit: str, amount: int, now: datetime,
           rule_id: int | None = None, rule_version: int | None = None, lot_id: int | None = None) -> dict[str, Any]:
    return {"program_id": program_id, "account_id": account_id, "member_id": member_id, "unit": unit,
            "amount": amount, "rule_id": rule_id, "rule_version": rule_version, "lot_id": lot_id,
            "created_at": now}


def _transaction(session: Session, program_id: int, member_id: int | None, kind: str, occurred_at: datetime,
                 actor: str, *, purchase_id: int | None = None, reason: str | None = None,
                 details: dict[str, Any] | None = None) -> int:
    return repository.add_transaction(session, {
        "program_id": program_id, "member_id": member_id, "kind": kind, "occurred_at": occurred_at,
        "purchase_id": purchase_id, "reason": reason, "actor": actor, "details": details or {},
    })


def _with_entries_of(transaction_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "transaction_id": transaction_id} for row in rows]


def _take_lots(session: Session, member_id: int, unit: str, points: int) -> list[LotDebit]:
    """Debit up to `points` from the member's available lots, earliest expiry first."""
    lots = [OpenLot(id=row.id, remaining=row.remaining, expires_at=row.expires_at)
            for row in repository.open_lots(session, member_id, unit)]
    debits = consume_lots(lots, points)
    for debit in debits:
        repository.debit_lot(session, debit.lot_id, debit.points)
    return debits


# --- earning ----------------------------------------------------------------------------

def earn(*, session: Session, program: Program, member_id: int, awards: Sequence[EarnAward],
         occurred_at: datetime, actor: str, purchase_id: int | None = None,
         reason: str | None = None, returnable: bool | None = None) -> EarnPosting:
    """Post awards as one transaction: one lot per unit.

    Points that a return can take back stay pending until the return window
    (`program.pending_days` after `occurred_at`) ends: a purchase's (`purchase_id` given) and
    what else says `returnable=True` (a referral reward, reversed when its qualifying purchase
    is refunded; `occurred_at` is then that purchase's time). Every other award (enrolment,
    birthday, custom event) is available at once, since nothing can take it back.
    Available points that arrive while the wallet is negative (a refund of points already
    spent) pay that debt first: the lot holds only what is left.
    """
    awards = [award for award in awards if award.points > 0]
    if not awards:
        return EarnPosting(transaction_id=None, pending={}, available={})
    now = clock.now()
    if returnable if returnable is not None else purchase_id is not None:
        available_at = occurred_at + timedelta(days=program.pending_days)
        is_pending = available_at > now
    else:
        available_at = min(occurred_at, now)
        is_pending = False
    expires_at = expiry_for(program.expiry_policy, occurred_at, program.timezone)
    by_unit: dict[str, list[EarnAward]] = defaultdict(list)
    for award in awards:
        _check_unit(program, award.unit)
        by_unit[award.unit].append(award)
    totals = {unit: sum(award.points for award in unit_awards) for unit, unit_awards in by_unit.items()}
    transaction_id = repository.post_earning(session, repository.EarningPlan(
        program_id=program.id, member_id=member_id, account_kind=PENDING if is_pending else WALLET,
        lot_state="pending" if is_pending else "available", occurred_at=occurred_at, now=now,
        available_at=available_at, expires_at=expires_at, purchase_id=purchase_id, reason=reason, actor=actor,
        units=[(unit, total, repository.program_account_id(session, program.id, ISSUED, unit))
               for unit, total in sorted(totals.items())],
        awards=[(unit, award.points, award.rule_id, award.rule_version)
                for unit, unit_awards in by_unit.items() for award in unit_awards],
    ))
    pending = totals if is_pending else {}
    available = {} if is_pending else totals
    events.record(session=session, program_id=program.id, member_id=member_id, type="points.earned", actor=actor,
                  occurred_at=occurred_at, payload={
                      "transaction_id": transaction_id, "purchase_id": purchase_id, "reason": reason,
                      "pending": pending, "available": available,
                      "available_at": available_at.isoformat() if is_pending else None,
                      "expires_at": expires_at.isoformat() if expires_at else None,
                      "rules": [{"rule_id": a.rule_id, "rule_version": a.rule_version, "unit": a.unit,
                                 "points": a.points} for a in awards],
                  })
    return EarnPosting(transaction_id=transaction_id, pending=pending, available=available)


# --- spending, adjusting, transferring ----------------------------------------------------

def spend(*, session: Session, program: Program, member_id: int, unit: str, points: int, actor: str,
          reason: str | None = None, details: dict[str, Any] | None = None) -> Movement:
    """Pay with points. Never overdraws, also under concurrent requests (one guarded UPDATE)."""
    _check_unit(program, unit)
    _check_points(points)
    release_due_for_member(session=session, program=program, member_id=member_id, unit=unit)
    accounts = repository.member_account_ids(session, program.id, member_id, unit)
    balance_after = repository.take_from_balance(session, accounts[WALLET], points)
    if balance_after is None:
        raise InsufficientPoints(available=repository.balance_of(session, accounts[WALLET]), requested=points,
                                 unit=unit)
    debits = _take_lots(session, member_id, unit, points)
    if sum(debit.points for debit in debits) != points:
        raise RuntimeError(f"member {member_id}: lots hold less than the wallet balance; run `loyalty ledger verify`")
    now = clock.now()
    transaction_id = _transaction(session, program.id, member_id, "spend", now, actor, reason=reason,
                                  details=details)
    spent = repository.program_account_id(session, program.id, SPENT, unit)
    repository.add_entries(session, _with_entries_of(transaction_id, [
        _entry(program.id, accounts[WALLET], member_id, unit, -points, now),
        _entry(program.id, spent, None, unit, points, now),
    ]))
    events.record(session=session, program_id=program.id, member_id=member_id, type="points.spent", actor=actor,
                  payload={"transaction_id": transaction_id, "unit": unit, "points": points, "reason": reason,
                           "balance_after": balance_after, **(details or {})})
    return Movement(transaction_id=transaction_id, unit=unit, points=points, balance_after=balance_after)


def adjust(*, session: Session, program: Program, member_id: int, unit: str, points: int, reason: str,
           actor: str) -> Movement:
    """A manual correction with a mandatory reason; a debit never takes the wallet below zero."""
    _check_unit(program, unit)
    if points == 0:
        raise Invalid("points must not be zero.", code="invalid_points", field="points")
    if not reason or not reason.strip():
        raise Invalid("An adjustment needs a reason.", code="reason_required", field="reason")
    if points > 0:
        return _credit_at_once(session, program, member_id, unit, points, kind="adjust", counter_account=ADJUSTED,
                               event="points.adjusted", reason=reason, actor=actor)
    now = clock.now()
    accounts = repository.member_account_ids(session, program.id, member_id, unit)
    adjusted = repository.program_account_id(session, program.id, ADJUSTED, unit)
    release_due_for_member(session=session, program=program, member_id=member_id, unit=unit)
    balance_after = repository.take_from_balance(session, accounts[WALLET], -points)
    if balance_after is None:
        raise InsufficientPoints(available=repository.balance_of(session, accounts[WALLET]),
                                 requested=-points, unit=unit)
    _take_lots(session, member_id, unit, -points)
    transaction_id = _transaction(session, program.id, member_id, "adjust", now, actor, reason=reason)
    repository.add_entries(session, _with_entries_of(transaction_id, [
        _entry(program.id, accounts[WALLET], member_id, unit, points, now),
        _entry(program.id, adjusted, None, unit, -points, now),
    ]))
    events.record(session=session, program_id=program.id, member_id=member_id, type="points.adjusted", actor=actor,
                  payload={"transaction_id": transaction_id, "unit": unit, "points": points, "reason": reason,
                           "balance_after": balance_after})
    return Movement(transaction_id=transaction_id, unit=unit, points=points, balance_after=balance_after)


def return_points(*, session: Session, program: Program, member_id: int, unit: str, points: int, reason: str,
                  actor: str, details: dict[str, Any] | None = None) -> Movement:
    """Give back points that were spent (a cancelled redemption): out of the program's spent
    account, available at once whatever the pending period, as a fresh lot."""
    _check_unit(program, unit)
    return _credit_at_once(session, program, member_id, unit, points, kind="return", counter_account=SPENT,
                           event="points.returned", reason=reason, actor=actor, details=details)


def credit_cashback(*, session: Session, program: Program, member_id: int, unit: str, amount: int, reason: str,
                    actor: str, details: dict[str, Any] | None = None) -> Movement:
    """Put money credit bought with points on the member's `unit` (the program's cashback unit)
    at once: issued like earned points, but never pending."""
    _check_unit(program, unit)
    return _credit_at_once(session, program, member_id, unit, amount, kind="cashback", counter_account=ISSUED,
                           event="cashback.credited", reason=reason, actor=actor, details=details)


def open_balance(*, session: Session, program: Program, member_id: int, unit: str, points: int, reason: str,
                 actor: str) -> Movement:
    """A member's opening balance carried over from another system (an import): issued by the
    program like earned points, available at once, one lot expiring by the program's policy
    from today. Its own transaction kind (`opening`), so reports can tell it from earning."""
    _check_unit(program, unit)
    return _credit_at_once(session, program, member_id, unit, points, kind="opening", counter_account=ISSUED,
                           event="points.opening_balance", reason=reason, actor=actor)


def _credit_at_once(session: Session, program: Program, member_id: int, unit: str, points: int, *, kind: str,
                    counter_account: str, event: str, reason: str, actor: str,
                    details: dict[str, Any] | None = None) -> Movement:
    """A credit to the wallet, available now, that first covers any debt; the rest is a new lot."""
    if points <= 0:
        raise Invalid("points must be positive.", code="invalid_points", field="points")
    now = clock.now()
    accounts = repository.member_account_ids(session, program.id, member_id, unit)
    counter = repository.program_account_id(session, program.id, counter_account, unit)
    balance_after = repository.add_to_balance(session, accounts[WALLET], points)
    transaction_id = _transaction(session, program.id, member_id, kind, now, actor, reason=reason, details=details)
    lot_id = repository.add_lot(session, {
        "program_id": program.id, "member_id": member_id, "unit": unit, "transaction_id": transaction_id,
        "amount": points, "remaining": points - debt_cover(points, balance_after - points),
        "state": "available", "available_at": now,
        "expires_at": expiry_for(program.expiry_policy, now, program.timezone), "created_at": now,
    })
    repository.add_entries(session, _with_entries_of(transaction_id, [
        _entry(program.id, accounts[WALLET], member_id, unit, points, now, lot_id=lot_id),
        _entry(program.id, counter, None, unit, -points, now, lot_id=lot_id),
    ]))
    events.record(session=session, program_id=program.id, member_id=member_id, type=event, actor=actor,
                  payload={"transaction_id": transaction_id, "unit": unit, "points": points, "reason": reason,
                           "balance_after": balance_after, **(details or {})})
    return Movement(transaction_id=transaction_id, unit=unit, points=points, balance_after=balance_after)


@dataclass(frozen=True)
class Transfer:
    transaction_id: int
    unit: str
    points: int
    sender_balance_after: int
    recipient_balance_after: int


def transfer(*, session: Session, program: Program, sender_id: int, recipient_id: int, unit: str, points: int,
             actor: str, reason: str | None = None) -> Transfer:
    """Move points to another member; the recipient's lots keep the sender's expiry dates."""
    if not program.allow_transfers:
        raise Forbidden("This program does not allow point transfers between members.", code="transfers_disabled")
    _check_unit(program, unit)
    _check_points(points)
    if sender_id == recipient_id:
        raise Invalid("A member cannot transfer points to themselves.", code="same_member", field="to")
    release_due_for_member(session=session, program=program, member_id=sender_id, unit=unit)
    sender = repository.member_account_ids(session, program.id, sender_id, unit)[WALLET]
    recipient = repository.member_account_ids(session, program.id, recipient_id, unit)[WALLET]
    for account_id in sorted((sender, recipient)):  # pk order: two opposite transfers never deadlock
        repository.lock_balance(session, account_id)
    sender_after = repository.take_from_balance(session, sender, points)
    if sender_after is None:
        raise InsufficientPoints(available=repository.balance_of(session, sender), requested=points, unit=unit)
    debits = _take_lots(session, sender_id, unit, points)
    recipient_after = repository.add_to_balance(session, recipient, points)
    now = clock.now()
    transaction_id = _transaction(session, program.id, sender_id, "transfer", now, actor, reason=reason,
                                  details={"from_member_id": sender_id, "to_member_id": recipient_id})
    debt = debt_cover(points, recipient_after - points)
    entries = [_entry(program.id, sender, sender_id, unit, -points, now)]
    for debit in debits:
        covered = min(debt, debit.points)
        debt -= covered
        lot_id = repository.add_lot(session, {
            "program_id": program.id, "member_id": recipient_id, "unit": unit, "transaction_id": transaction_id,
            "amount": debit.points, "remaining": debit.points - covered, "state": "available",
            "available_at": now, "expires_at": debit.expires_at, "created_at": now,
        })
        entries.append(_entry(program.id, recipient, recipient_id, unit, debit.points, now, lot_id=lot_id))
    repository.add_entries(session, _with_entries_of(transaction_id, entries))
    payload = {"transaction_id": transaction_id, "unit": unit, "points": points, "reason": reason}
    events.record_many(session=session, rows=[
        {"program_id": program.id, "member_id": sender_id, "type": "points.transferred_out", "actor": actor,
         "payload": {**payload, "to_member_id": recipient_id, "balance_after": sender_after}},
        {"program_id": program.id, "member_id": recipient_id, "type": "points.transferred_in", "actor": actor,
         "payload": {**payload, "from_member_id": sender_id, "balance_after": recipient_after}},
    ])
    return Transfer(transaction_id=transaction_id, unit=unit, points=points, sender_balance_after=sender_after,
                    recipient_balance_after=recipient_after)


# --- reversing a purchase's points (refunds) ------------------------------------------------

def reverse_earned(*, session: Session, program: Program, member_id: int, purchase_id: int | None,
                   reversals: Sequence[EarnAward], actor: str, reason: str) -> dict[str, int]:
    """Take back points: first from the purchase's own lots (pending, then available) when a
    purchase is given, then from the member's other available lots; what is left is a debt
    (negative wallet), which blocks spending until new points cover it.
    """
    reversals = [reversal for reversal in reversals if reversal.points > 0]
    if not reversals:
        return {}
    now = clock.now()
    transaction_id = _transaction(session, program.id, member_id, "refund", now, actor, purchase_id=purchase_id,
                                  reason=reason)
    entries: list[dict[str, Any]] = []
    reversed_by_unit: dict[str, int] = {}
    by_unit: dict[str, list[EarnAward]] = defaultdict(list)
    for reversal in reversals:
        by_unit[reversal.unit].append(reversal)
    for unit, unit_reversals in sorted(by_unit.items()):
        total = sum(reversal.points for reversal in unit_reversals)
        accounts = repository.member_account_ids(session, program.id, member_id, unit)
        issued = repository.program_account_id(session, program.id, ISSUED, unit)
        repository.lock_balance(session, accounts[PENDING])  # pending first: see the module's notes
        repository.lock_balance(session, accounts[WALLET])
        from_pending = 0
        from_wallet_lots = 0
        own_lots = repository.purchase_lots(session, member_id, purchase_id, unit) if purchase_id is not None else []
        for lot in own_lots:
            take = min(lot.remaining, total - from_pending - from_wallet_lots)
            if take <= 0:
                continue
            repository.debit_lot(session, lot.id, take)
            if lot.state == "pending":
                from_pending += take
            else:
                from_wallet_lots += take
        from_wallet = total - from_pending
        if from_wallet > from_wallet_lots:
            _take_lots(session, member_id, unit, from_wallet - from_wallet_lots)
        if from_pending:
            repository.add_to_balance(session, accounts[PENDING], -from_pending)
        if from_wallet:
            repository.add_to_balance(session, accounts[WALLET], -from_wallet)
        weights = {index: reversal.points for index, reversal in enumerate(unit_reversals)}
        for account_id, amount in ((accounts[PENDING], from_pending), (accounts[WALLET], from_wallet)):
            for index, share in split_proportionally(amount, weights).items():
                if share:
                    reversal = unit_reversals[index]
                    entries.append(_entry(program.id, account_id, member_id, unit, -share, now,
                                          reversal.rule_id, reversal.rule_version))
                    entries.append(_entry(program.id, issued, None, unit, share, now,
                                          reversal.rule_id, reversal.rule_version))
        reversed_by_unit[unit] = total
    repository.add_entries(session, _with_entries_of(transaction_id, entries))
    events.record(session=session, program_id=program.id, member_id=member_id, type="points.reversed", actor=actor,
                  payload={"transaction_id": transaction_id, "purchase_id": purchase_id, "reason": reason,
                           "points": reversed_by_unit})
    return reversed_by_unit


# --- pending release and expiry -------------------------------------------------------------

def _release_lot(session: Session, program: Program, lot_id: int, member_id: int, unit: str, actor: str, *,
                 wait: bool) -> bool:
    """Make a pending lot available; False when it is not (any more) ours to release.

    `wait=False` (the jobs) skips the lot instead of waiting for the member's accounts."""
    accounts = repository.member_account_ids(session, program.id, member_id, unit)
    if wait:
        repository.lock_balance(session, accounts[PENDING])  # pending first: see the module's notes
        repository.lock_balance(session, accounts[WALLET])
    elif not repository.lock_unless_busy(session, [accounts[WALLET], accounts[PENDING]]):
        return False  # a request or another job holds the member's accounts: theirs, or the next run's
    lot = repository.claim_lot(session, lot_id, "pending", "available")
    if lot is None:
        return False  # another job or request released it first
    points = int(lot.remaining)
    if points == 0:
        return True
    repository.add_to_balance(session, accounts[PENDING], -points)
    wallet_after = repository.add_to_balance(session, accounts[WALLET], points)
    cover = debt_cover(points, wallet_after - points)
    if cover:
        repository.set_lot_remaining(session, lot_id, points - cover)
    now = clock.now()
    transaction_id = _transaction(session, program.id, member_id, "release", now, actor,
                                  purchase_id=lot.purchase_id, details={"lot_id": lot_id})
    repository.add_entries(session, _with_entries_of(transaction_id, [
        _entry(program.id, accounts[PENDING], member_id, unit, -points, now, lot_id=lot_id),
        _entry(program.id, accounts[WALLET], member_id, unit, points, now, lot_id=lot_id),
    ]))
    events.record(session=session, program_id=program.id, member_id=member_id, type="points.released",
                  actor=actor, payload={"transaction_id": transaction_id, "unit": unit, "points": points,
                                        "purchase_id": lot.purchase_id})
    return True


def release_due_for_member(*, session: Session, program: Program, member_id: int, unit: str) -> int:
    """Make this member's pending points available once their time has come (before a spend)."""
    released = 0
    for lot_id in repository.due_pending_lots_of_member(session, member_id, unit, clock.now()):
        released += _release_lot(session, program, lot_id, member_id, unit, actor="system:release", wait=True)
    return released


def release_due(*, session: Session, program: Program, now: datetime, batch: int = 1000) -> int:
    """Make the program's pending lots whose time has come available; how many. A member whose
    accounts another transaction holds is skipped, not waited for (see the module's notes)."""
    return len(_release_due_batch(session, program, now, batch=batch))


def _release_due_batch(session: Session, program: Program, now: datetime, *, batch: int) -> list[tuple[str, int]]:
    """`release_due`: (unit, member id) of each lot it released."""
    released = []
    for row in repository.due_pending_lots(session, program.id, now, batch):
        if _release_lot(session, program, row.id, row.member_id, row.unit, actor="job:release", wait=False):
            released.append((row.unit, row.member_id))
    return released


def expire_due(*, session: Session, program: Program, now: datetime, batch: int = 1000) -> int:
    """Move what is left of each lot past its expiry to the expired account; how many lots.
    A member whose wallet another transaction holds is skipped, not waited for."""
    expired = 0
    for row in repository.due_expiring_lots(session, program.id, now, batch):
        accounts = repository.member_account_ids(session, program.id, row.member_id, row.unit)
        if not repository.lock_unless_busy(session, [accounts[WALLET]]):
            continue  # a request or another job holds the wallet: theirs, or the next run's
        points = repository.lot_remaining(session, row.id)
        lot = repository.claim_lot(session, row.id, "available", "expired", remaining=0)
        if lot is None:
            continue
        expired += 1
        if points == 0:
            continue
        balance_after = repository.add_to_balance(session, accounts[WALLET], -points)
        transaction_id = _transaction(session, program.id, row.member_id, "expire", now, "job:expire",
                                      details={"lot_id": row.id})
        expired_account = repository.program_account_id(session, program.id, EXPIRED, row.unit)
        repository.add_entries(session, _with_entries_of(transaction_id, [
            _entry(program.id, accounts[WALLET], row.member_id, row.unit, -points, now, lot_id=row.id),
            _entry(program.id, expired_account, None, row.unit, points, now, lot_id=row.id),
        ]))
        events.record(session=session, program_id=program.id, member_id=row.member_id, type="points.expired",
                      actor="job:expire", occurred_at=lot.expires_at or now,
                      payload={"transaction_id": transaction_id, "unit": row.unit, "points": points,
                               "balance_after": balance_after})
    return expired


def run_due_jobs(*, session: Session, program: Program, now: datetime | None = None) -> JobCounts:
    """Release due pending lots, then expire due lots. Idempotent, and safe to run concurrently
    and repeatedly: each lot moves once, runs of one program take turns until their units of
    work end, and a run waits for no member (see the module's notes).

    `released_members` names, per unit, exactly the members whose lots this run released: not
    those it left to the next run because a request held their accounts."""
    now = now or clock.now()
    repository.lock_due_jobs(session, program.id)
    released = expired = 0
    released_members: dict[str, set[int]] = defaultdict(set)
    while True:
        lots = _release_due_batch(session, program, now, batch=1000)
        released += len(lots)
        for unit, member_id in lots:
            released_members[unit].add(member_id)
        if not lots:
            break
    while True:
        count = expire_due(session=session, program=program, now=now)
        expired += count
        if count == 0:
            break
    return JobCounts(released=released, expired=expired,
                     released_members={unit: frozenset(ids) for unit, ids in sorted(released_members.items())})


def lock_member_unless_busy(*, session: Session, program: Program, member_id: int, unit: str) -> bool:
    """Lock the member's pending account and wallet of `unit` unless another transaction holds
    either; whether both are this transaction's now. It never waits for them, and locks neither
    when it cannot have both (a savepoint gives a half back). For a job that works through many
    members and may not wait for one a request holds (SQLite: always, BEGIN IMMEDIATE made the
    caller the only writer)."""
    accounts = repository.member_account_ids(session, program.id, member_id, unit)
    return repository.lock_all_unless_busy(session, [accounts[PENDING], accounts[WALLET]])


# --- reading --------------------------------------------------------------------------------

def balances(*, session: Session, program: Program, member_id: int, expiring_limit: int = 12) -> list[UnitBalance]:
    """Per unit: available, pending, lifetime totals, and what expires (or becomes available) when."""
    cached: dict[str, dict[str, int]] = defaultdict(dict)
    for unit, kind, balance in repository.member_balances(session, program.id, member_id):
        cached[unit][kind] = int(balance)
    totals: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for unit, kind, credit, debit in repository.member_totals(session, program.id, member_id):
        totals[unit][kind] = (int(credit), int(debit))
    expiring: dict[str, list[Expiry]] = defaultdict(list)
    for unit, at, points in repository.upcoming_expiries(session, program.id, member_id, expiring_limit):
        expiring[unit].append(Expiry(at=at, points=int(points)))
    releasing: dict[str, list[Expiry]] = defaultdict(list)
    for unit, at, points in repository.pending_releases(session, program.id, member_id, expiring_limit):
        releasing[unit].append(Expiry(at=at, points=int(points)))
    result = []
    for unit in program.units:
        kinds = totals[unit]

        def credit(kind: str, kinds: dict[str, tuple[int, int]] = kinds) -> int:
            return kinds.get(kind, (0, 0))[0]

        def debit(kind: str, kinds: dict[str, tuple[int, int]] = kinds) -> int:
            return kinds.get(kind, (0, 0))[1]

        result.append(UnitBalance(
            unit=unit, available=cached[unit].get(WALLET, 0), pending=cached[unit].get(PENDING, 0),
            earned=credit("earn") + credit("cashback") + credit("opening"), reversed=debit("refund"),
            spent=debit("spend"),
            returned=credit("return"), expired=debit("expire"),
            adjusted=credit("adjust") - debit("adjust"), transferred_in=credit("transfer"),
            transferred_out=debit("transfer"), expiring=expiring[unit], releasing=releasing[unit],
        ))
    return result


def wallet_summary(*, session: Session, program: Program, member_id: int) -> dict[str, dict[str, int]]:
    """Available and pending per unit from the cached balances: one indexed query, for hot paths."""
    summary = {unit: {"available": 0, "pending": 0} for unit in program.units}
    for unit, kind, balance in repository.member_balances(session, program.id, member_id):
        if unit in summary:
            summary[unit]["available" if kind == WALLET else "pending"] = int(balance)
    return summary


def available_balances(*, session: Session, program: Program, unit: str, member_ids: Sequence[int]) -> dict[int, int]:
    """Available points in `unit` per member (0 for a member without an account), in one query:
    what `wallet_summary` says, for a batch of members (messaging personalizes a campaign)."""
    found = repository.members_wallet_balances(session, program.id, unit, member_ids)
    return {member_id: found.get(member_id, 0) for member_id in member_ids}


def ledger_entries(*, session: Session, program_id: int, member_id: int, before_id: int | None,
                   limit: int) -> Slice[LedgerEntryRead]:
    """The member's entries, newest first, paged by entry id."""
    paging.check_limit(limit)
    rows = repository.member_entries(session, program_id, member_id, before_id, limit + 1)
    return paging.slice_of(rows, limit, key=lambda row: row.id).map(
        lambda row: LedgerEntryRead.model_validate(row._asdict()))


def liability(*, session: Session, program: Program) -> dict[str, int]:
    """Outstanding points per unit: issued − spent − expired (adjustments included)."""
    outstanding: dict[str, int] = defaultdict(int)
    for unit, _kind, total in repository.program_account_totals(session, program.id):
        outstanding[unit] -= int(total)  # program accounts mirror the members' side
    return dict(outstanding)


def verify(*, session: Session, limit: int = 20) -> VerifyReport:
    """Prove the ledger's invariants over the whole database (read-only)."""
    problems: list[str] = []
    for transaction_id, unit, total in repository.unbalanced_transactions(session, limit):
        problems.append(f"ledger transaction {transaction_id} does not sum to zero in {unit}: {total}")
    for kind, row_id, program_id, expected in repository.rows_outside_their_program(session, limit):
        problems.append(f"ledger {kind} {row_id} names program {program_id}, but its transaction or account is "
                        f"program {expected}'s")
    for account_id, member_id, kind, unit, balance, total in repository.mismatched_balances(session, limit):
        problems.append(f"account {account_id} (member {member_id} {kind} {unit}) caches {balance} "
                        f"but its entries sum to {total}")
    for account_id, member_id, kind, unit, balance, held in repository.mismatched_lots(session, limit):
        problems.append(f"account {account_id} (member {member_id} {kind} {unit}) holds {balance} "
                        f"but its open lots hold {held}")
    return VerifyReport(transactions_checked=repository.count_transactions(session),
                        accounts_checked=repository.count_member_accounts(session), problems=problems[:limit])


def ensure_not_in_debt(*, session: Session, program: Program, member_id: int, unit: str) -> None:
    accounts = repository.member_account_ids(session, program.id, member_id, unit)
    balance = repository.balance_of(session, accounts[WALLET])
    if balance < 0:
        raise Conflict(f"The member owes {-balance} {unit} from a refund; spending is blocked until it is covered.",
                       code="balance_negative", details={"balance": balance})


def member_lots(*, session: Session, program_id: int, member_id: int) -> list[dict[str, Any]]:
    """Every lot of points the member earned (their data export): how many, how many are left, and
    when they became (or become) available and expire. One statement."""
    return [row_values(lot, ("unit", "amount", "remaining", "state", "available_at", "expires_at", "created_at"))
            for lot in repository.member_lot_rows(session, program_id=program_id, member_id=member_id)]
