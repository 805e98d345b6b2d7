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
from scipy.special import betaln, digamma, gammaln, hyp2f1

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


def _distinct_rows(*columns: FloatArray) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(the index of each row's distinct value among the rows' distinct values, the row number of
    each distinct value's first occurrence). Columns are folded in one at a time as complex
    numbers (the index so far + i·column), whose 1-D sort is several times faster than
    np.unique(axis=0) on a million rows."""
    index: FloatArray = np.zeros(columns[0].shape, dtype=np.float64)
    first: NDArray[np.intp] = np.zeros(0, dtype=np.intp)
    for column in columns:
        _, first, inverse = np.unique(index + 1j * column, return_index=True, return_inverse=True)
        index = inverse.reshape(-1).astype(np.float64)
    return index.astype(np.intp), first


def _compress(*columns: FloatArray) -> tuple[list[FloatArray], FloatArray]:
    """Identical rows once, with how many times each occurred."""
    inverse, first = _distinct_rows(*columns)
    counts = np.bincount(inverse, minlength=first.size).astype(np.float64)
    return [column[first] for column in columns], counts


def fit_bgnbd(x: ArrayLike, t_x: ArrayLike, T: ArrayLike, initial: BgNbdParams | None = None) -> BgNbdFit:
    """Maximum-likelihood BG/NBD parameters."""
    x_, t_x_, T_ = _arrays(x, t_x, T)
    if x_.size < 2 or not np.any(x_ > 0):
        raise FitError("BG/NBD needs at least two customers and one repeat purchase")
    (xu, tu, Tu), weights = _compress(x_, t_x_, T_)
    total = weights.sum()
    # What depends on x alone is computed once per distinct x (a few dozen), what depends on T or
    # t_x alone once per distinct value (ages and recencies are whole days): the per-customer
    # work of an evaluation is a few vector operations.
    x_values, x_index = np.unique(xu, return_inverse=True)
    T_values, T_index = np.unique(Tu, return_inverse=True)
    t_values, t_index = np.unique(np.where(xu > 0, tu, 0.0), return_inverse=True)
    weight_per_x = np.bincount(x_index, weights=weights, minlength=x_values.size)
    repeat_x = x_values > 0

    def negative_and_gradient(log_params: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, a, b = np.exp(log_params)
        per_x = gammaln(r + x_values) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x_values) - betaln(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.where(repeat_x, np.log(a) - np.log(np.maximum(b + x_values - 1, 1e-300)), -np.inf)
        log_alpha_T = np.log(alpha + T_values)[T_index]
        log_alpha_t = np.log(alpha + t_values)[t_index]
        exponent = (r + x_values)[x_index]
        # ln(A3 + A4) = ln A3 + ln(1 + e^d), d = ln A4 − ln A3 (−∞ for a one-off buyer: no A4),
        # in the overflow-free form max(d, 0) + ln(1 + e^−|d|) (np.logaddexp is several times slower).
        log_a3 = -exponent * log_alpha_T
        d = log_ratio[x_index] - exponent * (log_alpha_t - log_alpha_T)
        small = np.exp(-np.abs(d))
        log1p_small = np.log1p(small)
        log_sum = log_a3 + np.maximum(d, 0.0) + log1p_small
        value = _weighted_sum(per_x, weight_per_x) + _weighted_sum(log_sum, weights)
        if not np.isfinite(value):
            return 1e100, np.zeros(4)
        # The share of A4 in the sum (a logistic of d): each term's derivative is weighted by its share.
        share4 = np.exp(np.minimum(d, 0.0) - log1p_small)
        weighted4 = weights * share4
        share4_per_x = np.bincount(x_index, weights=weighted4, minlength=x_values.size)
        weighted3 = weights - weighted4
        d_r = (_weighted_sum(weight_per_x, digamma(r + x_values) - digamma(r) + np.log(alpha))
               - _weighted_sum(weighted3, log_alpha_T) - _weighted_sum(weighted4, log_alpha_t))
        inverse_T = (1.0 / (alpha + T_values))[T_index]
        inverse_t = (1.0 / (alpha + t_values))[t_index]
        d_alpha = total * r / alpha - _weighted_sum(exponent, weighted3 * inverse_T + weighted4 * inverse_t)
        d_a = _weighted_sum(weight_per_x, digamma(a + b) - digamma(a + b + x_values)) + share4_per_x.sum() / a
        d_b = (_weighted_sum(weight_per_x, digamma(b + x_values) - digamma(a + b + x_values) - digamma(b)
                             + digamma(a + b))
               - _weighted_sum(share4_per_x[repeat_x], 1.0 / (b + x_values[repeat_x] - 1)))
        # Derivatives with respect to the logarithms of the parameters, of the negative mean.
        gradient = -np.array([d_r * r, d_alpha * alpha, d_a * a, d_b * b]) / total
        return -value / total, gradient

    # alpha is a time scale: start it at the data's own (the mean age), whatever the time unit.
    first = initial or BgNbdParams(1.0, max(float(T_.mean()), 1e-6), 1.0, 1.0)
    start = np.log([first.r, first.alpha, first.a, first.b])
    result = _minimise(negative_and_gradient, start)
    r, alpha, a, b = (float(v) for v in np.exp(result))
    params = BgNbdParams(r, alpha, a, b)
    return BgNbdFit(params, bgnbd_log_likelihood(params, xu, tu, Tu, weights), int(x_.size))


def _weighted_sum(values: NDArray[Any], weights: NDArray[Any]) -> float:
    """Σ values·weights, by numpy's own loop: BLAS's dot spins threads that, on a busy 2-core
    server, made it ten times slower than this."""
    return float(np.add.reduce(values * weights))


def _minimise(function: Any, start: FloatArray) -> FloatArray:
    """L-BFGS-B from `start` with tight tolerances (the objective is the mean log-likelihood, so
    they do not depend on the number of customers); `function` returns the value and its
    gradient, so each step costs one evaluation instead of one per parameter and one more."""
    result = minimize(function, start, jac=True, method="L-BFGS-B", bounds=[(-15.0, 15.0)] * len(start),
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
    if np.ndim(t) == 0:
        pairs = _DistinctPairs(x_, T_)
        expected = pairs.spread(_expected_if_alive(params, float(np.asarray(t)), pairs.x, pairs.T))
    else:
        expected = _expected_if_alive(params, np.asarray(t, dtype=np.float64), x_, T_)
    return np.asarray(expected * bgnbd_p_alive(params, x_, t_x_, T_), dtype=np.float64)


def _expected_if_alive(params: BgNbdParams, t: float | FloatArray, x: FloatArray, T: FloatArray) -> FloatArray:
    """Eq. 10 without its P(alive) factor: a function of x and T only, so it is computed once per
    distinct (x, T) pair (whole days: tens of thousands of pairs for a million customers), not
    once per customer (the hypergeometric function is the costliest part of scoring)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    z = t / (alpha + T + t)
    hyper = hyp2f1(r + x, b + x, a + b + x - 1, z)
    bracket = 1.0 - np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t))) * hyper
    return np.asarray((a + b + x - 1) / (a - 1) * bracket, dtype=np.float64)


class _DistinctPairs:
    """The distinct (x, T) pairs of the customers, and how to spread a value per pair back to them."""

    def __init__(self, x: FloatArray, T: FloatArray) -> None:
        self._inverse, first = _distinct_rows(x, T)
        self.x, self.T = x[first], T[first]

    def spread(self, per_pair: FloatArray) -> FloatArray:
        return per_pair[self._inverse]


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
    # Terms in x alone once per distinct x; per buyer only ln(x·m + γ) changes between evaluations.
    x_values, x_index = np.unique(xu, return_inverse=True)
    weight_per_x = np.bincount(x_index, weights=weights, minlength=x_values.size)
    log_x_values = np.log(x_values)
    log_m = np.log(mu)
    weighted_x = weights * xu
    spent = xu * mu
    constant_p = float(np.dot(weighted_x, log_m))  # Σ w·x·ln m
    sum_log_m = float(np.dot(weights, log_m))

    def negative_and_gradient(log_params: FloatArray) -> tuple[float, FloatArray]:
        p, q, g = np.exp(log_params)
        px = p * x_values
        log_spent = np.log(spent + g)
        per_x = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + px * log_x_values
        value = float(np.dot(per_x, weight_per_x) + p * constant_p - sum_log_m
                      - np.dot(p * weighted_x + q * weights, log_spent))
        if not np.isfinite(value):
            return 1e100, np.zeros(3)
        psi_pxq = digamma(px + q)
        d_p = (np.dot(weight_per_x, x_values * (psi_pxq - digamma(px) + log_x_values)) + constant_p
               - np.dot(weighted_x, log_spent))
        d_q = np.dot(weight_per_x, psi_pxq - digamma(q) + np.log(g)) - np.dot(weights, log_spent)
        d_g = total * q / g - np.dot(p * weighted_x + q * weights, 1.0 / (spent + g))
        return -value / total, -np.array([d_p * p, d_q * q, d_g * g]) / total

    # gamma is a money scale: start it at the data's own (the median spend), whatever the currency unit.
    first = initial or GammaGammaParams(1.0, 1.0, float(np.median(m_)))
    start = np.log([first.p, first.q, first.gamma])
    result = _minimise(negative_and_gradient, start)
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
    x_, t_x_, T_ = _arrays(x, t_x, T)
    pairs = _DistinctPairs(x_, T_)
    per_pair = np.zeros_like(pairs.x)
    previous = np.zeros_like(pairs.x)
    for month in range(1, months + 1):
        expected = _expected_if_alive(bgnbd, month * periods_per_month, pairs.x, pairs.T)
        per_pair += (expected - previous) / (1.0 + monthly_discount) ** month
        previous = expected
    total = pairs.spread(per_pair) * bgnbd_p_alive(bgnbd, x_, t_x_, T_)
    return np.asarray(total * spend, dtype=np.float64)
