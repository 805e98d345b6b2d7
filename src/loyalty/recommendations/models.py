from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime


class MemberRecommendation(Base):
    """One ranked entry of a member's personal list, replaced whole by each run of the program.

    `shelf` is the list it belongs to (`products` or `offers`); its primary key (program, member,
    shelf, rank) is the one index every reader uses: a member's list is one range read, in order.
    """

    __tablename__ = "member_recommendations"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    shelf: Mapped[str] = mapped_column(String(16), primary_key=True)  # products | offers
    rank: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # 1 = the best
    # product | reward | coupon | challenge; `ref` is the SKU, or the reward's, campaign's or challenge's id.
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    category: Mapped[str | None] = mapped_column(String(100), default=None)
    score: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16))  # similar (look-alike customers) | popular (the fallback)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RecommendationRun(Base):
    """One refresh of a program's lists: when, on what, and how many members got one."""

    __tablename__ = "recommendation_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    members: Mapped[int] = mapped_column(Integer)
    members_personal: Mapped[int] = mapped_column(Integer)  # the rest got the popularity fallback
    products: Mapped[int] = mapped_column(Integer)
    offers: Mapped[int] = mapped_column(Integer)
