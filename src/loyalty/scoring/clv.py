"""Customer lifetime value: BG/NBD (purchases and being alive) with Gamma-Gamma (spend per purchase).

Pure functions on numpy arrays, one element per customer, no database: the service feeds them
the per-member summary, and a benchmark can call them on a million members directly.

- x: repeat purchase periods (purchase days after the first), t_x: time of the last one,
  T: age (time from the first purchase to the cut-off), all in one time unit (the service uses
  weeks, as the papers do).
- Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
  Pareto/NBD model", Marketing Science 24(2): the BG/NBD likelihood (eq. 6), the conditional
  expectation (eq. 10) and P(alive) (their note "Computing P(alive) using the BG/NBD model").
- Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base analysis",
  JMR 42(4), and Fader & Hardie's note "The Gamma-Gamma model of monetary value" (2013).

Fits maximise the log-likelihood over the logarithms of the parameters (so they stay positive)
with L-BFGS-B; identical customers are counted once with a weight, which on real data shrinks
the arrays many times over (age and recency are whole days).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

FloatArray = NDArray[np.float64]


class FitError(ValueError):
    """The data cannot identify the model (too few customers or no repeat buyer)."""


@dataclass(frozen=True)
class BgNbdParams:
    r: float
    alpha: float
    a: float
    b: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    gamma: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class BgNbdFit:
    params: BgNbdParams
    log_likelihood: float
    customers: int


@dataclass(frozen=True)
class GammaGammaFit:
    params: GammaGammaParams
    log_likelihood: float
    customers: int


def _arrays(*values: ArrayLike) -> list[FloatArray]:
    return [np.asarray(value, dtype=np.float64) for value in values]


# ---------------------------------------------------------------------------------------- BG/NBD

def bgnbd_log_likelihood_terms(params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> FloatArray:
    """Each customer's log-likelihood (FHL 2005, eq. 6)."""
    x_, t_x_, T_ = _arrays(x, t_x, T)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    head = gammaln(r + x_) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x_) - betaln(a, b)
    log_a3 = -(r + x_) * np.log(alpha + T_)
    repeat = x_ > 0
    # ln(a / (b + x - 1)) is only defined for repeat buyers; others add nothing.
    with np.errstate(divide="ignore", invalid="ignore"):
        log_a4 = np.where(repeat, np.log(a) - np.log(np.where(repeat, b + x_ - 1, 1.0))
                          - (r + x_) * np.log(alpha + t_x_), -np.inf)
    return head + np.logaddexp(log_a3, log_a4)


def bgnbd_log_likelihood(params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike,
                         weights: ArrayLike | None = None) -> float:
    terms = bgnbd_log_likelihood_terms(params, x, t_x, T)
    if weights is None:
        return float(terms.sum())
    return float(np.dot(terms, np.asarray(weights, dtype=np.float64)))


def _compress(*columns: FloatArray) -> tuple[list[FloatArray], FloatArray]:
    """Identical rows once, with how many times each occurred."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, i] for i in range(unique.shape[1])], counts.astype(np.float64)


def fit_bgnbd(x: ArrayLike, t_x: ArrayLike, T: ArrayLike, initial: BgNbdParams | None = None) -> BgNbdFit:
    """Maximum-likelihood BG/NBD parameters."""
    x_, t_x_, T_ = _arrays(x, t_x, T)
    if x_.size < 2 or not np.any(x_ > 0):
        raise FitError("BG/NBD needs at least two customers and one repeat purchase")
    (xu, tu, Tu), weights = _compress(x_, t_x_, T_)
    total = weights.sum()
    # The terms in x alone are computed once per distinct x (a few dozen), not once per row.
    x_values, x_index = np.unique(xu, return_inverse=True)
    repeat = xu > 0
    log_t_x = np.where(repeat, tu, 0.0)

    def negative(log_params: FloatArray) -> float:
        r, alpha, a, b = np.exp(log_params)
        per_x = gammaln(r + x_values) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x_values) - betaln(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.where(x_values > 0, np.log(a) - np.log(np.maximum(b + x_values - 1, 1e-300)), -np.inf)
        exponent = (r + x_values)[x_index]
        log_a3 = -exponent * np.log(alpha + Tu)
        log_a4 = np.where(repeat, log_ratio[x_index] - exponent * np.log(alpha + log_t_x), -np.inf)
        terms = per_x[x_index] + np.logaddexp(log_a3, log_a4)
        value = -float(np.dot(terms, weights)) / total
        return value if np.isfinite(value) else 1e100

    # alpha is a time scale: start it at the data's own (the mean age), whatever the time unit.
    first = initial or BgNbdParams(1.0, max(float(T_.mean()), 1e-6), 1.0, 1.0)
    start = np.log([first.r, first.alpha, first.a, first.b])
    result = _minimise(negative, start)
    r, alpha, a, b = (float(v) for v in np.exp(result))
    params = BgNbdParams(r, alpha, a, b)
    return BgNbdFit(params, bgnbd_log_likelihood(params, xu, tu, Tu, weights), int(x_.size))


def _minimise(function: Any, start: FloatArray) -> FloatArray:
    """L-BFGS-B from `start` with tight tolerances (the objective is the mean log-likelihood, so
    they do not depend on the number of customers); a few dozen iterations on real data."""
    result = minimize(function, start, method="L-BFGS-B", bounds=[(-15.0, 15.0)] * len(start),
                      options={"maxiter": 1000, "ftol": 1e-13, "gtol": 1e-9})
    return np.asarray(result.x, dtype=np.float64)


def bgnbd_p_alive(params: BgNbdParams, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> FloatArray:
    """P(still alive at T | x, t_x, T); 1 for a customer with no repeat purchase."""
    x_, t_x_, T_ = _arrays(x, t_x, T)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    repeat = x_ > 0
    log_odds = (np.log(a) - np.log(np.where(repeat, b + x_ - 1, 1.0))
                + (r + x_) * (np.log(alpha + T_) - np.log(alpha + t_x_)))
    # 1 / (1 + exp(log_odds)) without overflow.
    return np.where(repeat, np.exp(-np.logaddexp(0.0, log_odds)), 1.0)


def bgnbd_expected_purchases(params: BgNbdParams, t: float | ArrayLike, x: ArrayLike, t_x: ArrayLike,
                             T: ArrayLike) -> FloatArray:
    """E[Y(t) | x, t_x, T]: expected repeat purchases in the next `t` periods (FHL 2005, eq. 10)."""
    x_, t_x_, T_ = _arrays(x, t_x, T)
    t_ = np.asarray(t, dtype=np.float64)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    z = t_ / (alpha + T_ + t_)
    hyper = hyp2f1(r + x_, b + x_, a + b + x_ - 1, z)
    bracket = 1.0 - np.exp((r + x_) * (np.log(alpha + T_) - np.log(alpha + T_ + t_))) * hyper
    expected = (a + b + x_ - 1) / (a - 1) * bracket
    return np.asarray(expected * bgnbd_p_alive(params, x_, t_x_, T_), dtype=np.float64)


def bgnbd_population_expected(params: BgNbdParams, t: float | ArrayLike) -> FloatArray:
    """E[X(t)] for a customer just acquired (FHL 2005, eq. 7)."""
    t_ = np.asarray(t, dtype=np.float64)
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    return np.asarray((a + b - 1) / (a - 1)
                      * (1 - (alpha / (alpha + t_)) ** r * hyp2f1(r, b, a + b - 1, t_ / (alpha + t_))),
                      dtype=np.float64)


# ----------------------------------------------------------------------------------- Gamma-Gamma

def gamma_gamma_log_likelihood_terms(params: GammaGammaParams, x: ArrayLike, mean_spend: ArrayLike) -> FloatArray:
    """Each repeat buyer's log-likelihood of his mean spend `mean_spend` over `x` purchases."""
    x_, m_ = _arrays(x, mean_spend)
    p, q, g = params.p, params.q, params.gamma
    return (gammaln(p * x_ + q) - gammaln(p * x_) - gammaln(q) + q * np.log(g)
            + (p * x_ - 1) * np.log(m_) + p * x_ * np.log(x_) - (p * x_ + q) * np.log(x_ * m_ + g))


def gamma_gamma_log_likelihood(params: GammaGammaParams, x: ArrayLike, mean_spend: ArrayLike,
                               weights: ArrayLike | None = None) -> float:
    terms = gamma_gamma_log_likelihood_terms(params, x, mean_spend)
    if weights is None:
        return float(terms.sum())
    return float(np.dot(terms, np.asarray(weights, dtype=np.float64)))


def fit_gamma_gamma(x: ArrayLike, mean_spend: ArrayLike, initial: GammaGammaParams | None = None) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters on the repeat buyers (x > 0, spend > 0) only."""
    x_, m_ = _arrays(x, mean_spend)
    keep = (x_ > 0) & (m_ > 0)
    x_, m_ = x_[keep], m_[keep]
    if x_.size < 2:
        raise FitError("Gamma-Gamma needs at least two repeat buyers with a positive spend")
    (xu, mu), weights = _compress(x_, m_)
    total = weights.sum()

    def negative(log_params: FloatArray) -> float:
        p, q, g = np.exp(log_params)
        value = -gamma_gamma_log_likelihood(GammaGammaParams(p, q, g), xu, mu, weights) / total
        return value if np.isfinite(value) else 1e100

    # gamma is a money scale: start it at the data's own (the median spend), whatever the currency unit.
    first = initial or GammaGammaParams(1.0, 1.0, float(np.median(m_)))
    start = np.log([first.p, first.q, first.gamma])
    result = _minimise(negative, start)
    p, q, g = (float(v) for v in np.exp(result))
    params = GammaGammaParams(p, q, g)
    return GammaGammaFit(params, gamma_gamma_log_likelihood(params, xu, mu, weights), int(x_.size))


def gamma_gamma_expected_spend(params: GammaGammaParams, x: ArrayLike, mean_spend: ArrayLike) -> FloatArray:
    """E[M | x, mean spend]: a weighted mean of the population mean and the customer's own; the
    population mean p·γ/(q−1) for a customer with no repeat purchase (or q ≤ 1: then the
    customer's own mean, the population mean being infinite)."""
    x_, m_ = _arrays(x, mean_spend)
    p, q, g = params.p, params.q, params.gamma
    if q <= 1:
        return np.where(x_ > 0, m_, 0.0)
    population = p * g / (q - 1)
    own = (g + m_ * x_) * p / (p * x_ + q - 1)
    return np.where(x_ > 0, own, population)


# -------------------------------------------------------------------------------------------- CLV

def customer_lifetime_value(bgnbd: BgNbdParams, gamma_gamma: GammaGammaParams, x: ArrayLike, t_x: ArrayLike,
                            T: ArrayLike, mean_spend: ArrayLike, *, months: int, monthly_discount: float,
                            periods_per_month: float) -> FloatArray:
    """Discounted value of the purchases expected in the next `months` months.

    Σ_{i=1..months} (E[Y(i·m)] − E[Y((i−1)·m)]) · E[M] / (1 + d)^i, with m = `periods_per_month`
    in the fit's time unit (30/7 when it is weeks) and d the monthly discount rate: the purchases
    of each month are discounted to today, as in the `lifetimes` package's customer_lifetime_value.
    """
    spend = gamma_gamma_expected_spend(gamma_gamma, x, mean_spend)
    total = np.zeros_like(spend)
    previous = np.zeros_like(spend)
    for month in range(1, months + 1):
        expected = bgnbd_expected_purchases(bgnbd, month * periods_per_month, x, t_x, T)
        total += (expected - previous) / (1.0 + monthly_discount) ** month
        previous = expected
    return np.asarray(total * spend, dtype=np.float64)
