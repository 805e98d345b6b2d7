"""Churn risk: a supervised model on behaviour features against the plain recency baseline.

Pure functions on numpy arrays. A member "churns" after a cut-off when he makes no purchase in
the next `window` days. The split is in time, never at random: the model learns on an earlier
cut-off (whose window has ended before the later one) and is judged by its AUC on the later
cut-off, whose window has ended by today; a member's future never leaks into his own training row.
The baseline ranks members by days since their last purchase. When the model does not beat it on
the holdout (AUC higher by more than MARGIN) the baseline is used, and the screens say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

FloatArray = NDArray[np.float64]
ChurnModelName = Literal["model", "recency"]

FEATURES = ("days_since_last", "purchases", "purchase_days", "spend", "mean_spend", "days_since_first",
            "purchases_last_30_days", "purchases_last_90_days")
# The model must beat the baseline by this much AUC to be used: a tie goes to the simpler rule.
MARGIN = 0.005
# Below this many members (or either class) in a cut-off there is nothing to learn or to judge.
MINIMUM_ROWS = 50
MINIMUM_CLASS = 5


@dataclass(frozen=True)
class Features:
    """One row per member, as of a cut-off, from the purchases before it."""

    days_since_last: FloatArray
    purchases: FloatArray
    purchase_days: FloatArray
    spend: FloatArray
    days_since_first: FloatArray
    purchases_last_30_days: FloatArray
    purchases_last_90_days: FloatArray

    def matrix(self) -> FloatArray:
        mean_spend = self.spend / np.maximum(self.purchases, 1.0)
        return np.column_stack([self.days_since_last, self.purchases, self.purchase_days, self.spend, mean_spend,
                                self.days_since_first, self.purchases_last_30_days, self.purchases_last_90_days])


@dataclass(frozen=True)
class ChurnChoice:
    chosen: ChurnModelName
    model_auc: float | None
    baseline_auc: float | None
    classifier: HistGradientBoostingClassifier | None
    reason: str


def recency_risk(days_since_last: ArrayLike) -> FloatArray:
    """The baseline as a 0–1 risk: the share of members whose last purchase is as recent or more
    recent (its ranking is exactly recency's, so its AUC is the baseline's)."""
    days = np.asarray(days_since_last, dtype=np.float64)
    if days.size == 0:
        return np.zeros(0)
    ordered = np.sort(days)
    return np.asarray(np.searchsorted(ordered, days, side="right") / days.size, dtype=np.float64)


def auc(labels: ArrayLike, scores: ArrayLike) -> float | None:
    """ROC AUC, or None when only one class is present."""
    y = np.asarray(labels)
    if y.size == 0 or np.all(y == y[0]):
        return None
    return float(roc_auc_score(y, np.asarray(scores, dtype=np.float64)))


def _learnable(labels: NDArray[np.int8]) -> bool:
    positives = int(labels.sum())
    return labels.size >= MINIMUM_ROWS and MINIMUM_CLASS <= positives <= labels.size - MINIMUM_CLASS


def choose_churn_model(train: Features, train_churned: ArrayLike, holdout: Features,
                       holdout_churned: ArrayLike, *, seed: int = 0) -> ChurnChoice:
    """Fit on the earlier cut-off, compare AUCs on the later one, pick the model or the baseline."""
    y_train = np.asarray(train_churned, dtype=np.int8)
    y_holdout = np.asarray(holdout_churned, dtype=np.int8)
    baseline_auc = auc(y_holdout, holdout.days_since_last) if y_holdout.size else None
    if not _learnable(y_train) or not _learnable(y_holdout):
        return ChurnChoice("recency", None, baseline_auc, None, "too little history to train and judge a model")
    classifier = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                                l2_regularization=1.0, random_state=seed)
    # One OpenMP thread: on a busy two-core machine scikit-learn's spinning threads made a
    # 3,000-row fit take 20 s instead of 0.8 s; the fit is small next to the SQL anyway.
    with threadpool_limits(limits=1, user_api="openmp"):
        classifier.fit(train.matrix(), y_train)
        model_auc = auc(y_holdout, classifier.predict_proba(holdout.matrix())[:, 1])
    if model_auc is None or baseline_auc is None or model_auc <= baseline_auc + MARGIN:
        return ChurnChoice("recency", model_auc, baseline_auc, classifier, "the model does not beat recency")
    return ChurnChoice("model", model_auc, baseline_auc, classifier, "the model beats recency")


def churn_risk(choice: ChurnChoice, today: Features) -> FloatArray:
    """Each member's risk as of today from the chosen model."""
    if choice.chosen == "model" and choice.classifier is not None:
        with threadpool_limits(limits=1, user_api="openmp"):
            return np.asarray(choice.classifier.predict_proba(today.matrix())[:, 1], dtype=np.float64)
    return recency_risk(today.days_since_last)
