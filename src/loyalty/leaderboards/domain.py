"""Leaderboard rules with no database: which period an event falls in, what an event adds to a
measure, and how a member is named in public.

A measure is a table from event type to the score it adds (negative for a refund or a
reversal). A board ranked by a challenge's progress (`measure="challenge"`) has no entry here:
it counts no events, its standings are read from the challenge's participants (service.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

POINTS_UNIT = "points"
PERIODS = ("week", "month", "season")
SCOPES = ("program", "store", "segment")


def _points_earned(payload: Mapping[str, Any]) -> int:
    return int(payload.get("pending", {}).get(POINTS_UNIT, 0)) + int(payload.get("available", {}).get(POINTS_UNIT, 0))


def _points_reversed(payload: Mapping[str, Any]) -> int:
    return -int(payload.get("points", {}).get(POINTS_UNIT, 0))


MEASURES: dict[str, dict[str, Callable[[Mapping[str, Any]], int]]] = {
    # Points earned in the period (pending ones too: the member sees them at once), less reversals.
    "points": {"points.earned": _points_earned, "points.reversed": _points_reversed},
    # Receipts in the period: recorded for the member, or claimed by them later.
    "purchases": {"purchase.recorded": lambda _payload: 1, "purchase.claimed": lambda _payload: 1},
    # Money spent (minor units), less refunds.
    "spend": {"purchase.recorded": lambda payload: int(payload.get("total", 0)),
              "purchase.refunded": lambda payload: -int(payload.get("amount", 0))},
}
COUNTED_TYPES = frozenset(event_type for table in MEASURES.values() for event_type in table)


def delta(measure: str, event_type: str, payload: Mapping[str, Any]) -> int:
    """What the event adds to a board of `measure` (0: nothing)."""
    compute = MEASURES.get(measure, {}).get(event_type)
    return compute(payload) if compute is not None else 0


@dataclass(frozen=True)
class Period:
    kind: str  # week | month | season
    starts_on: date | None = None
    ends_on: date | None = None


def period_start(period: Period, day: date) -> date | None:
    """The first day of the period holding `day` (the program's local date); None when a season
    does not hold it."""
    if period.kind == "week":
        return day - timedelta(days=day.weekday())
    if period.kind == "month":
        return day.replace(day=1)
    if period.starts_on is None or period.ends_on is None or not period.starts_on <= day <= period.ends_on:
        return None
    return period.starts_on


def period_end(period: Period, start: date) -> date:
    """The last day of the period starting on `start`."""
    if period.kind == "week":
        return min(start, date.max - timedelta(days=6)) + timedelta(days=6)
    if period.kind == "month":
        if start.year == date.max.year and start.month == 12:
            return date.max
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return period.ends_on or start


def public_name(*, pseudonym: str, display_name: str | None, shows_name: bool) -> str:
    """The member's name on boards and winner lists: their chosen display name, or a pseudonym."""
    if shows_name and display_name:
        return display_name
    return f"Member #{pseudonym}"


def ranks(scores: list[int], *, first_position: int, first_rank: int) -> list[int]:
    """Competition ranks (1, 2, 2, 4) for a page of scores in descending order: the page's first
    item stands at `first_position` and ranks `first_rank` (one more than the members above it)."""
    found: list[int] = []
    for index, score in enumerate(scores):
        if index == 0:
            found.append(first_rank)
        else:
            found.append(found[-1] if score == scores[index - 1] else first_position + index)
    return found
