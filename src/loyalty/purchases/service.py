"""Recording purchases and refunds: the receipt, its earning rules and its points, in one transaction.

Idempotent on the shop's `external_id`: the purchase row is inserted first, so a concurrent
retry waits on the unique index (PostgreSQL) or on BEGIN IMMEDIATE (SQLite) and then finds
the committed purchase; the same body gets the stored result (200), another body a 409.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.hashing import canonical_hash
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.ledger.domain import reversal_due, split_proportionally
from loyalty.ledger.service import EarnAward
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.purchases import repository
from loyalty.purchases.models import Purchase, PurchaseLine
from loyalty.purchases.schemas import MemberPurchaseRead, PurchaseClaim, PurchaseCreate, RefundCreate
from loyalty.referrals import service as referrals
from loyalty.rewards import service as rewards
from loyalty.rules import service as rules
from loyalty.rules.domain import LineFacts
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.domain import Basket, BasketLine


@dataclass(frozen=True)
class Outcome:
    """What the API answers: 201 for a new record, 200 for a replay of the same request."""

    status_code: int
    body: dict[str, Any]


def _balance_summary(session: Session, program: Program, member_id: int) -> dict[str, dict[str, int]]:
    return ledger.wallet_summary(session=session, program=program, member_id=member_id)


@dataclass(frozen=True)
class _Earned:
    award: EarnAward
    name: str
    source: str  # rule | tier | voucher


def _bonus(base: Sequence[_Earned], factor: Decimal, name: str, source: str) -> _Earned | None:
    """Extra points that multiply the rules' points (of the points unit) by `factor`."""
    points_awards = [earned.award for earned in base if earned.award.unit == "points"]
    base_points = sum(award.points for award in points_awards)
    extra = int((Decimal(base_points) * (factor - 1)).to_integral_value(rounding=ROUND_FLOOR))
    if extra <= 0:
        return None
    weights: dict[int | None, int] = defaultdict(int)
    for award in points_awards:
        for line_no, points in (award.line_allocations or {None: award.points}).items():
            weights[line_no] += points
    return _Earned(EarnAward(unit="points", points=extra, rule_id=None, rule_version=None,
                             line_allocations=split_proportionally(extra, dict(weights))), name, source)


@dataclass(frozen=True)
class _Earning:
    result: dict[str, Any]  # the response's part about points
    awards: list[dict[str, Any]]  # purchase_awards rows, stored with the outcome


def _earn(session: Session, program: Program, member: Member, purchase_id: int, lines: Mapping[int, LineFacts],
          total_minor: int, channel: str, store: str | None, occurred_at: datetime, actor: str,
          voucher_factors: Sequence[tuple[str, Decimal]] = ()) -> _Earning:
    """Run the purchase rules for `member`, add the tier's and vouchers' multipliers, post the
    points, then let tiers, referrals and stamp cards react. `lines` are the receipt's stored
    lines by id."""
    named = rules.earn_for_purchase(
        session=session, program=program, member=member,
        is_first_purchase=lambda: not repository.has_earlier_purchase(session, program.id, member.id, purchase_id),
        lines=list(lines.values()),
        total_minor=total_minor, channel=channel, store=store, occurred_at=occurred_at,
    )
    earned = [_Earned(n.award, n.rule_name, "rule") for n in named]
    base = list(earned)
    level = tiers.member_multiplier(session=session, program_id=program.id, member_id=member.id)
    if level is not None and level[1] > 1:
        name, multiplier = level
        bonus = _bonus(base, multiplier, f"{name} tier ×{multiplier}", "tier")
        earned += [bonus] if bonus else []
    for code, factor in voucher_factors:
        bonus = _bonus(base, factor, f"Voucher {code} ×{factor}", "voucher")
        earned += [bonus] if bonus else []
    posting = ledger.earn(session=session, program=program, member_id=member.id, awards=[e.award for e in earned],
                          occurred_at=occurred_at, actor=actor, purchase_id=purchase_id)
    line_ids = {line.line_no: line_id for line_id, line in lines.items()}
    award_rows = []
    for each in earned:
        award = each.award
        allocations = award.line_allocations or {None: award.points}
        for line_no, points in allocations.items():
            if points:
                award_rows.append({
                    "program_id": program.id, "purchase_id": purchase_id, "unit": award.unit,
                    "line_id": line_ids.get(line_no) if line_no is not None else None,
                    "rule_id": award.rule_id, "rule_version": award.rule_version, "points": points,
                    "source": each.source,
                })
    by_unit: dict[str, int] = defaultdict(int)
    for each in earned:
        by_unit[each.award.unit] += each.award.points
    tier_change = tiers.record_activity(session=session, program=program, member_id=member.id,
                                        occurred_at=occurred_at, points=by_unit.get("points", 0),
                                        amount_minor=total_minor, purchases=1, source=f"purchase:{purchase_id}",
                                        actor=actor)
    referral = referrals.on_purchase(session=session, program=program, member_id=member.id, purchase_id=purchase_id,
                                     total_minor=total_minor, occurred_at=occurred_at, actor=actor,
                                     was_referred=member.referred_by_id is not None)
    stamps = rewards.check_stamp_cards(session=session, program=program, member_id=member.id, actor=actor) \
        if by_unit.get("stamps") else rewards.StampCardsChecked([])
    stamp_rewards = stamps.issued
    balance = stamps.wallet or _balance_summary(session, program, member.id)
    return _Earning(awards=award_rows, result={
        "points": {"earned": by_unit.get("points", 0), "pending": posting.pending.get("points", 0),
                   "available": posting.available.get("points", 0)},
        "earned_by_unit": dict(by_unit),
        "pending_by_unit": posting.pending,
        "awards": [{"rule_id": e.award.rule_id, "rule_version": e.award.rule_version, "rule_name": e.name,
                    "source": e.source, "unit": e.award.unit, "points": e.award.points} for e in earned],
        "balance": balance,
        "tier_change": tier_change.as_payload() if tier_change else None,
        "referral": {"referral_id": referral.referral_id, "status": referral.status, "reason": referral.reason}
        if referral else None,
        "stamp_card_rewards": [{"redemption_id": r.id, "reward_id": r.reward_id, "code": r.code}
                               for r in stamp_rewards],
    })


def record_purchase(*, session: Session, program: Program, data: PurchaseCreate, actor: str,
                    count_code_attempt: Callable[[int | None], None] | None = None) -> Outcome:
    """Record a receipt, run the earning rules and post the points, all in the caller's transaction.

    With `coupons`, `count_code_attempt(member_id)` (None for a guest) is called once per code
    before it is checked (not for a code the order already redeemed at checkout, counted
    then): the adapter's attempt limit, which may raise RateLimited (and then nothing of the
    purchase is kept). A replay of a recorded purchase checks no code and
    counts nothing.
    """
    if data.currency is not None and data.currency != program.currency:
        raise Invalid(f"This program keeps {program.currency}; the receipt is in {data.currency}.",
                      code="currency_mismatch", field="currency")
    request_hash = canonical_hash(data.model_dump(mode="json"))
    now = clock.now()
    occurred_at = data.occurred_at or now
    total_minor = data.total_minor
    values: dict[str, Any] = {
        "program_id": program.id, "member_id": None, "external_id": data.external_id,
        "receipt_number": data.receipt_number, "channel": data.channel, "store_code": data.store,
        "occurred_at": occurred_at, "recorded_at": now, "currency": program.currency,
        "total_minor": total_minor, "refunded_minor": 0, "request_hash": request_hash, "result": {},
    }
    stored_lines: dict[int, LineFacts] | None = None  # by id, once written
    if data.coupons:  # the lines are written once the vouchers have said what they take off each
        purchase_id = repository.insert_purchase_once(session, values)
    else:  # the lines are what the shelf says: written with the purchase, in one statement on PostgreSQL
        facts = _line_facts(data, {})
        inserted = repository.insert_purchase_with_lines_once(session, values, [_line_row(line) for line in facts])
        purchase_id = inserted[0] if inserted is not None else None
        if inserted is not None:
            stored_lines = dict(zip(inserted[1], facts, strict=True))
    if purchase_id is None:
        assert data.external_id is not None
        existing = repository.by_external_id(session, program.id, data.external_id)
        assert existing is not None
        if existing.request_hash != request_hash:
            raise Conflict(f"Purchase '{data.external_id}' was already recorded with different content.",
                           code="external_id_conflict", field="external_id")
        return Outcome(status_code=200, body=existing.result)

    member = None
    if data.member is not None:
        member = members.resolve_member_at_till(
            session=session, program=program, ref=data.member, actor=actor,
            on_enrol=lambda new: rules.award_enrolment(session=session, program=program, member=new, actor=actor))
        members.ensure_active(member)
    member_id = member.id if member is not None else None
    applied = _redeem_coupons(session, program, member, purchase_id, data, occurred_at, actor,
                              count_attempt=(lambda: count_code_attempt(member_id)) if count_code_attempt else None)
    line_discounts: dict[int, int] = defaultdict(int)
    for voucher in applied:
        if not voucher.is_payment:
            for line_no, minor in voucher.line_discounts.items():
                line_discounts[line_no] += minor
    lines = stored_lines if stored_lines is not None else _add_lines(session, program, purchase_id, data,
                                                                      line_discounts)
    discount_total = sum(voucher.discount_minor for voucher in applied if not voucher.is_payment)
    total_minor = sum(line.amount_minor for line in lines.values()) if lines \
        else max(0, total_minor - discount_total)
    result: dict[str, Any] = {
        "purchase_id": purchase_id, "external_id": data.external_id, "member_id": member.id if member else None,
        "total": total_minor, "total_before_vouchers": data.total_minor, "currency": program.currency,
        "occurred_at": occurred_at.isoformat(),
        "vouchers": [{"code": v.code, "kind": v.kind, "redemption_id": v.redemption_id, "discount": v.discount_minor,
                      "factor": str(v.factor) if v.factor else None, "gift_card_paid": v.gift_card_minor,
                      "gift_card_balance_after": v.gift_card_balance_after} for v in applied],
    }
    awards: list[dict[str, Any]] = []
    if member is None:
        result.update({"points": {"earned": 0, "pending": 0, "available": 0}, "earned_by_unit": {},
                       "pending_by_unit": {}, "awards": [], "balance": None,
                       "claimable_until": (occurred_at + timedelta(days=program.claim_window_days)).isoformat()})
    else:
        earning = _earn(session, program, member, purchase_id, lines, total_minor, data.channel, data.store,
                        occurred_at, actor, voucher_factors=[(v.code, v.factor) for v in applied if v.factor])
        result.update(earning.result)
        result["claimable_until"] = None
        awards = earning.awards
    repository.set_outcome(session, purchase_id, member_id=member.id if member else None, result=result,
                           total_minor=total_minor, awards=awards)
    events.record(session=session, program_id=program.id, member_id=member.id if member else None,
                  type="purchase.recorded", actor=actor, occurred_at=occurred_at,
                  payload={"purchase_id": purchase_id, "external_id": data.external_id, "total": total_minor,
                           "currency": program.currency, "channel": data.channel, "store": data.store,
                           "points": result["points"]["earned"]})
    return Outcome(status_code=201, body=result)


IMPORTED_REQUEST_HASH = "imported"


@dataclass(frozen=True)
class HistoricalReceipt:
    """A receipt of the past (an import): validated as the API validates one (its `external_id`
    required), its member found."""

    data: PurchaseCreate
    member_id: int | None


def taken_external_ids(*, session: Session, program_id: int, external_ids: Sequence[str]) -> set[str]:
    """Which of the shop's receipt ids the program has recorded already."""
    return repository.taken_external_ids(session, program_id, list(external_ids))


def import_history(*, session: Session, program: Program, receipts: Sequence[HistoricalReceipt]) -> list[int]:
    """Write receipts of the past as they happened (their `occurred_at`, lines and member), in
    bulk, the purchases' ids in order.

    History earns nothing now: the old system gave those points already, and the members'
    opening balances carry what is left of them, so the ledger is not touched (its invariants
    hold trivially; `loyalty ledger verify` passes). No event per receipt either: events feed
    the webhooks' outbox, and integrators should not hear a million purchases that happened
    years ago. What history does change: the member's purchases list, refunds of those
    receipts (which reverse nothing, as nothing was earned), claims of guest receipts, and a
    rule's "first purchase" test (`has_earlier_purchase`). A till sending an imported receipt's
    `external_id` later is told it was recorded with other content (409), never replayed.
    """
    now = clock.now()
    rows: list[dict[str, Any]] = []
    lines: list[list[dict[str, Any]]] = []
    for receipt in receipts:
        data = receipt.data
        if data.external_id is None:
            raise Invalid("A receipt of the past needs its external_id.", code="external_id_required",
                          field="external_id")
        if data.currency is not None and data.currency != program.currency:
            raise Invalid(f"This program keeps {program.currency}; the receipt is in {data.currency}.",
                          code="currency_mismatch", field="currency")
        occurred_at = data.occurred_at or now
        rows.append({
            "program_id": program.id, "member_id": receipt.member_id, "external_id": data.external_id,
            "receipt_number": data.receipt_number, "channel": data.channel, "store_code": data.store,
            "occurred_at": occurred_at, "recorded_at": now, "currency": program.currency,
            "total_minor": data.total_minor, "refunded_minor": 0,
            # No request's hash: the till sending this external id later gets 409 external_id_conflict.
            "request_hash": IMPORTED_REQUEST_HASH, "result": {},
        })
        lines.append([_line_row(line) for line in _line_facts(data, {})])
    return repository.insert_history(session, rows, lines)


def _order_ref(purchase_id: int, external_id: str | None) -> str:
    """The order a purchase's vouchers are redeemed on: the shop's id of the receipt, else the purchase's."""
    return external_id or f"purchase:{purchase_id}"


def _redeem_coupons(session: Session, program: Program, member: Member | None, purchase_id: int,
                    data: PurchaseCreate, occurred_at: datetime, actor: str,
                    count_attempt: Callable[[], None] | None = None) -> list[vouchers.AppliedVoucher]:
    if not data.coupons:
        return []
    basket = Basket(
        lines=tuple(BasketLine(line_no=number, sku=line.sku, quantity=line.quantity, unit_price_minor=line.unit_price,
                               amount_minor=line.amount, category=line.category, name=line.name)
                    for number, line in enumerate(data.lines, start=1)),
        total_minor=data.total_minor, channel=data.channel, store=data.store, occurred_at=occurred_at)
    first_purchase = (lambda: not repository.has_earlier_purchase(session, program.id, member.id, purchase_id)) \
        if member is not None else (lambda: False)
    return vouchers.redeem_for_order(session=session, program=program, member=member, codes=data.coupons,
                                     basket=basket, order_ref=_order_ref(purchase_id, data.external_id), actor=actor,
                                     is_first_purchase=first_purchase, count_attempt=count_attempt)


def _line_facts(data: PurchaseCreate, voucher_discounts: dict[int, int]) -> list[LineFacts]:
    """The receipt's lines at what was paid for them: shelf price, less the line's own discount
    and the vouchers' share, which is what points are earned and refunds are valued on."""
    return [LineFacts(line_no=number, sku=line.sku, name=line.name, category=line.category, quantity=line.quantity,
                      unit_price_minor=line.unit_price, amount_minor=line.amount - voucher_discounts.get(number, 0))
            for number, line in enumerate(data.lines, start=1)]


def _line_row(line: LineFacts) -> dict[str, Any]:
    """A purchase_lines row but for its program and purchase, nothing refunded yet."""
    return {"line_no": line.line_no, "sku": line.sku, "name": line.name, "category": line.category,
            "quantity": line.quantity, "unit_price_minor": line.unit_price_minor, "amount_minor": line.amount_minor}


def _add_lines(session: Session, program: Program, purchase_id: int, data: PurchaseCreate,
               voucher_discounts: dict[int, int]) -> dict[int, LineFacts]:
    """Write the receipt's lines (after its vouchers); by id."""
    lines = _line_facts(data, voucher_discounts)
    ids = repository.add_lines(session, [{"program_id": program.id, "purchase_id": purchase_id, **_line_row(line)}
                                         for line in lines])
    return dict(zip(ids, lines, strict=True))


def get_purchase(*, session: Session, program_id: int, purchase_id: int) -> tuple[Purchase, list[PurchaseLine]]:
    purchase = repository.get(session, program_id, purchase_id)
    if purchase is None:
        raise NotFound(f"Purchase {purchase_id} does not exist.", code="purchase_not_found")
    return purchase, list(repository.lines_of(session, purchase_id))


def claim_purchase(*, session: Session, program: Program, data: PurchaseClaim, actor: str) -> Outcome:
    """Give a member the points of a receipt recorded without them, within the claim window.

    Points, tier progress and the referral count what is left of the receipt after refunds
    made before the claim (lines at their unrefunded amount and units); the result keeps
    what was refunded by then (`refunded_before_claim`) so later refunds take back exactly
    what was earned. Idempotent per member: a receipt that is already the member's answers
    200 with its stored result; another member's is 409 `purchase_already_claimed`. The
    purchase row is locked, so a refund cannot change it between the count and the claim.
    """
    member = members.find_member(session=session, program_id=program.id, ref=data.member)
    members.ensure_active(member)
    if data.external_id is not None:
        found = repository.by_external_id(session, program.id, data.external_id)
        candidates = [found] if found is not None else []
    else:
        assert data.receipt_number is not None and data.total is not None
        candidates = list(repository.unclaimed_by_receipt(session, program.id, data.receipt_number, data.total))
    if not candidates:
        raise NotFound("No receipt matches; check the receipt number and total.", code="purchase_not_found")
    chosen = next((c for c in candidates if c.member_id is None), None) \
        or next((c for c in candidates if c.member_id == member.id), candidates[0])
    purchase = repository.get(session, program.id, chosen.id, lock=True)
    assert purchase is not None
    if purchase.member_id == member.id:
        return Outcome(status_code=200, body=purchase.result)  # a retry: the receipt is already theirs
    if purchase.member_id is not None:
        raise Conflict("This receipt has already been claimed.", code="purchase_already_claimed")
    deadline = purchase.occurred_at + timedelta(days=program.claim_window_days)
    now = clock.now()
    if now > deadline:
        raise Conflict(f"Receipts can be claimed within {program.claim_window_days} days; this one could be "
                       f"claimed until {deadline.date().isoformat()}.", code="claim_window_closed")
    if purchase.refunded_minor >= purchase.total_minor and purchase.total_minor > 0:
        raise Conflict("This receipt was refunded in full.", code="purchase_refunded")
    if not repository.claim(session, purchase.id, member.id, now):
        raise Conflict("This receipt has already been claimed.", code="purchase_already_claimed")
    stored = repository.lines_of(session, purchase.id)
    lines = {line.id: LineFacts(line_no=line.line_no, sku=line.sku, name=line.name, category=line.category,
                                quantity=line.quantity - line.refunded_quantity,
                                unit_price_minor=line.unit_price_minor,
                                amount_minor=line.amount_minor - line.refunded_minor)
             for line in stored if _has_something_left(line)}
    earning = _earn(session, program, member, purchase.id, lines, purchase.total_minor - purchase.refunded_minor,
                    purchase.channel, purchase.store_code, purchase.occurred_at, actor)
    earned = earning.result
    result = {**purchase.result, "member_id": member.id, **earned, "claimable_until": None,
              "claimed_at": now.isoformat(),
              "refunded_before_claim": {"total": purchase.refunded_minor,
                                        "lines": {str(line.line_no): line.refunded_minor
                                                  for line in stored if line.refunded_minor}}}
    repository.set_outcome(session, purchase.id, member_id=member.id, result=result, awards=earning.awards)
    events.record(session=session, program_id=program.id, member_id=member.id, type="purchase.claimed", actor=actor,
                  payload={"purchase_id": purchase.id, "points": earned["points"]["earned"]})
    return Outcome(status_code=200, body=result)


def _has_something_left(line: PurchaseLine) -> bool:
    """Units not refunded, at an amount not wholly refunded (a free line keeps its units)."""
    return line.refunded_quantity < line.quantity and \
        (line.refunded_minor < line.amount_minor or line.amount_minor == 0)


def refund_purchase(*, session: Session, program: Program, purchase_id: int, data: RefundCreate,
                    actor: str) -> Outcome:
    """Refund lines, units or an amount and reverse the points earned on it, proportionally.

    The refund that leaves nothing paid for rolls back the vouchers the purchase recorded (its
    result's `vouchers`, those redeemed at checkout on its order included), in the same
    transaction: the codes get their uses back, the campaigns and the member their counts, a
    gift card what it paid (`vouchers_rolled_back`). Another order's redemptions are not touched.

    Idempotent on the refund's `external_id`. The purchase row is locked so two refunds of
    one receipt cannot both refund the last unit.
    """
    request_hash = canonical_hash({"purchase_id": purchase_id, **data.model_dump(mode="json")})
    purchase = repository.get(session, program.id, purchase_id, lock=True)
    if purchase is None:
        raise NotFound(f"Purchase {purchase_id} does not exist.", code="purchase_not_found")
    now = clock.now()
    refund_id = repository.insert_refund_once(session, {
        "program_id": program.id, "purchase_id": purchase_id, "external_id": data.external_id, "amount_minor": 0,
        "request_hash": request_hash, "created_at": now, "result": {},
    })
    if refund_id is None:
        assert data.external_id is not None
        existing = repository.refund_by_external_id(session, program.id, data.external_id)
        assert existing is not None
        if existing.request_hash != request_hash:
            raise Conflict(f"Refund '{data.external_id}' was already recorded with different content.",
                           code="external_id_conflict", field="external_id")
        return Outcome(status_code=200, body=existing.result)

    lines = {line.line_no: line for line in repository.lines_of(session, purchase_id)}
    refunded_now = _apply_refund_to_lines(purchase, lines, data)
    refund_minor = sum(refunded_now.values()) if lines else int(data.amount or 0)
    if not lines and refund_minor > purchase.total_minor - purchase.refunded_minor:
        raise Invalid(f"Only {purchase.total_minor - purchase.refunded_minor} is left to refund.",
                      code="refund_exceeds_purchase", field="amount")
    purchase.refunded_minor += refund_minor
    # Before the points: a purchase locks its vouchers' rows, then the member's accounts, and a
    # refund takes them in the same order (the other order could deadlock with a purchase).
    rolled_back: list[dict[str, Any]] = []
    if _is_wholly_refunded(purchase, lines):
        redemptions = vouchers.rollback_redemptions(
            session=session, program=program, redemption_ids=[v["redemption_id"] for v in
                                                              purchase.result.get("vouchers") or ()],
            actor=actor, reason=f"refund of purchase {purchase_id}")
        codes = vouchers.redemption_codes(session=session, redemptions=redemptions) if redemptions else {}
        rolled_back = [{"code": codes[r.code_id], "redemption_id": r.id, "kind": r.kind,
                        "gift_card_returned": r.gift_card_minor} for r in redemptions]
    reversals = _reversals(session, purchase, lines)
    reversed_points: dict[str, int] = {}
    if purchase.member_id is not None and reversals:
        reversed_points = ledger.reverse_earned(session=session, program=program, member_id=purchase.member_id,
                                                purchase_id=purchase_id, reversals=reversals, actor=actor,
                                                reason=f"refund of purchase {purchase_id}")
    tier_change = referral = None
    if purchase.member_id is not None:
        was_whole = purchase.refunded_minor - refund_minor < purchase.total_minor <= purchase.refunded_minor
        tier_change = tiers.record_activity(
            session=session, program=program, member_id=purchase.member_id, occurred_at=purchase.occurred_at,
            points=-reversed_points.get("points", 0), amount_minor=-refund_minor, purchases=-1 if was_whole else 0,
            source=f"refund:{refund_id}", actor=actor)
        referral = referrals.on_refund(session=session, program=program, purchase_id=purchase_id,
                                       remaining_total_minor=purchase.total_minor - purchase.refunded_minor,
                                       actor=actor)
    result = {
        "refund_id": refund_id, "purchase_id": purchase_id, "external_id": data.external_id,
        "amount": refund_minor, "currency": purchase.currency, "purchase_refunded_total": purchase.refunded_minor,
        "points_reversed": reversed_points.get("points", 0), "reversed_by_unit": reversed_points,
        "balance": _balance_summary(session, program, purchase.member_id) if purchase.member_id else None,
        "tier_change": tier_change.as_payload() if tier_change else None,
        "referral": {"referral_id": referral.referral_id, "status": referral.status, "reason": referral.reason}
        if referral else None,
        "vouchers_rolled_back": rolled_back,
    }
    repository.set_refund(session, refund_id, amount_minor=refund_minor, result=result)
    events.record(session=session, program_id=program.id, member_id=purchase.member_id, type="purchase.refunded",
                  actor=actor, payload={"purchase_id": purchase_id, "refund_id": refund_id, "amount": refund_minor,
                                        "points_reversed": reversed_points})
    return Outcome(status_code=201, body=result)


def _is_wholly_refunded(purchase: Purchase, lines: dict[int, PurchaseLine]) -> bool:
    """Everything paid for was refunded (and every unit of a receipt that cost nothing)."""
    if purchase.refunded_minor < purchase.total_minor:
        return False
    return purchase.total_minor > 0 or (bool(lines) and all(line.refunded_quantity >= line.quantity
                                                            for line in lines.values()))


def _apply_refund_to_lines(purchase: Purchase, lines: dict[int, PurchaseLine], data: RefundCreate) -> dict[int, int]:
    """Raise the lines' refunded quantities and amounts; what each line refunds now."""
    refunded_now: dict[int, int] = {}
    if data.lines:
        for index, requested in enumerate(data.lines):
            line = lines.get(requested.line_no)
            if line is None:
                raise Invalid(f"The receipt has no line {requested.line_no}.", code="unknown_line",
                              field=f"lines.{index}.line_no")
            left = line.quantity - line.refunded_quantity
            quantity = requested.quantity if requested.quantity is not None else left
            if quantity > left or quantity == 0:
                raise Invalid(f"Line {requested.line_no} has {left} unit(s) left to refund, not {quantity}.",
                              code="refund_exceeds_purchase", field=f"lines.{index}.quantity")
            line.refunded_quantity += quantity
            # The last unit takes the rounding rest so a line refunded in parts refunds exactly its amount.
            target = line.amount_minor if line.refunded_quantity == line.quantity else \
                line.amount_minor * line.refunded_quantity // line.quantity
            refunded_now[line.line_no] = refunded_now.get(line.line_no, 0) + target - line.refunded_minor
            line.refunded_minor = target
    elif lines:
        assert data.amount is not None
        unrefunded = {no: line.amount_minor - line.refunded_minor for no, line in lines.items()}
        if data.amount > sum(unrefunded.values()):
            raise Invalid(f"Only {sum(unrefunded.values())} is left to refund.", code="refund_exceeds_purchase",
                          field="amount")
        for no, share in split_proportionally(data.amount, unrefunded).items():
            lines[no].refunded_minor += share
            refunded_now[no] = share
    return refunded_now


def _reversals(session: Session, purchase: Purchase, lines: dict[int, PurchaseLine]) -> list[EarnAward]:
    """What each award must have reversed by now, minus what already was (cumulative, so exact).

    A receipt claimed after a partial refund earned on what was left then: its awards are
    measured from what was refunded at the claim, so refunding the rest reverses them all."""
    by_line_id = {line.id: line for line in lines.values()}
    before_claim = purchase.result.get("refunded_before_claim") or {}
    lines_before_claim: dict[str, int] = before_claim.get("lines", {})
    total_before_claim = int(before_claim.get("total", 0))
    reversals = []
    for award in repository.awards_of(session, purchase.id):
        line = by_line_id.get(award.line_id) if award.line_id is not None else None
        if line is not None:
            base = int(lines_before_claim.get(str(line.line_no), 0))
            due = reversal_due(award.points, line.refunded_minor - base, line.amount_minor - base)
        else:
            due = reversal_due(award.points, purchase.refunded_minor - total_before_claim,
                               purchase.total_minor - total_before_claim)
        delta = due - award.reversed
        if delta > 0:
            award.reversed = due
            reversals.append(EarnAward(unit=award.unit, points=delta, rule_id=award.rule_id,
                                       rule_version=award.rule_version))
    return reversals


def member_purchases(*, session: Session, program_id: int, member_id: int, before_id: int | None,
                     limit: int) -> Slice[MemberPurchaseRead]:
    """The member's purchases, newest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.member_purchases(session, program_id, member_id, before_id, limit + 1)
    return paging.slice_of(rows, limit, key=lambda purchase: purchase.id).map(lambda purchase: MemberPurchaseRead(
        id=purchase.id, external_id=purchase.external_id, occurred_at=purchase.occurred_at, channel=purchase.channel,
        store=purchase.store_code, total=purchase.total_minor, refunded=purchase.refunded_minor,
        currency=purchase.currency, points=purchase.result.get("points", {}).get("earned", 0)))


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """What a receipt in the member's `purchases` list leaves out (their data export): its lines
    (what they bought), the points each rule, tier or coupon gave for it, and each refund. The
    request's hash and the stored results are internal. Three statements."""
    return {
        "purchase_lines": [row_values(line, (
            "purchase_id", "line_no", "sku", "name", "category", "quantity", "unit_price_minor", "amount_minor",
            "refunded_quantity", "refunded_minor"))
            for line in repository.member_line_rows(session, program_id=program_id, member_id=member_id)],
        "purchase_points": [row_values(award, ("purchase_id", "unit", "source", "points", "reversed"), line_no=line_no)
                            for award, line_no in repository.member_award_rows(session, program_id=program_id,
                                                                               member_id=member_id)],
        "refunds": [row_values(refund, ("purchase_id", "external_id", "amount_minor", "created_at"))
                    for refund in repository.member_refund_rows(session, program_id=program_id, member_id=member_id)],
    }
