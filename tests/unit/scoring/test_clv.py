"""The BG/NBD and Gamma-Gamma maths against direct, slow formulas on hand-made customers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from loyalty.scoring import clv

PARAMS = clv.BgNbdParams(r=0.5, alpha=3.0, a=0.8, b=2.5)
GG = clv.GammaGammaParams(p=6.0, q=4.0, gamma=15.0)
# (x, t_x, T): a one-off buyer, a regular, a lapsed regular, a newcomer.
CUSTOMERS = [(0, 0.0, 30.0), (5, 28.0, 30.0), (5, 6.0, 30.0), (2, 1.5, 2.0)]


def beta(a: float, b: float) -> float:
    return math.gamma(a) * math.gamma(b) / math.gamma(a + b)


def slow_likelihood(p: clv.BgNbdParams, x: int, t_x: float, T: float) -> float:
    """FHL (2005) eq. 6, as printed."""
    common = beta(p.a, p.b + x) / beta(p.a, p.b) * math.gamma(p.r + x) * p.alpha ** p.r / math.gamma(p.r)
    tail = (p.alpha + T) ** -(p.r + x)
    if x > 0:
        tail += p.a / (p.b + x - 1) * (p.alpha + t_x) ** -(p.r + x)
    return common * tail


def slow_hyp2f1(a: float, b: float, c: float, z: float) -> float:
    total, term = 0.0, 1.0
    for k in range(2000):
        total += term
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
    return total


def slow_p_alive(p: clv.BgNbdParams, x: int, t_x: float, T: float) -> float:
    if x == 0:
        return 1.0
    return 1 / (1 + p.a / (p.b + x - 1) * ((p.alpha + T) / (p.alpha + t_x)) ** (p.r + x))


def slow_expected(p: clv.BgNbdParams, t: float, x: int, t_x: float, T: float) -> float:
    """FHL (2005) eq. 10, with the hypergeometric function summed term by term."""
    hyper = slow_hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, t / (p.alpha + T + t))
    bracket = 1 - ((p.alpha + T) / (p.alpha + T + t)) ** (p.r + x) * hyper
    return (p.a + p.b + x - 1) / (p.a - 1) * bracket * slow_p_alive(p, x, t_x, T)


def columns() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, t_x, T = zip(*CUSTOMERS, strict=True)
    return np.array(x, dtype=float), np.array(t_x), np.array(T)


def test_log_likelihood_matches_the_printed_formula() -> None:
    terms = clv.bgnbd_log_likelihood_terms(PARAMS, *columns())
    expected = [math.log(slow_likelihood(PARAMS, *customer)) for customer in CUSTOMERS]
    assert terms == pytest.approx(expected, rel=1e-10)
    assert clv.bgnbd_log_likelihood(PARAMS, *columns(), weights=[2, 1, 1, 1]) == pytest.approx(
        sum(expected) + expected[0], rel=1e-10)


def test_p_alive_and_expected_purchases_match_the_printed_formulas() -> None:
    assert clv.bgnbd_p_alive(PARAMS, *columns()) == pytest.approx(
        [slow_p_alive(PARAMS, *c) for c in CUSTOMERS], rel=1e-10)
    for horizon in (1.0, 10.0, 52.0):
        assert clv.bgnbd_expected_purchases(PARAMS, horizon, *columns()) == pytest.approx(
            [slow_expected(PARAMS, horizon, *c) for c in CUSTOMERS], rel=1e-8)
    # The lapsed regular (same x, last purchase long ago) is less alive and buys less than the active one.
    p_alive = clv.bgnbd_p_alive(PARAMS, *columns())
    assert p_alive[0] == 1.0 and p_alive[2] < p_alive[1]


def test_population_expectation_is_the_conditional_one_at_birth() -> None:
    assert clv.bgnbd_population_expected(PARAMS, 20.0) == pytest.approx(
        slow_expected(PARAMS, 20.0, 0, 0.0, 0.0), rel=1e-8)


def test_gamma_gamma_likelihood_and_expected_spend() -> None:
    x, m = np.array([1.0, 3.0, 10.0]), np.array([20.0, 35.0, 12.5])

    def slow(xi: float, mi: float) -> float:
        p, q, g = GG.p, GG.q, GG.gamma
        return (math.lgamma(p * xi + q) - math.lgamma(p * xi) - math.lgamma(q) + q * math.log(g)
                + (p * xi - 1) * math.log(mi) + p * xi * math.log(xi) - (p * xi + q) * math.log(xi * mi + g))

    assert clv.gamma_gamma_log_likelihood_terms(GG, x, m) == pytest.approx(
        [slow(a, b) for a, b in zip(x, m, strict=True)], rel=1e-10)
    spend = clv.gamma_gamma_expected_spend(GG, np.array([0.0, 1.0, 10.0]), np.array([0.0, 20.0, 12.5]))
    population = GG.p * GG.gamma / (GG.q - 1)
    assert spend[0] == pytest.approx(population)
    weight = GG.p * 10 / (GG.p * 10 + GG.q - 1)  # shrinks toward the population mean less with more purchases
    assert spend[2] == pytest.approx((1 - weight) * population + weight * 12.5)


def test_clv_is_the_discounted_sum_of_monthly_purchases_times_spend() -> None:
    x, t_x, T = columns()
    m = np.array([0.0, 20.0, 20.0, 30.0])
    spend = clv.gamma_gamma_expected_spend(GG, x, m)
    undiscounted = clv.customer_lifetime_value(PARAMS, GG, x, t_x, T, m, months=3, monthly_discount=0.0,
                                               periods_per_month=4.0)
    assert undiscounted == pytest.approx(clv.bgnbd_expected_purchases(PARAMS, 12.0, x, t_x, T) * spend)
    monthly = [clv.bgnbd_expected_purchases(PARAMS, 4.0 * k, x, t_x, T) for k in range(4)]
    discounted = sum((monthly[k] - monthly[k - 1]) / 1.1 ** k for k in range(1, 4)) * spend
    assert clv.customer_lifetime_value(PARAMS, GG, x, t_x, T, m, months=3, monthly_discount=0.1,
                                       periods_per_month=4.0) == pytest.approx(discounted)


def simulate(true: clv.BgNbdParams, customers: int, T: float, seed: int) -> tuple[np.ndarray, ...]:
    """The BG/NBD story itself: Poisson buying at λ ~ Γ(r, α), dropping out after each purchase with p ~ B(a, b)."""
    rng = np.random.default_rng(seed)
    xs, last = np.zeros(customers), np.zeros(customers)
    for i in range(customers):
        rate, drop = rng.gamma(true.r, 1 / true.alpha), rng.beta(true.a, true.b)
        moment = 0.0
        while True:
            moment += rng.exponential(1 / rate)
            if moment > T:
                break
            xs[i] += 1
            last[i] = moment
            if rng.random() < drop:
                break
    return xs, last, np.full(customers, T)


def test_the_fit_recovers_the_parameters_it_was_simulated_with() -> None:
    true = clv.BgNbdParams(r=0.8, alpha=5.0, a=0.6, b=2.0)
    x, t_x, T = simulate(true, 8000, 52.0, seed=7)
    fit = clv.fit_bgnbd(x, t_x, T)
    assert fit.params.r == pytest.approx(true.r, rel=0.15)
    assert fit.params.alpha == pytest.approx(true.alpha, rel=0.2)
    assert fit.params.a == pytest.approx(true.a, rel=0.3)
    assert fit.params.b == pytest.approx(true.b, rel=0.4)
    assert fit.log_likelihood >= clv.bgnbd_log_likelihood(true, x, t_x, T)


def test_nothing_to_fit_is_said_plainly() -> None:
    with pytest.raises(clv.FitError):
        clv.fit_bgnbd([0, 0, 0], [0, 0, 0], [5, 6, 7])
    with pytest.raises(clv.FitError):
        clv.fit_gamma_gamma([0, 1], [0, 10])
