"""Tables of the referrals domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime

PENDING = "pending"
REWARDED = "rewarded"
REJECTED = "rejected"
REVERSED = "reversed"
STATUSES = (PENDING, REWARDED, REJECTED, REVERSED)


class ReferralProgram(Base):
    """A program's referral terms: the qualifying first purchase, both rewards and the cap.

    The terms in force when a referee qualifies are the ones applied (and copied onto the
    referral), so a change reaches referrals still pending but never rewrites one settled.
    """

    __tablename__ = "referral_programs"
    __table_args__ = (UniqueConstraint("program_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    is_active: Mapped[bool]
    min_purchase_minor: Mapped[int] = mapped_column(BigInteger)
    qualifying_days: Mapped[int]
    referrer_unit: Mapped[str] = mapped_column(String(16))
    referrer_points: Mapped[int] = mapped_column(BigInteger)
    referee_unit: Mapped[str] = mapped_column(String(16))
    referee_points: Mapped[int] = mapped_column(BigInteger)
    # Rewarded referrals per referrer per rolling period; both null means no cap.
    cap_count: Mapped[int | None] = mapped_column(default=None)
    cap_period_days: Mapped[int | None] = mapped_column(default=None)
    # Where the public referral link sends people (the shop's signup page).
    signup_url: Mapped[str | None] = mapped_column(String(2000), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))


class Referral(Base):
    """A new member (the referee) who signed up with another member's (the referrer's) code.

    pending -> rewarded | rejected (with a reason) ; rewarded -> reversed when the qualifying
    purchase is refunded below the threshold. A referral rejected because of the referrer's
    cap may still have rewarded the referee, and is reversed the same way.
    """

    __tablename__ = "referrals"
    __table_args__ = (
        UniqueConstraint("referee_id"),
        Index("ix_referrals_referrer", "referrer_id", "id"),
        Index("ix_referrals_qualifying_purchase", "qualifying_purchase_id"),
        CheckConstraint("status IN ('pending', 'rewarded', 'rejected', 'reversed')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    referrer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    referee_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64), default=None)
    # The referee's enrolment: the qualifying window starts here.
    signed_up_at: Mapped[datetime] = mapped_column(UtcDateTime)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    qualifying_purchase_id: Mapped[int | None] = mapped_column(BigId, default=None)
    qualifying_total_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The threshold in force when it qualified: a refund is judged against it, not today's.
    qualifying_min_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    qualified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # When the rewards were posted; the referrer's cap counts these.
    rewarded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    referrer_unit: Mapped[str | None] = mapped_column(String(16), default=None)
    referrer_points: Mapped[int] = mapped_column(BigInteger, default=0)
    referrer_transaction_id: Mapped[int | None] = mapped_column(BigId, default=None)
    referee_unit: Mapped[str | None] = mapped_column(String(16), default=None)
    referee_points: Mapped[int] = mapped_column(BigInteger, default=0)
    referee_transaction_id: Mapped[int | None] = mapped_column(BigId, default=None)
    reversed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
