from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as member_service
from loyalty.members.models import Member
from loyalty.members.schemas import MemberCreate, MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, RefundCreate
from loyalty.referrals import service as referral_service
from loyalty.referrals.models import Referral
from loyalty.referrals.schemas import ReferralProgramRead, ReferralProgramUpdate

_sequence = itertools.count(1)


def set_referral_program(database: Database, program: Program, *, active: bool = True, min_total: int = 5000,
                         within_days: int = 30, referrer_points: int = 500, referee_points: int = 250,
                         unit: str = "points", cap: dict[str, int] | None = None,
                         signup_url: str | None = None) -> ReferralProgramRead:
    """Committed referral settings. Defaults: active, first purchase of at least 50.00 within 30
    days, 500 points to the referrer and 250 to the referee, no cap."""
    data = ReferralProgramUpdate.model_validate({
        "active": active, "qualifying_purchase": {"min_total": min_total, "within_days": within_days},
        "referrer_reward": {"points": referrer_points, "unit": unit},
        "referee_reward": {"points": referee_points, "unit": unit}, "cap": cap, "signup_url": signup_url,
    })
    with unit_of_work(database) as session:
        return referral_service.update_settings(session=session, program=program, data=data, actor="test")


def make_referee(database: Database, program: Program, *, code: str, **fields: Any) -> Member:
    """A member enrolled with `code` as the signup form would do it: enrolment and link in one
    unit of work. Without identifiers the member gets a unique e-mail."""
    if not any(fields.get(name) for name in ("email", "phone", "external_id", "card_number")):
        fields["email"] = f"referee{next(_sequence)}@example.com"
    with unit_of_work(database) as session:
        member = member_service.enrol_member(session=session, program=program,
                                             data=MemberCreate.model_validate(fields), actor="test")
        referral_service.link_referral(session=session, program=program, referee=member, code=code, actor="test")
        return member


def referral_of(database: Database, program: Program, referee: Member) -> Referral:
    with unit_of_work(database, read_only=True) as session:
        page = referral_service.member_referrals(session=session, program=program, member_id=referee.id,
                                                 public_url="http://test")
        assert page.referred_by is not None, f"member {referee.id} joined without a referral"
        referral = session.get(Referral, page.referred_by.id)
        assert referral is not None
        return referral


def buy(database: Database, program: Program, member_id: int, total: int, *, external_id: str | None = None,
        occurred_at: datetime | None = None) -> int:
    """Record a purchase and settle referrals in its unit of work, as record_purchase does; the purchase id.

    The explicit `on_purchase` call is what purchases do once they call referrals; a second
    call for the same purchase is a no-op, so this stays right either way.
    """
    data = PurchaseCreate(member=MemberRef(id=member_id), total=total, occurred_at=occurred_at,
                          external_id=external_id or f"REF-{next(_sequence)}")
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, data=data, actor="test")
        purchase_id = int(outcome.body["purchase_id"])
        referral_service.on_purchase(session=session, program=program, member_id=member_id, purchase_id=purchase_id,
                                     total_minor=total, occurred_at=data.occurred_at or datetime.fromisoformat(
                                         outcome.body["occurred_at"]), actor="test")
        return purchase_id


def refund(database: Database, program: Program, purchase_id: int, amount: int) -> None:
    """Refund `amount` of a purchase and let referrals react in its unit of work, as refund_purchase does."""
    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id, actor="test",
                                  data=RefundCreate(amount=amount))
        purchase, _lines = purchases.get_purchase(session=session, program_id=program.id, purchase_id=purchase_id)
        referral_service.on_refund(session=session, program=program, purchase_id=purchase_id,
                                   remaining_total_minor=purchase.total_minor - purchase.refunded_minor, actor="test")
