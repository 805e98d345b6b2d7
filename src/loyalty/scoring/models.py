from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class MemberScore(Base):
    """A member's latest scores (replaced whole by each scoring run of the program)."""

    __tablename__ = "member_scores"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    rfm_recency: Mapped[int] = mapped_column(SmallInteger)
    rfm_frequency: Mapped[int] = mapped_column(SmallInteger)
    rfm_monetary: Mapped[int] = mapped_column(SmallInteger)
    rfm_cell: Mapped[str] = mapped_column(String(32))
    # Over the run's horizon (scoring_runs.horizon_days); None when the model could not be fitted.
    expected_purchases: Mapped[float | None] = mapped_column(Float, default=None)
    p_alive: Mapped[float | None] = mapped_column(Float, default=None)
    predicted_value: Mapped[int | None] = mapped_column(BigInteger, default=None)  # minor units
    churn_risk: Mapped[float] = mapped_column(Float)
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ScoringRun(Base):
    """One refit of a program's models: what was fitted, how well, and how many members it scored."""

    __tablename__ = "scoring_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    fitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    horizon_days: Mapped[int] = mapped_column(Integer)
    # {"bgnbd": {r, alpha, a, b} | null, "gamma_gamma": {p, q, gamma} | null, "time_unit": "week",
    #  "monthly_discount": …, "churn_window_days": …, "notes": [...]}
    parameters: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    log_likelihood: Mapped[float | None] = mapped_column(Float, default=None)
    model_auc: Mapped[float | None] = mapped_column(Float, default=None)
    baseline_auc: Mapped[float | None] = mapped_column(Float, default=None)
    churn_model: Mapped[str] = mapped_column(String(16))  # model | recency
    members_scored: Mapped[int] = mapped_column(Integer)
