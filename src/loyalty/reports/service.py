"""The program at a glance: members, purchases, points and rewards over a period, beside the
period before it, for the admin dashboard.

Every figure is an aggregate the database computes (reports/repository.py): a handful of
statements whatever the program's size. Days are the program's: a period of N days ends
with today (in the program's timezone) and the one before it is the N days before. Days are
cut every 24 hours from the period's first local midnight, so on a day the clocks change
an hour of activity counts on the neighbouring day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.ledger import service as ledger
from loyalty.ledger.models import EXPIRED, ISSUED, SPENT
from loyalty.programs.models import Program
from loyalty.reports import repository
from loyalty.rewards.domain import CANCELLED

PERIODS = (7, 30, 90, 365)
ACTIVE_WINDOWS = (30, 90)
TOP_REWARDS = 5


@dataclass(frozen=True)
class Series:
    """One figure per day: the period's and the period before's, day for day."""

    current: list[int]
    previous: list[int]

    @property
    def current_total(self) -> int:
        return sum(self.current)

    @property
    def previous_total(self) -> int:
        return sum(self.previous)


@dataclass(frozen=True)
class TopReward:
    reward_id: int
    name: str
    redemptions: int
    points: int


@dataclass(frozen=True)
class Dashboard:
    days: int
    unit: str
    first_day: date  # the period's first local day
    previous_first_day: date
    members_total: int
    active_members: dict[int, int]  # days -> members who bought in the last `days` days
    new_members: Series
    purchases: Series  # members' purchases
    revenue_minor: Series  # members' purchases, net of refunds
    points_issued: Series
    points_spent: Series
    points_expired: Series
    outstanding: int  # all points members hold now (the liability in points)
    liability: Decimal  # outstanding × the program's point value, in its currency
    top_rewards: list[TopReward]

    @property
    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=offset) for offset in range(self.days)]

    @property
    def previous_dates(self) -> list[date]:
        return [self.previous_first_day + timedelta(days=offset) for offset in range(self.days)]

    @staticmethod
    def average(revenue: int, purchases: int) -> int | None:
        return None if purchases == 0 else round(revenue / purchases)

    @property
    def average_receipt_minor(self) -> int | None:
        return self.average(self.revenue_minor.current_total, self.purchases.current_total)

    @property
    def previous_average_receipt_minor(self) -> int | None:
        return self.average(self.revenue_minor.previous_total, self.purchases.previous_total)


def _split(rows: dict[int, int], days: int) -> Series:
    """Day indexes 0 … 2·days−1 from the previous period's first day into the two periods."""
    values = [rows.get(index, 0) for index in range(2 * days)]
    return Series(current=values[days:], previous=values[:days])


def dashboard(*, session: Session, program: Program, days: int, now: datetime | None = None) -> Dashboard:
    """The program's figures for the `days` ending today, beside the `days` before. Read only."""
    if days not in PERIODS:
        raise Invalid(f"A period is one of {', '.join(map(str, PERIODS))} days.", field="days")
    now = now or clock.now()
    zone = ZoneInfo(program.timezone)
    today = now.astimezone(zone).date()
    first_day = today - timedelta(days=days - 1)
    previous_first_day = first_day - timedelta(days=days)
    start = datetime.combine(previous_first_day, datetime.min.time(), zone)
    end = start + timedelta(days=2 * days)
    unit = "points" if "points" in program.units else program.units[0]

    enrolled = {int(day): int(count) for day, count in
                repository.members_enrolled_by_day(session, program.id, start, end)}
    purchases: dict[int, int] = {}
    revenue: dict[int, int] = {}
    for day, count, total in repository.member_purchases_by_day(session, program.id, start, end):
        purchases[int(day)] = int(count)
        revenue[int(day)] = int(total)
    movements: dict[str, dict[int, int]] = {ISSUED: {}, SPENT: {}, EXPIRED: {}}
    for kind, day, amount in repository.program_movements_by_day(session, program.id, unit,
                                                                 (ISSUED, SPENT, EXPIRED), start, end):
        # The program's issued account mirrors what members receive, so it runs negative.
        movements[kind][int(day)] = -int(amount) if kind == ISSUED else int(amount)
    active = repository.active_members(session, program.id, [now - timedelta(days=window)
                                                             for window in ACTIVE_WINDOWS], now)
    outstanding = ledger.liability(session=session, program=program).get(unit, 0)
    top = [TopReward(reward_id=int(reward_id), name=str(name), redemptions=int(count), points=int(points))
           for reward_id, name, count, points in repository.top_rewards(
               session, program.id, start + timedelta(days=days), end, excluded_status=CANCELLED,
               limit=TOP_REWARDS)]
    return Dashboard(
        days=days, unit=unit, first_day=first_day, previous_first_day=previous_first_day,
        members_total=repository.member_count(session, program.id),
        active_members=dict(zip(ACTIVE_WINDOWS, active, strict=True)),
        new_members=_split(enrolled, days), purchases=_split(purchases, days), revenue_minor=_split(revenue, days),
        points_issued=_split(movements[ISSUED], days), points_spent=_split(movements[SPENT], days),
        points_expired=_split(movements[EXPIRED], days), outstanding=outstanding,
        liability=(Decimal(outstanding) * program.point_value).quantize(Decimal("0.01")),
        top_rewards=top,
    )
