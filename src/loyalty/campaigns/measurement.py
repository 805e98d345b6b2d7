"""The statistics of a holdout test: the difference of two groups' means with its confidence
interval, and the return on what the treatment cost. Pure: numbers in, numbers out; campaigns
and journeys both feed it.

The interval is Welch's: the standard error of the difference of means is
sqrt(s_t²/n_t + s_c²/n_c), each group with its own (unbiased) variance, and the interval is
the difference ± z·SE with z from the normal distribution (1.96 for 95 %). With the group
sizes a campaign has (hundreds and more) the normal quantile and Student's t with Welch's
degrees of freedom differ in the third digit; the project has no scipy for the t quantile.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist


@dataclass(frozen=True)
class Sample:
    """A group's values summarised by what the database can sum: how many, their sum, and the
    sum of their squares (a member's revenue, or 1/0 for converted)."""

    count: int
    total: float
    total_of_squares: float

    @classmethod
    def of(cls, values: Iterable[float]) -> Sample:
        items = [float(value) for value in values]
        return cls(len(items), sum(items), sum(value * value for value in items))

    @classmethod
    def proportion(cls, successes: int, count: int) -> Sample:
        """`successes` ones among `count` values (the rest zeros): a rate as a mean."""
        return cls(count, float(successes), float(successes))

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    @property
    def variance(self) -> float:
        """The unbiased sample variance (n − 1); 0 for fewer than two values."""
        if self.count < 2:
            return 0.0
        spread = self.total_of_squares - self.total * self.total / self.count
        return max(0.0, spread / (self.count - 1))


@dataclass(frozen=True)
class Interval:
    """An estimate with its standard error and its two-sided confidence interval."""

    estimate: float
    standard_error: float
    low: float
    high: float
    confidence: float

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly on one side of zero (significant at its level)."""
        return self.low > 0 or self.high < 0


def z_value(confidence: float) -> float:
    """The two-sided normal quantile: 1.959964 for 0.95."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def difference_of_means(treated: Sample, control: Sample, *, confidence: float = 0.95) -> Interval | None:
    """treated.mean − control.mean with Welch's standard error; None when either group has fewer
    than two values (no variance, so no interval)."""
    if treated.count < 2 or control.count < 2:
        return None
    estimate = treated.mean - control.mean
    standard_error = math.sqrt(treated.variance / treated.count + control.variance / control.count)
    half_width = z_value(confidence) * standard_error
    return Interval(estimate=estimate, standard_error=standard_error, low=estimate - half_width,
                    high=estimate + half_width, confidence=confidence)


def incremental_total(uplift_per_member: float, treated_count: int) -> float:
    """What the treatment added over the whole treated group: the per-member uplift times its size."""
    return uplift_per_member * treated_count


def roi(incremental: float, cost: float) -> float | None:
    """(incremental − cost) / cost: 0.5 means every unit spent came back with half a unit more;
    None when nothing was spent."""
    if cost <= 0:
        return None
    return (incremental - cost) / cost
