"""The scans' pure rules: a member's rhythm, when silence means lapsed, which days celebrate."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

# The rhythm is read from the latest purchases only, so a member who changed pace is judged by
# the new pace; three purchases (two gaps) are the least that says anything about a rhythm.
RHYTHM_WINDOW = 13
MIN_PURCHASES_FOR_RHYTHM = 3


@dataclass(frozen=True)
class Rhythm:
    purchase_count: int
    last_purchase_at: datetime
    typical_gap: timedelta | None  # None: too few purchases, the program's default gap applies


def rhythm(purchased_at: Sequence[datetime]) -> Rhythm | None:
    """The rhythm of a member's purchases (any order; only the latest RHYTHM_WINDOW count):
    the median gap between consecutive ones. None without purchases."""
    latest = sorted(purchased_at)[-RHYTHM_WINDOW:]
    if not latest:
        return None
    gap = None
    if len(latest) >= MIN_PURCHASES_FOR_RHYTHM:
        gaps = [(later - earlier).total_seconds() for earlier, later in zip(latest, latest[1:], strict=False)]
        gap = timedelta(seconds=round(statistics.median(gaps)))
    return Rhythm(purchase_count=len(latest), last_purchase_at=latest[-1], typical_gap=gap)


def lapse_threshold(typical_gap: timedelta | None, *, default_gap: timedelta, factor: Decimal) -> timedelta:
    """How long a silence must last before the member counts as lapsed."""
    return (typical_gap or default_gap) * float(factor)


def is_lapsed(member_rhythm: Rhythm, *, now: datetime, default_gap: timedelta, factor: Decimal) -> bool:
    """A silence longer than `factor` times the member's own typical gap (the scan's SQL says the same)."""
    return now - member_rhythm.last_purchase_at > lapse_threshold(member_rhythm.typical_gap, default_gap=default_gap,
                                                                  factor=factor)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_month_days(on: date) -> list[str]:
    """The `birth_month_day` values celebrated on `on`: Feb 29 birthdays count on Feb 28 in
    common years (as `rules.domain.birthday_month_days` for the birthday awards)."""
    days = [on.strftime("%m-%d")]
    if (on.month, on.day) == (2, 28) and not is_leap(on.year):
        days.append("02-29")
    return days


@dataclass(frozen=True)
class Anniversary:
    enrolled_on: date  # the local day of enrolment
    years: int


def anniversaries(on: date, *, first_year: int) -> list[Anniversary]:
    """The enrolment days whose anniversary falls on `on`, one per past year from `first_year`
    (Feb 29 enrolments count on Feb 28 in common years)."""
    found = []
    for year in range(first_year, on.year):
        for month, day in [(on.month, on.day)] + ([(2, 29)] if (on.month, on.day) == (2, 28)
                                                   and not is_leap(on.year) else []):
            if (month, day) == (2, 29) and not is_leap(year):
                continue
            found.append(Anniversary(enrolled_on=date(year, month, day), years=on.year - year))
    return found


def local_day(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC instants where `day` begins and the next day begins in `timezone`."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    return start, end
