from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class EarningRule(Base):
    """A rule's identity; what it does lives in its versions (history is never rewritten)."""

    __tablename__ = "earning_rules"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    current_version: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Counter for `cap_total`, raised by the guarded UPDATE that awards the points.
    awarded_total: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EarningRuleVersion(Base):
    __tablename__ = "earning_rule_versions"
    __table_args__ = (UniqueConstraint("rule_id", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("earning_rules.id"))
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), default=None)
    trigger: Mapped[str] = mapped_column(String(32))  # purchase | enrolment | birthday | custom_event
    event_type: Mapped[str | None] = mapped_column(String(100), default=None)
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    effect: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    unit: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(default=100)
    is_exclusive: Mapped[bool] = mapped_column(default=False)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    cap_per_member_per_day: Mapped[int | None] = mapped_column(BigInteger, default=None)
    cap_total: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # A field path ("event.payload.product_id"); the rule awards once per member and value.
    once_per: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class RuleDailyUsage(Base):
    """Points a rule gave one member on one local day, for `cap_per_member_per_day`."""

    __tablename__ = "rule_daily_usage"

    rule_id: Mapped[int] = mapped_column(ForeignKey("earning_rules.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    points: Mapped[int] = mapped_column(BigInteger, default=0)


class RuleGrant(Base):
    """A once-only award already made (once per product, once per birthday year)."""

    __tablename__ = "rule_grants"
    __table_args__ = (UniqueConstraint("rule_id", "member_id", "grant_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("earning_rules.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    grant_key: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
