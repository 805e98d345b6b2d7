"""Scoring a program: RFM, lifetime value and churn risk for every member who bought something.

`score_program` runs the per-member summary as grouped statements in the database (one for
today, one per churn cut-off), the models on numpy arrays, and writes the scores in bulk. It does
not commit (the worker or CLI does): the old scores and the new run are swapped in one transaction.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from loyalty.kernel.errors import NotFound
from loyalty.kernel.exported import row_values
from loyalty.scoring import churn, clv, repository, rfm
from loyalty.scoring.models import ScoringRun
from loyalty.scoring.repository import PurchaseSummary
from loyalty.scoring.schemas import MemberScores, ScoringRunRead

log = logging.getLogger("loyalty.scoring")

DAYS_PER_WEEK = 7.0
# The papers' time unit: BG/NBD's alpha and Gamma-Gamma's parameters read as in their tables.
PERIODS_PER_MONTH = 30.0 / DAYS_PER_WEEK


@dataclass(frozen=True)
class ScoringSettings:
    horizon_months: int = 12
    monthly_discount: float = 0.01  # about 12.7 % a year
    churn_window_days: int = 90

    @property
    def horizon_days(self) -> int:
        return self.horizon_months * 30


def summary_for_clv(summary: PurchaseSummary) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, t_x, T, mean spend of repeat purchases) in weeks and minor units."""
    x = summary.purchase_days - 1
    T = summary.days_since_first / DAYS_PER_WEEK
    t_x = (summary.days_since_first - summary.days_since_last) / DAYS_PER_WEEK
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_spend = np.where(x > 0, (summary.spend - summary.first_day_spend) / np.maximum(x, 1), 0.0)
    return x, t_x, T, mean_spend


def churn_features(summary: PurchaseSummary) -> churn.Features:
    return churn.Features(days_since_last=summary.days_since_last, purchases=summary.purchases,
                          purchase_days=summary.purchase_days, spend=summary.spend,
                          days_since_first=summary.days_since_first,
                          purchases_last_30_days=summary.purchases_last_30_days,
                          purchases_last_90_days=summary.purchases_last_90_days)


def score_program(session: Session, program_id: int, today: datetime,
                  settings: ScoringSettings = ScoringSettings()) -> ScoringRun:
    """Refit the program's models on its purchases before `today` and replace its members' scores.

    Idempotent: run twice for the same moment it writes the same scores (and a second run row).
    Members without a purchase get no score row. Another program's rows are never touched.
    """
    summary = repository.purchase_summary(session, program_id, today)
    notes: list[str] = []
    x, t_x, T, mean_spend = summary_for_clv(summary)

    # RFM
    recency, frequency, monetary = rfm.rfm_scores(summary.days_since_last, summary.purchases, summary.spend)
    cells = rfm.rfm_cells(recency, frequency)

    # CLV
    bgnbd_fit: clv.BgNbdFit | None = None
    gamma_fit: clv.GammaGammaFit | None = None
    expected = p_alive = value = None
    horizon_periods = settings.horizon_months * PERIODS_PER_MONTH
    try:
        bgnbd_fit = clv.fit_bgnbd(x, t_x, T)
        expected = clv.bgnbd_expected_purchases(bgnbd_fit.params, horizon_periods, x, t_x, T)
        p_alive = clv.bgnbd_p_alive(bgnbd_fit.params, x, t_x, T)
    except clv.FitError as error:
        notes.append(f"BG/NBD not fitted: {error}")
    if bgnbd_fit is not None:
        try:
            gamma_fit = clv.fit_gamma_gamma(x, mean_spend)
            value = clv.customer_lifetime_value(
                bgnbd_fit.params, gamma_fit.params, x, t_x, T, np.maximum(mean_spend, 0.0),
                months=settings.horizon_months, monthly_discount=settings.monthly_discount,
                periods_per_month=PERIODS_PER_MONTH)
        except clv.FitError as error:
            notes.append(f"Gamma-Gamma not fitted: {error}")

    # Churn: learn at today − 2 windows, judge at today − 1 window, score today.
    window = settings.churn_window_days
    train = repository.purchase_summary(session, program_id, today - timedelta(days=2 * window), window_days=window)
    holdout = repository.purchase_summary(session, program_id, today - timedelta(days=window), window_days=window)
    choice = churn.choose_churn_model(churn_features(train), train.purchases_after == 0,
                                      churn_features(holdout), holdout.purchases_after == 0)
    risk = churn.churn_risk(choice, churn_features(summary)) if summary.size else np.zeros(0)
    notes.append(choice.reason)

    # Plain Python values column by column (tolist), zipped into rows: no per-member dicts.
    size = summary.size

    def values(array: np.ndarray | None, convert: Any = None) -> Any:
        if array is None:
            return [None] * size
        return array.tolist() if convert is None else [convert(item) for item in array.tolist()]
    rows = zip([program_id] * size, values(summary.member_id), values(recency), values(frequency),
               values(monetary), values(cells, str), values(expected), values(p_alive),
               values(value, lambda item: int(round(item)) if math.isfinite(item) else None),
               values(np.clip(risk, 0.0, 1.0)),
               [today] * size, strict=True)
    repository.replace_scores(session, program_id, rows)
    run = ScoringRun(
        program_id=program_id, fitted_at=today, horizon_days=settings.horizon_days,
        parameters={"bgnbd": bgnbd_fit.params.as_dict() if bgnbd_fit else None,
                    "gamma_gamma": gamma_fit.params.as_dict() if gamma_fit else None,
                    "gamma_gamma_log_likelihood": gamma_fit.log_likelihood if gamma_fit else None,
                    "time_unit": "week", "money_unit": "minor", "monthly_discount": settings.monthly_discount,
                    "horizon_months": settings.horizon_months, "churn_window_days": window,
                    "churn_train_members": train.size, "churn_holdout_members": holdout.size, "notes": notes},
        log_likelihood=bgnbd_fit.log_likelihood if bgnbd_fit else None,
        model_auc=choice.model_auc, baseline_auc=choice.baseline_auc, churn_model=choice.chosen,
        members_scored=summary.size)
    return repository.add_run(session, run)


def member_scores(*, session: Session, program_id: int, member_id: int) -> MemberScores | None:
    """The member's latest scores with the run that made them, or None when not scored yet."""
    score = repository.member_score(session, program_id, member_id)
    run = repository.latest_run(session, program_id)
    if score is None or run is None:
        return None
    return MemberScores(
        member_id=member_id, rfm_recency=score.rfm_recency, rfm_frequency=score.rfm_frequency,
        rfm_monetary=score.rfm_monetary, rfm_cell=score.rfm_cell, expected_purchases=score.expected_purchases,
        p_alive=score.p_alive, predicted_value=score.predicted_value, churn_risk=score.churn_risk,
        scored_at=score.scored_at, horizon_days=run.horizon_days, churn_model=run.churn_model,  # type: ignore[arg-type]
        churn_model_auc=run.model_auc, churn_baseline_auc=run.baseline_auc)


def latest_run(*, session: Session, program_id: int) -> ScoringRunRead | None:
    run = repository.latest_run(session, program_id)
    return None if run is None else ScoringRunRead.model_validate(run)


class NotScored(NotFound):
    code = "not_scored"

    def __init__(self, member_id: int) -> None:
        super().__init__(f"member {member_id} has no scores yet (no purchase, or the program not scored since)")


@dataclass(frozen=True)
class CellSummary:
    cell: str
    members: int
    mean_predicted_value: float | None
    mean_churn_risk: float


def cell_summaries(*, session: Session, program_id: int) -> list[CellSummary]:
    """Members, mean value and mean churn risk per RFM cell, in the order of rfm.CELLS."""
    found = {cell: CellSummary(cell, count, value, risk)
             for cell, count, value, risk in repository.cell_totals(session, program_id)}
    return [found[cell] for cell in rfm.CELLS if cell in found]


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, Any] | None:
    """The member's scores from the last nightly run (their data export): RFM, expected purchases,
    the chance they are still a customer, predicted value and churn risk. One statement."""
    score = repository.member_score(session, program_id, member_id)
    return None if score is None else row_values(score, (
        "rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_cell", "expected_purchases", "p_alive",
        "predicted_value", "churn_risk", "scored_at"))
