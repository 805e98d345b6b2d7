"""The scans' pure rules: a member's rhythm, lapsing against it, and the days that celebrate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from loyalty.lifecycle import domain

DAY = timedelta(days=1)


def at(day: int) -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC) + day * DAY


def test_the_typical_gap_is_the_median_gap_of_the_latest_purchases() -> None:
    found = domain.rhythm([at(60), at(0), at(30), at(31), at(90)])  # any order; gaps 30, 1, 29, 30
    assert found == domain.Rhythm(purchase_count=5, last_purchase_at=at(90), typical_gap=timedelta(days=29.5))
    # Only the latest 13 count: an old slow pace is forgotten.
    old = [at(-1000 + 200 * n) for n in range(3)]
    recent = [at(7 * n) for n in range(13)]
    assert domain.rhythm(old + recent) == domain.Rhythm(purchase_count=13, last_purchase_at=at(84),
                                                        typical_gap=7 * DAY)


def test_fewer_than_three_purchases_have_no_rhythm_of_their_own() -> None:
    assert domain.rhythm([]) is None
    assert domain.rhythm([at(0), at(10)]) == domain.Rhythm(purchase_count=2, last_purchase_at=at(10),
                                                           typical_gap=None)


def test_a_member_lapses_against_their_own_gap_or_the_default() -> None:
    monthly = domain.rhythm([at(0), at(30), at(60)])
    twice_a_year = domain.rhythm([at(0), at(182), at(364)])
    assert monthly is not None and twice_a_year is not None
    def lapsed(rhythm: domain.Rhythm, silent_days: int) -> bool:
        return domain.is_lapsed(rhythm, now=rhythm.last_purchase_at + silent_days * DAY, default_gap=90 * DAY,
                                factor=Decimal("2"))
    assert (lapsed(monthly, 60), lapsed(monthly, 61)) == (False, True)
    assert (lapsed(twice_a_year, 200), lapsed(twice_a_year, 365)) == (False, True)
    once = domain.rhythm([at(0)])
    assert once is not None and (lapsed(once, 180), lapsed(once, 181)) == (False, True)


def test_anniversaries_and_leap_days() -> None:
    assert domain.anniversaries(date(2026, 6, 15), first_year=2024) == [
        domain.Anniversary(enrolled_on=date(2024, 6, 15), years=2),
        domain.Anniversary(enrolled_on=date(2025, 6, 15), years=1)]
    assert domain.anniversaries(date(2027, 2, 28), first_year=2024) == [
        domain.Anniversary(enrolled_on=date(2024, 2, 28), years=3),
        domain.Anniversary(enrolled_on=date(2024, 2, 29), years=3),
        domain.Anniversary(enrolled_on=date(2025, 2, 28), years=2),
        domain.Anniversary(enrolled_on=date(2026, 2, 28), years=1)]
    assert domain.birthday_month_days(date(2027, 2, 28)) == ["02-28", "02-29"]
    assert domain.birthday_month_days(date(2028, 2, 28)) == ["02-28"]


def test_a_local_day_in_utc() -> None:
    assert domain.local_day(date(2026, 3, 3), "Europe/Warsaw") == (
        datetime(2026, 3, 2, 23, tzinfo=UTC), datetime(2026, 3, 3, 23, tzinfo=UTC))
