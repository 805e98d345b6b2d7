"""The holdout statistics against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from loyalty.campaigns.measurement import Sample, difference_of_means, incremental_total, roi, z_value


def test_a_sample_summed_gives_the_mean_and_the_unbiased_variance() -> None:
    sample = Sample.of([0, 100, 200, 300])
    assert (sample.count, sample.total, sample.total_of_squares) == (4, 600, 140_000)
    assert sample.mean == 150
    assert sample.variance == pytest.approx(50_000 / 3)  # (150² + 50² + 50² + 150²) / 3


def test_welchs_interval_for_two_small_groups_worked_by_hand() -> None:
    # target: mean 150, s² = 16,666.67, n 4; control [0, 0, 100]: mean 33.33, s² = 3,333.33, n 3
    # SE = sqrt(16,666.67/4 + 3,333.33/3) = sqrt(4,166.67 + 1,111.11) = sqrt(5,277.78) = 72.648
    interval = difference_of_means(Sample.of([0, 100, 200, 300]), Sample.of([0, 0, 100]))
    assert interval is not None
    assert interval.estimate == pytest.approx(116.6667, abs=1e-4)
    assert interval.standard_error == pytest.approx(72.6483, abs=1e-4)
    assert interval.low == pytest.approx(116.6667 - 1.959964 * 72.6483, abs=1e-3)  # -25.72
    assert interval.high == pytest.approx(116.6667 + 1.959964 * 72.6483, abs=1e-3)  # 259.06
    assert not interval.excludes_zero


def test_a_clear_difference_excludes_zero() -> None:
    interval = difference_of_means(Sample.of([100, 110, 90, 105, 95]), Sample.of([0, 10, 5, 0, 5]))
    assert interval is not None and interval.excludes_zero and interval.low > 0


def test_a_rate_is_a_mean_of_ones_and_zeros() -> None:
    assert Sample.proportion(3, 10) == Sample.of([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    # p_t = 0.3, p_c = 0.1: SE = sqrt(0.3·0.7·10/9/10 + 0.1·0.9·10/9/10) = sqrt(0.0333...) = 0.18257
    interval = difference_of_means(Sample.proportion(3, 10), Sample.proportion(1, 10))
    assert interval is not None
    assert interval.estimate == pytest.approx(0.2)
    assert interval.standard_error == pytest.approx(math.sqrt(0.21 / 9 + 0.09 / 9))


def test_no_interval_without_two_members_in_each_group() -> None:
    assert difference_of_means(Sample.of([5]), Sample.of([1, 2])) is None
    assert difference_of_means(Sample.of([]), Sample.of([1, 2])) is None


def test_the_confidence_sets_the_normal_quantile() -> None:
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.90) == pytest.approx(1.644854, abs=1e-6)
    with pytest.raises(ValueError):
        z_value(1.0)


def test_return_on_cost() -> None:
    assert incremental_total(875.0, 4) == 3500
    assert roi(3500, 200) == pytest.approx(16.5)
    assert roi(100, 200) == pytest.approx(-0.5)
    assert roi(100, 0) is None
