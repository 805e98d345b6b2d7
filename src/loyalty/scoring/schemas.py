from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class MemberScores(BaseModel):
    """A member's latest scores and how much to trust them (the run that made them)."""

    model_config = ConfigDict(from_attributes=True)

    member_id: int
    rfm_recency: int
    rfm_frequency: int
    rfm_monetary: int
    rfm_cell: str
    expected_purchases: float | None
    p_alive: float | None
    predicted_value: int | None
    churn_risk: float
    scored_at: datetime
    horizon_days: int
    churn_model: Literal["model", "recency"]
    churn_model_auc: float | None
    churn_baseline_auc: float | None


class ScoringRunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    fitted_at: datetime
    horizon_days: int
    parameters: dict[str, Any]
    log_likelihood: float | None
    model_auc: float | None
    baseline_auc: float | None
    churn_model: Literal["model", "recency"]
    members_scored: int
