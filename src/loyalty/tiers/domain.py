"""Pure tier logic: windows, review dates, which level a measure earns, and what a change of
activity or a scheduled review does to a member's tier.

No database here: the service feeds plain values and persists what these return.

Windows are half-open, `[start, end)`. The current window ends nowhere (activity recorded now
counts); a review looks at the window that ends at its review date, so a job that runs late
judges exactly what it would have judged on time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

MEASURES = ("points_earned", "amount_spent", "purchase_count")
WINDOW_KINDS = ("rolling", "calendar_year")

# Reasons a member's tier changes (the `reason` of `tier.changed`).
UPGRADE = "upgrade"
DOWNGRADE = "downgrade"
MANUAL = "manual"
GRACE_STARTED = "grace_started"
# Back above the threshold while in grace: the grace ends, the tier is kept.
REQUALIFIED = "requalified"
# A refund within the return window took back an upgrade it had paid for.
REVERSED = "reversed"
# A review that keeps the tier writes `tier.kept`, not `tier.changed`.
KEPT = "kept"

_JUST_BEFORE = timedelta(microseconds=1)


@dataclass(frozen=True)
class Level:
    id: int
    code: str
    rank: int
    threshold: int


@dataclass(frozen=True)
class Policy:
    measure: str = "points_earned"
    window_kind: str = "calendar_year"
    window_days: int | None = None
    review_every_days: int | None = None
    grace_days: int = 0
    one_level_at_a_time: bool = True

    @property
    def review_period_days(self) -> int:
        """Rolling windows only: days between reviews (the window's length unless set)."""
        days = self.review_every_days or self.window_days
        assert days is not None, "a rolling policy has window_days"
        return days


@dataclass(frozen=True)
class Activity:
    """One row of qualifying activity, or a sum of rows."""

    points: int = 0
    amount_minor: int = 0
    purchases: int = 0

    def measured(self, measure: str) -> int:
        if measure == "points_earned":
            return self.points
        if measure == "amount_spent":
            return self.amount_minor
        if measure == "purchase_count":
            return self.purchases
        raise ValueError(f"unknown tier measure {measure!r}")


@dataclass(frozen=True)
class MemberState:
    """Where a member stands; a member with no stored row is at the base level with no review."""

    tier: Level
    since: datetime | None = None
    review_at: datetime | None = None
    grace_until: datetime | None = None
    manually_assigned: bool = False
    provisional_until: datetime | None = None
    previous_tier_id: int | None = None

    def is_provisional(self, now: datetime) -> bool:
        return self.provisional_until is not None and now < self.provisional_until


@dataclass(frozen=True)
class Change:
    """A new state and why; `reason` is one of the constants above."""

    reason: str
    state: MemberState
    from_tier: Level


# --- windows and dates ----------------------------------------------------------------------


def _year_start(at: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    local = at.astimezone(zone)
    return datetime(local.year, 1, 1, tzinfo=zone).astimezone(UTC)


def _next_year_start(at: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    local = at.astimezone(zone)
    return datetime(local.year + 1, 1, 1, tzinfo=zone).astimezone(UTC)


def current_window(policy: Policy, now: datetime, timezone: str) -> tuple[datetime, datetime | None]:
    """The window progress is measured in now: `[start, end)`; `end` is the calendar year's end,
    or None for a rolling window (it moves with time)."""
    if policy.window_kind == "calendar_year":
        return _year_start(now, timezone), _next_year_start(now, timezone)
    assert policy.window_days is not None
    return now - timedelta(days=policy.window_days), None


def review_window(policy: Policy, review_at: datetime, timezone: str) -> tuple[datetime, datetime]:
    """The window a review at `review_at` judges, `[start, review_at)`: the calendar year that
    ends there (or, for a grace period ending mid-year, that year so far), or the last N days."""
    if policy.window_kind == "calendar_year":
        return _year_start(review_at - _JUST_BEFORE, timezone), review_at
    assert policy.window_days is not None
    return review_at - timedelta(days=policy.window_days), review_at


def next_review(policy: Policy, after: datetime, timezone: str) -> datetime:
    """The first review after `after`: the end of its calendar year (program timezone), or N
    days later for rolling windows."""
    if policy.window_kind == "calendar_year":
        return _next_year_start(after, timezone)
    return after + timedelta(days=policy.review_period_days)


# --- levels ---------------------------------------------------------------------------------


def sorted_levels(levels: Sequence[Level]) -> list[Level]:
    return sorted(levels, key=lambda level: level.rank)


def level_for(levels: Sequence[Level], value: int) -> Level:
    """The highest level whose threshold `value` reaches (the base level at least)."""
    ordered = sorted_levels(levels)
    reached = ordered[0]
    for level in ordered:
        if value >= level.threshold:
            reached = level
    return reached


def next_level(levels: Sequence[Level], current: Level) -> Level | None:
    higher = [level for level in sorted_levels(levels) if level.rank > current.rank]
    return higher[0] if higher else None


def level_below(levels: Sequence[Level], current: Level) -> Level:
    lower = [level for level in sorted_levels(levels) if level.rank < current.rank]
    return lower[-1] if lower else current


class LevelOrderError(ValueError):
    """Levels members could not climb in order; `field` is the input at fault (rank or threshold)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_levels(levels: Sequence[tuple[str, int, int]]) -> None:
    """Refuse a set of (code, rank, threshold) that members could not climb in order.

    The base level has rank 0 and threshold 0; every higher rank needs strictly more than the
    rank below.
    """
    ordered = sorted(levels, key=lambda level: level[1])
    if not ordered:
        return
    base_code, base_rank, base_threshold = ordered[0]
    if base_rank != 0:
        raise LevelOrderError("Create the base level (rank 0, threshold 0) first: every member starts in it.",
                              "rank")
    if base_threshold != 0:
        raise LevelOrderError(f"The base level '{base_code}' (rank 0) must have threshold 0.", "threshold")
    for (lower_code, _, lower_threshold), (code, rank, threshold) in zip(ordered, ordered[1:], strict=False):
        if threshold <= lower_threshold:
            raise LevelOrderError(f"Level '{code}' (rank {rank}) needs a threshold above {lower_threshold}, "
                                  f"the threshold of '{lower_code}' below it.", "threshold")


# --- what activity and reviews do -----------------------------------------------------------


def on_activity(state: MemberState, levels: Sequence[Level], *, value: int, increased: bool, now: datetime,
                policy: Policy, timezone: str, return_window_days: int) -> Change | None:
    """What qualifying activity does at once, given the measure `value` in the current window
    after it.

    More activity upgrades as far as the value reaches (several levels at once), or ends a
    grace period when the value is back at the tier's threshold. Less activity (a refund)
    never downgrades, with one exception: an upgrade is provisional during the program's
    return window, and a refund in that window that leaves the value short takes it back,
    though never below the level held before the upgrade. After that, refunds only reverse
    progress and the scheduled review decides.
    """
    current = state.tier
    if increased:
        target = level_for(levels, value)
        if target.rank > current.rank:
            provisional = return_window_days > 0
            if state.is_provisional(now):
                previous = state.previous_tier_id
            else:
                previous = current.id if provisional else None
            return Change(UPGRADE, MemberState(
                tier=target, since=now, review_at=next_review(policy, now, timezone), grace_until=None,
                manually_assigned=False,
                provisional_until=now + timedelta(days=return_window_days) if provisional else None,
                previous_tier_id=previous,
            ), current)
        if state.grace_until is not None and value >= current.threshold:
            return Change(REQUALIFIED, replace(state, grace_until=None, review_at=next_review(policy, now, timezone)),
                          current)
        return None
    if not state.is_provisional(now) or value >= current.threshold:
        return None
    by_id = {level.id: level for level in levels}
    floor = by_id.get(state.previous_tier_id or -1, sorted_levels(levels)[0])
    target = level_for(levels, value)
    if target.rank < floor.rank:
        target = floor
    if target.rank >= current.rank:
        return None
    still_above_floor = target.rank > floor.rank
    return Change(REVERSED, MemberState(
        tier=target, since=now, review_at=next_review(policy, now, timezone) if target.rank > 0 else None,
        grace_until=None, manually_assigned=False,
        provisional_until=state.provisional_until if still_above_floor else None,
        previous_tier_id=state.previous_tier_id if still_above_floor else None,
    ), current)


def on_review(state: MemberState, levels: Sequence[Level], *, value: int, now: datetime, policy: Policy,
              timezone: str) -> Change:
    """The scheduled review of a member whose `review_at` has come; `value` is the measure in
    the window ending at `review_at`.

    - value at the tier's threshold: kept (or requalified at the end of a grace period), next
      review one period later;
    - short, with a grace period configured and not yet in grace: grace starts, and the
      review comes back when it ends;
    - otherwise: down to the level the value reaches, but only one level if so configured.
    Review dates follow the schedule, not the job: a late run reviews what was due.
    """
    assert state.review_at is not None, "only members with a review date are reviewed"
    current = state.tier
    review_at = state.review_at
    if value >= current.threshold:
        reason = REQUALIFIED if state.grace_until is not None else KEPT
        return Change(reason, replace(state, grace_until=None, review_at=next_review(policy, review_at, timezone)),
                      current)
    if policy.grace_days > 0 and state.grace_until is None:
        grace_until = review_at + timedelta(days=policy.grace_days)
        return Change(GRACE_STARTED, replace(state, grace_until=grace_until, review_at=grace_until), current)
    target = level_for(levels, value)
    if policy.one_level_at_a_time:
        below = level_below(levels, current)
        if target.rank < below.rank:
            target = below
    return Change(DOWNGRADE, MemberState(
        tier=target, since=now,
        review_at=next_review(policy, review_at, timezone) if target.rank > 0 else None,
        grace_until=None, manually_assigned=False, provisional_until=None, previous_tier_id=None,
    ), current)


def assigned(state: MemberState, target: Level, *, now: datetime, review_at: datetime | None, policy: Policy,
             timezone: str) -> Change:
    """A manual assignment: the level from now, reviewed at `review_at` or on the usual schedule."""
    if target.rank == 0:
        review = None
    else:
        review = review_at if review_at is not None else next_review(policy, now, timezone)
    return Change(MANUAL, MemberState(tier=target, since=now, review_at=review, grace_until=None,
                                      manually_assigned=True, provisional_until=None, previous_tier_id=None),
                  state.tier)
