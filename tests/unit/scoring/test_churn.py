"""The churn model is used only where it beats the recency baseline on the later cut-off."""

from __future__ import annotations

import numpy as np

from loyalty.scoring import churn


def members(rng: np.random.Generator, n: int) -> churn.Features:
    purchases = rng.integers(1, 30, n).astype(float)
    return churn.Features(days_since_last=rng.integers(1, 200, n).astype(float), purchases=purchases,
                          purchase_days=purchases, spend=purchases * rng.uniform(500, 8000, n),
                          days_since_first=rng.integers(200, 700, n).astype(float),
                          purchases_last_30_days=rng.integers(0, 3, n).astype(float),
                          purchases_last_90_days=rng.integers(0, 6, n).astype(float))


def test_a_model_that_sees_what_recency_cannot_is_chosen() -> None:
    # Who leaves is told by the spend per purchase (small baskets leave), not by recency.
    rng = np.random.default_rng(1)
    train, holdout = members(rng, 3000), members(rng, 3000)

    def leaves(f: churn.Features) -> np.ndarray:
        return (f.spend / f.purchases + rng.normal(0, 500, f.spend.size)) < 3000

    choice = churn.choose_churn_model(train, leaves(train), holdout, leaves(holdout))
    assert choice.chosen == "model"
    assert choice.model_auc is not None and choice.baseline_auc is not None
    assert choice.model_auc > 0.9 and abs(choice.baseline_auc - 0.5) < 0.05
    today = members(rng, 10)
    risk = churn.churn_risk(choice, today)
    assert risk.shape == (10,) and np.all((risk >= 0) & (risk <= 1))


def test_where_only_recency_matters_the_baseline_is_kept() -> None:
    rng = np.random.default_rng(2)
    train, holdout = members(rng, 3000), members(rng, 3000)

    def leaves(f: churn.Features) -> np.ndarray:
        return f.days_since_last + rng.normal(0, 40, f.days_since_last.size) > 100

    choice = churn.choose_churn_model(train, leaves(train), holdout, leaves(holdout))
    assert choice.chosen == "recency" and choice.reason == "the model does not beat recency"
    assert choice.model_auc is not None and choice.baseline_auc is not None
    assert choice.model_auc <= choice.baseline_auc + churn.MARGIN
    risk = churn.churn_risk(choice, churn.Features(*(np.array([5.0, 50.0, 150.0]),) * 7))
    assert risk.tolist() == [1 / 3, 2 / 3, 1.0]  # recency's ranking, as a share


def test_too_little_history_falls_back_to_recency_without_a_model_auc() -> None:
    rng = np.random.default_rng(3)
    few = members(rng, 20)
    choice = churn.choose_churn_model(few, np.arange(20) % 2 == 0, few, np.arange(20) % 2 == 0)
    assert choice.chosen == "recency" and choice.model_auc is None and choice.classifier is None
