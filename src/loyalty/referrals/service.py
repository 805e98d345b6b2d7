"""Referrals, member gets member: linking at signup, rewarding the qualifying purchase,
taking the rewards back when that purchase is refunded.

Every function works in the caller's session and never commits. A referral moves on only
through a guarded UPDATE (`status = 'pending'` → …), so a retried or concurrent purchase
settles it once; the referrer's settlements are serialized by a row lock so the cap is
counted and consumed atomically. Points move through the ledger in the same unit of work,
and every change writes an event on both members' timelines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.referrals import domain, repository
from loyalty.referrals.domain import Decision, Identity, Reward, Terms
from loyalty.referrals.models import PENDING, REJECTED, REVERSED, REWARDED, Referral, ReferralProgram
from loyalty.referrals.schemas import (
    QualifyingPurchase,
    ReferralCap,
    ReferralLinkRead,
    ReferralProgramRead,
    ReferralProgramUpdate,
    ReferralRead,
    RewardSpec,
    SideReward,
)

# What a programme looks like before anyone saves it: off, with sensible terms to start from.
DEFAULT_SETTINGS: dict[str, Any] = {
    "is_active": False, "min_purchase_minor": 0, "qualifying_days": 30, "referrer_unit": "points",
    "referrer_points": 0, "referee_unit": "points", "referee_points": 0, "cap_count": None,
    "cap_period_days": None, "signup_url": None,
}


@dataclass(frozen=True)
class MemberReferrals:
    """A member's side of the programme: their code and link, how they joined, and a page of
    the members who joined with their code."""

    member_id: int
    referral_code: str
    referral_link: str
    referred_by: ReferralRead | None
    counts: dict[str, int]
    referees: Slice[ReferralRead]


@dataclass(frozen=True)
class ReferralOutcome:
    """What a purchase or a refund did to a referral (for the caller's response or logs)."""

    referral_id: int
    status: str
    reason: str | None
    referrer_id: int
    referee_id: int
    referrer_points: int
    referee_points: int


@dataclass(frozen=True)
class ResolvedLink:
    referral_code: str
    program: Program
    active: bool
    signup_url: str | None

    @property
    def redirect_to(self) -> str | None:
        return domain.signup_redirect(self.signup_url, self.referral_code) if self.signup_url else None

    def read(self) -> ReferralLinkRead:
        return ReferralLinkRead(referral_code=self.referral_code, program_id=self.program.id,
                                program_name=self.program.name, active=self.active, signup_url=self.redirect_to)


# --- settings ------------------------------------------------------------------------------


def _terms(row: ReferralProgram | None) -> Terms:
    if row is None:
        return domain.INACTIVE_TERMS
    return Terms(is_active=row.is_active, min_purchase_minor=row.min_purchase_minor,
                 qualifying_days=row.qualifying_days,
                 referrer_reward=Reward(row.referrer_unit, row.referrer_points),
                 referee_reward=Reward(row.referee_unit, row.referee_points),
                 cap_count=row.cap_count, cap_period_days=row.cap_period_days)


def get_settings(*, session: Session, program: Program) -> ReferralProgramRead:
    """The programme's referral settings; defaults (inactive) until first saved."""
    row = repository.get_settings(session, program_id=program.id)
    values = DEFAULT_SETTINGS if row is None else {name: getattr(row, name) for name in DEFAULT_SETTINGS}
    cap = None
    if values["cap_count"] is not None and values["cap_period_days"] is not None:
        cap = ReferralCap(count=values["cap_count"], period_days=values["cap_period_days"])
    return ReferralProgramRead(
        active=values["is_active"], configured=row is not None,
        qualifying_purchase=QualifyingPurchase(min_total=values["min_purchase_minor"],
                                               within_days=values["qualifying_days"]),
        referrer_reward=RewardSpec(points=values["referrer_points"], unit=values["referrer_unit"]),
        referee_reward=RewardSpec(points=values["referee_points"], unit=values["referee_unit"]),
        cap=cap, signup_url=values["signup_url"], currency=program.currency,
        updated_at=row.updated_at if row is not None else None,
        updated_by=row.updated_by if row is not None else None,
    )


def update_settings(*, session: Session, program: Program, data: ReferralProgramUpdate,
                    actor: str) -> ReferralProgramRead:
    """Replace the referral programme. The new terms apply to referrals still pending; settled
    ones keep what they got (a refund is judged against the threshold they qualified under)."""
    for side in ("referrer_reward", "referee_reward"):
        unit = getattr(data, side).unit
        if unit not in program.units:
            raise Invalid(f"Unit '{unit}' is not used by this program (it uses: {', '.join(program.units)}).",
                          code="unknown_unit", field=f"{side}.unit")
    if data.active and data.referrer_reward.points == 0 and data.referee_reward.points == 0:
        raise Invalid("An active referral programme must reward the referrer, the referee or both.",
                      code="no_referral_reward", field="referrer_reward.points")
    now = clock.now()
    values: dict[str, Any] = {
        "is_active": data.active, "min_purchase_minor": data.qualifying_purchase.min_total,
        "qualifying_days": data.qualifying_purchase.within_days,
        "referrer_unit": data.referrer_reward.unit, "referrer_points": data.referrer_reward.points,
        "referee_unit": data.referee_reward.unit, "referee_points": data.referee_reward.points,
        "cap_count": data.cap.count if data.cap else None,
        "cap_period_days": data.cap.period_days if data.cap else None,
        "signup_url": data.signup_url, "updated_at": now, "updated_by": actor,
    }
    row = repository.locked_settings(session, program_id=program.id, defaults=values)
    repository.save_settings(session, row, values)
    events.record(session=session, program_id=program.id, type="referral_program.updated", actor=actor,
                  payload=data.model_dump(mode="json"))
    return get_settings(session=session, program=program)


# --- linking at signup ----------------------------------------------------------------------


def _identity(member: Member) -> Identity:
    return Identity(email=member.email, phone=member.phone, address=member.address)


def _record_both(session: Session, *, referral: Referral, type: str, actor: str,
                 payload: dict[str, Any]) -> None:
    """One event per side, so the referral shows on the referrer's and the referee's timeline."""
    common = {"referral_id": referral.id, "referrer_id": referral.referrer_id, "referee_id": referral.referee_id,
              "status": referral.status, "reason": referral.reason, **payload}
    events.record_many(session=session, rows=[
        {"program_id": referral.program_id, "member_id": referral.referrer_id, "type": type, "actor": actor,
         "payload": {**common, "role": "referrer"}},
        {"program_id": referral.program_id, "member_id": referral.referee_id, "type": type, "actor": actor,
         "payload": {**common, "role": "referee"}},
    ])


def link_referral(*, session: Session, program: Program, referee: Member, code: str | None,
                  actor: str) -> Referral | None:
    """Link a member who has just signed up with `code` to the code's owner.

    No code (or a blank one): nothing happens. An unknown code is 422
    `unknown_referral_code` naming `referral_code`, which rolls back the caller's enrolment.
    A known code always links; the referral starts `pending`, or `rejected` with a reason
    when the referee looks like the referrer (same mailbox, phone or address) or the
    programme is off. Call it in the enrolment's unit of work.
    """
    if code is None or not code.strip():
        return None
    normalized = domain.normalize_code(code)
    referrer = repository.member_by_code(session, program_id=program.id, code=normalized)
    if referrer is None:
        raise Invalid(f"No member of this program has the referral code '{code.strip()}'.",
                      code="unknown_referral_code", field="referral_code")
    if referrer.id == referee.id:
        raise Invalid("A member cannot use their own referral code.", code="own_referral_code",
                      field="referral_code")
    terms = _terms(repository.get_settings(session, program_id=program.id))
    rejection = domain.link_rejection(
        terms=terms, self_referral=domain.self_referral_reason(_identity(referrer), _identity(referee)))
    now = clock.now()
    referral = Referral(
        program_id=program.id, referrer_id=referrer.id, referee_id=referee.id, code=normalized,
        status=REJECTED if rejection else PENDING, reason=rejection, signed_up_at=referee.enrolled_at,
        linked_at=now, referrer_points=0, referee_points=0, updated_at=now,
    )
    repository.add_referral(session, referral)
    repository.set_referred_by(session, member_id=referee.id, referrer_id=referrer.id)
    if rejection:
        _record_both(session, referral=referral, type="referral.rejected", actor=actor, payload={"code": normalized})
    else:
        _record_both(session, referral=referral, type="referral.linked", actor=actor, payload={
            "code": normalized,
            "qualifies_until": domain.qualifies_until(referral.signed_up_at, terms).isoformat(),
        })
    return referral


# --- the qualifying purchase ----------------------------------------------------------------


def _earn(session: Session, program: Program, *, member_id: int, reward: Reward, occurred_at: datetime,
          actor: str, reason: str) -> int | None:
    if reward.points <= 0:
        return None
    posting = ledger.earn(session=session, program=program, member_id=member_id,
                          awards=[EarnAward(unit=reward.unit, points=reward.points, rule_id=None, rule_version=None)],
                          occurred_at=occurred_at, actor=actor, reason=reason, returnable=True)
    return posting.transaction_id


def _outcome(referral: Referral) -> ReferralOutcome:
    return ReferralOutcome(referral_id=referral.id, status=referral.status, reason=referral.reason,
                           referrer_id=referral.referrer_id, referee_id=referral.referee_id,
                           referrer_points=referral.referrer_points, referee_points=referral.referee_points)


def on_purchase(*, session: Session, program: Program, member_id: int, purchase_id: int, total_minor: int,
                occurred_at: datetime, actor: str, was_referred: bool = True) -> ReferralOutcome | None:
    """Settle the member's pending referral if this purchase is the qualifying one.

    Call it for every purchase a member earns on (recorded or claimed), in the purchase's
    unit of work, with the total that counts (after refunds already made). Costs nothing when
    the caller knows the member was never referred (`members.referred_by_id` is empty: it is
    set with the referral, at signup), and one indexed lookup when the member has no pending
    referral. Idempotent: a retried or concurrent
    purchase finds the referral settled and does nothing; the referrer and the referee are
    rewarded at most once. Returns what happened, or None when nothing changed.
    """
    if not was_referred:
        return None
    referral = repository.referral_of_referee(session, program_id=program.id, referee_id=member_id)
    if referral is None or referral.status != PENDING:
        return None
    terms = _terms(repository.get_settings(session, program_id=program.id))
    occurred_at = clock.as_utc(occurred_at)
    first_look = domain.decide(terms=terms, signed_up_at=referral.signed_up_at, occurred_at=occurred_at,
                               total_minor=total_minor, self_referral=None, referrer_is_active=True,
                               rewarded_in_cap_window=0)
    if not first_look.settle:
        return None

    repository.lock_referrer(session, referrer_id=referral.referrer_id)
    referrer = members.get_member(session=session, program_id=program.id, member_id=referral.referrer_id)
    referee = members.get_member(session=session, program_id=program.id, member_id=member_id)
    now = clock.now()
    window_start = terms.cap_window_start(now)
    rewarded_recently = 0 if window_start is None else repository.count_rewarded_since(
        session, referrer_id=referral.referrer_id, since=window_start)
    # Identifiers may have changed since signup (an address copied from the referrer): judge them now.
    decision = domain.decide(
        terms=terms, signed_up_at=referral.signed_up_at, occurred_at=occurred_at, total_minor=total_minor,
        self_referral=domain.self_referral_reason(_identity(referrer), _identity(referee)),
        referrer_is_active=referrer.status == "active", rewarded_in_cap_window=rewarded_recently,
    )
    return _settle(session, program, referral, decision, terms=terms, purchase_id=purchase_id,
                   total_minor=total_minor, occurred_at=occurred_at, now=now, actor=actor)


def _settle(session: Session, program: Program, referral: Referral, decision: Decision, *, terms: Terms,
            purchase_id: int, total_minor: int, occurred_at: datetime, now: datetime,
            actor: str) -> ReferralOutcome | None:
    referrer_reward = terms.referrer_reward if decision.reward_referrer else Reward(terms.referrer_reward.unit, 0)
    referee_reward = terms.referee_reward if decision.reward_referee else Reward(terms.referee_reward.unit, 0)
    is_rewarding = referrer_reward.points > 0 or referee_reward.points > 0
    values: dict[str, Any] = {"status": decision.status, "reason": decision.reason, "updated_at": now}
    if decision.reason != domain.WINDOW_CLOSED:
        values.update({
            "qualifying_purchase_id": purchase_id, "qualifying_total_minor": total_minor,
            "qualifying_min_minor": terms.min_purchase_minor, "qualified_at": occurred_at,
            "referrer_unit": referrer_reward.unit, "referrer_points": referrer_reward.points,
            "referee_unit": referee_reward.unit, "referee_points": referee_reward.points,
            "rewarded_at": now if is_rewarding else None,
        })
    if not repository.settle(session, referral_id=referral.id, from_statuses=[PENDING], values=values):
        return None  # a concurrent or earlier purchase settled it
    reason = f"referral {referral.id}"
    referee_transaction = _earn(session, program, member_id=referral.referee_id, reward=referee_reward,
                                occurred_at=occurred_at, actor=actor,
                                reason=f"{reason}: joined with the code of member {referral.referrer_id}")
    referrer_transaction = _earn(session, program, member_id=referral.referrer_id, reward=referrer_reward,
                                 occurred_at=occurred_at, actor=actor,
                                 reason=f"{reason}: member {referral.referee_id} joined with your code")
    if referee_transaction is not None or referrer_transaction is not None:
        repository.set_transactions(session, referral_id=referral.id, values={
            "referee_transaction_id": referee_transaction, "referrer_transaction_id": referrer_transaction,
        })
    payload: dict[str, Any] = {"purchase_id": purchase_id if "qualifying_purchase_id" in values else None,
                               "referrer_reward": {"unit": referrer_reward.unit, "points": referrer_reward.points},
                               "referee_reward": {"unit": referee_reward.unit, "points": referee_reward.points}}
    event_type = "referral.rewarded" if decision.status == REWARDED else "referral.rejected"
    _record_both(session, referral=referral, type=event_type, actor=actor, payload=payload)
    return _outcome(referral)


# --- refunds --------------------------------------------------------------------------------


def on_refund(*, session: Session, program: Program, purchase_id: int, remaining_total_minor: int,
              actor: str) -> ReferralOutcome | None:
    """Take the referral rewards back when the qualifying purchase no longer qualifies.

    Call it after every refund of a member's purchase, in the refund's unit of work, with
    the purchase total minus everything refunded so far. When that falls below the
    threshold the referral qualified under, both rewards are reversed through the ledger
    (from the members' available points; what was already spent becomes a debt) and the
    referral becomes `reversed`. Idempotent; returns None when nothing changed.
    """
    referral = repository.rewarded_by_purchase(session, program_id=program.id, purchase_id=purchase_id)
    if referral is None or referral.status not in (REWARDED, REJECTED):
        return None
    threshold = referral.qualifying_min_minor or 0
    if domain.still_qualifies(remaining_total_minor=remaining_total_minor, threshold_minor=threshold):
        return None
    now = clock.now()
    if not repository.settle(session, referral_id=referral.id, from_statuses=[REWARDED, REJECTED], values={
        "status": REVERSED, "reason": domain.PURCHASE_REFUNDED, "reversed_at": now, "updated_at": now,
    }):
        return None
    reason = f"referral {referral.id} reversed: purchase {purchase_id} was refunded"
    for member_id, unit, points in ((referral.referee_id, referral.referee_unit, referral.referee_points),
                                    (referral.referrer_id, referral.referrer_unit, referral.referrer_points)):
        if points > 0 and unit is not None:
            ledger.reverse_earned(session=session, program=program, member_id=member_id, purchase_id=None,
                                  reversals=[EarnAward(unit=unit, points=points, rule_id=None, rule_version=None)],
                                  actor=actor, reason=reason)
    _record_both(session, referral=referral, type="referral.reversed", actor=actor, payload={
        "purchase_id": purchase_id, "remaining_total": remaining_total_minor, "threshold": threshold,
        "referrer_reward": {"unit": referral.referrer_unit, "points": referral.referrer_points},
        "referee_reward": {"unit": referral.referee_unit, "points": referral.referee_points},
    })
    return _outcome(referral)


# --- reading --------------------------------------------------------------------------------


def _read(referral: Referral, terms: Terms) -> ReferralRead:
    return ReferralRead(
        id=referral.id, referrer_id=referral.referrer_id, referee_id=referral.referee_id, code=referral.code,
        status=referral.status,  # type: ignore[arg-type]
        reason=referral.reason, signed_up_at=referral.signed_up_at, linked_at=referral.linked_at,
        qualifies_until=domain.qualifies_until(referral.signed_up_at, terms) if referral.status == PENDING else None,
        qualifying_purchase_id=referral.qualifying_purchase_id, qualified_at=referral.qualified_at,
        rewarded_at=referral.rewarded_at, reversed_at=referral.reversed_at,
        referrer_reward=SideReward(unit=referral.referrer_unit, points=referral.referrer_points),
        referee_reward=SideReward(unit=referral.referee_unit, points=referral.referee_points),
    )


def referral_link(*, session: Session, program: Program, code: str, public_url: str) -> str:
    """The member's shareable link; it names the program only when another program has the same code."""
    program_ids = [other.id for other in programs.list_programs(session=session)]
    holders = repository.programs_with_code(session, code=code, program_ids=program_ids)
    return domain.referral_link(public_url, code, program_id=program.id if len(holders) > 1 else None)


def member_referrals(*, session: Session, program: Program, member_id: int, public_url: str,
                     before_id: int | None = None, limit: int = 50) -> MemberReferrals:
    """The member's code and link, how they joined, and the members who joined with their code
    (newest first, paged by referral id).

    A member of another program is 404 `member_not_found`, as everywhere.
    """
    paging.check_limit(limit)
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    terms = _terms(repository.get_settings(session, program_id=program.id))
    own = repository.referral_of_referee(session, program_id=program.id, referee_id=member.id)
    rows = repository.referees_of(session, program_id=program.id, referrer_id=member.id, before_id=before_id,
                                  limit=limit + 1)
    counts = {status: 0 for status in (PENDING, REWARDED, REJECTED, REVERSED)}
    counts.update(repository.counts_by_status(session, program_id=program.id, referrer_id=member.id))
    return MemberReferrals(
        member_id=member.id, referral_code=member.referral_code,
        referral_link=referral_link(session=session, program=program, code=member.referral_code,
                                    public_url=public_url),
        referred_by=_read(own, terms) if own is not None else None, counts=counts,
        referees=paging.slice_of(rows, limit, key=lambda row: row.id).map(lambda row: _read(row, terms)),
    )


def resolve_link(*, session: Session, code: str, program_id: int | None = None) -> ResolvedLink:
    """What a public referral link points to: the program whose member holds `code`.

    404 `unknown_referral_code` when no program has it (or not the one named); 409
    `ambiguous_referral_code` when several programs do and the link does not say which.
    Reveals nothing about the member.
    """
    normalized = domain.normalize_code(code)
    all_programs = {program.id: program for program in programs.list_programs(session=session)}
    candidates = [program_id] if program_id is not None else list(all_programs)
    holders = repository.programs_with_code(session, code=normalized,
                                            program_ids=[pid for pid in candidates if pid in all_programs])
    if not holders:
        raise NotFound("This referral link is not valid.", code="unknown_referral_code")
    if len(holders) > 1:
        raise Conflict("This referral code exists in several programs; the link must name one (?program=<id>).",
                       code="ambiguous_referral_code")
    program = all_programs[holders[0]]
    row = repository.get_settings(session, program_id=program.id)
    return ResolvedLink(referral_code=normalized, program=program, active=bool(row and row.is_active),
                        signup_url=row.signup_url if row is not None else None)


def member_data(*, session: Session, program_id: int, member_id: int) -> list[dict[str, Any]]:
    """The member's referrals (their data export), as referrer or as referee: the code, status and
    its dates, and what the member was given. The other member is not named: they are someone
    else's data. One statement."""
    exported = []
    for referral in repository.member_referral_rows(session, program_id=program_id, member_id=member_id):
        role = "referrer" if referral.referrer_id == member_id else "referee"
        exported.append(row_values(referral, (
            "code", "status", "reason", "signed_up_at", "linked_at", "qualified_at", "rewarded_at", "reversed_at"),
            role=role, unit=getattr(referral, f"{role}_unit"), points=getattr(referral, f"{role}_points")))
    return exported
