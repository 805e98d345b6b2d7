"""What a badge or a challenge measures, from a member's activity: pure, no database.

A measure counts what passes the badge's or challenge's condition (a condition tree over one
purchase, with its lines, or over one custom event), inside a window:

- `purchase_count`: purchases not refunded in full;
- `spend`: their totals less what was refunded, in minor units;
- `distinct_categories`: categories of lines of those purchases (badges);
- `new_categories`: categories bought in the window that the member never bought before it
  (challenges: "try two new categories");
- `week_streak`: the longest run of consecutive ISO weeks (in the program's time zone) with a
  purchase (badges);
- `event_count`: custom events (`custom_event.received`) of `event_type`, or the member's own
  actions named by their event type (`survey.answered`, `review.submitted`, `review.approved`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from loyalty.kernel import clock, conditions
from loyalty.kernel.conditions import LIST, NUMBER, STRING, FieldCatalog, FieldSpec

BADGE_MEASURES = ("purchase_count", "spend", "distinct_categories", "week_streak", "event_count")
CHALLENGE_MEASURES = ("purchase_count", "spend", "new_categories", "event_count")
PURCHASE_MEASURES = ("purchase_count", "spend", "distinct_categories", "new_categories", "week_streak")
CHANNELS = ("pos", "online", "partner")

PURCHASE_CATALOG = FieldCatalog(
    {
        "purchase.total": FieldSpec(NUMBER, "receipt total in minor units, less refunds"),
        "purchase.channel": FieldSpec(STRING, "where it was bought", choices=CHANNELS),
        "purchase.store": FieldSpec(STRING, "the store code"),
        "purchase.categories": FieldSpec(LIST, "the categories of its lines"),
    },
    (),
    {
        "line.sku": FieldSpec(STRING, "the product code"),
        "line.category": FieldSpec(STRING, "the product category"),
        "line.amount": FieldSpec(NUMBER, "the line's amount in minor units"),
    },
)
EVENT_PREFIX = "event.payload."
EVENT_CATALOG = FieldCatalog({"event.type": FieldSpec(STRING, "the custom event's type")}, (EVENT_PREFIX,))


def catalog_for(measure: str) -> FieldCatalog:
    return EVENT_CATALOG if measure == "event_count" else PURCHASE_CATALOG


@dataclass(frozen=True)
class LineFact:
    sku: str
    category: str | None
    amount: int


@dataclass(frozen=True)
class PurchaseFact:
    id: int
    occurred_at: datetime
    channel: str
    store: str | None
    total: int  # less refunds
    is_refunded: bool  # refunded in full
    lines: tuple[LineFact, ...]

    def facts(self) -> dict[str, Any]:
        return {"purchase.total": self.total, "purchase.channel": self.channel, "purchase.store": self.store,
                "purchase.categories": sorted({line.category for line in self.lines if line.category}),
                "lines": [{"line.sku": line.sku, "line.category": line.category, "line.amount": line.amount}
                          for line in self.lines]}


@dataclass(frozen=True)
class EventFact:
    occurred_at: datetime
    type: str  # the integrator's custom type (review_submitted)
    payload: Mapping[str, Any]

    def facts(self) -> dict[str, Any]:
        found: dict[str, Any] = {"event.type": self.type}
        _flatten(self.payload, EVENT_PREFIX, found, depth=0)
        return found


def _flatten(value: Mapping[str, Any], prefix: str, out: dict[str, Any], depth: int) -> None:
    for key, item in value.items():
        if isinstance(item, Mapping) and depth < 4:
            _flatten(item, f"{prefix}{key}.", out, depth + 1)
        else:
            out[f"{prefix}{key}"] = item


@dataclass(frozen=True)
class Activity:
    """A member's purchases and custom events, oldest first."""

    purchases: Sequence[PurchaseFact]
    events: Sequence[EventFact] = ()


@dataclass(frozen=True)
class Window:
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def holds(self, moment: datetime) -> bool:
        moment = clock.as_utc(moment)
        return ((self.since is None or moment >= clock.as_utc(self.since))
                and (self.until is None or moment < clock.as_utc(self.until)))


@dataclass(frozen=True)
class Measure:
    measure: str
    event_type: str | None = None
    condition: Mapping[str, Any] | None = None
    channel: str | None = None


def _purchases(activity: Activity, spec: Measure, window: Window) -> list[PurchaseFact]:
    return [purchase for purchase in activity.purchases
            if not purchase.is_refunded and window.holds(purchase.occurred_at)
            and (spec.channel is None or purchase.channel == spec.channel)
            and (spec.condition is None or conditions.evaluate(spec.condition, purchase.facts()))]


def _categories(purchases: Iterable[PurchaseFact]) -> set[str]:
    return {line.category for purchase in purchases for line in purchase.lines if line.category}


def value(activity: Activity, spec: Measure, window: Window = Window(), *, timezone: str = "UTC") -> int:
    """The measure's value over the window."""
    if spec.measure == "event_count":
        return sum(1 for event in activity.events
                   if event.type == spec.event_type and window.holds(event.occurred_at)
                   and (spec.condition is None or conditions.evaluate(spec.condition, event.facts())))
    counted = _purchases(activity, spec, window)
    if spec.measure == "purchase_count":
        return len(counted)
    if spec.measure == "spend":
        return sum(purchase.total for purchase in counted)
    if spec.measure == "distinct_categories":
        return len(_categories(counted))
    if spec.measure == "new_categories":
        before = Window(until=window.since) if window.since is not None else Window(until=datetime.min)
        known = _categories(p for p in activity.purchases if not p.is_refunded and before.holds(p.occurred_at))
        return len(_categories(counted) - known)
    if spec.measure == "week_streak":
        return longest_week_streak(clock.local_date(purchase.occurred_at, timezone) for purchase in counted)
    raise ValueError(f"unknown measure {spec.measure!r}")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def longest_week_streak(days: Iterable[date]) -> int:
    """The most consecutive weeks (Monday to Sunday) each holding at least one of `days`."""
    weeks = sorted({week_start(day) for day in days})
    best = run = 0
    previous: date | None = None
    for week in weeks:
        run = run + 1 if previous is not None and week - previous == timedelta(days=7) else 1
        best = max(best, run)
        previous = week
    return best


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    threshold: int
    points: int = 0
    unit: str | None = None
    voucher_campaign_id: int | None = None


def levels_of(raw: Sequence[Mapping[str, Any]]) -> list[Level]:
    return sorted((Level(level=int(item["level"]), name=str(item["name"]), threshold=int(item["threshold"]),
                         points=int(item.get("points") or 0), unit=item.get("unit"),
                         voucher_campaign_id=item.get("voucher_campaign_id")) for item in raw),
                  key=lambda level: level.threshold)


def reached(levels: Sequence[Level], measured: int) -> list[Level]:
    """The levels a value has reached, lowest first."""
    return [level for level in levels if measured >= level.threshold]


def next_level(levels: Sequence[Level], measured: int) -> Level | None:
    return next((level for level in levels if measured < level.threshold), None)


def percent(measured: int, goal: int) -> int:
    """Progress toward a goal, 0 to 100 (whole percent, rounded down)."""
    if goal <= 0:
        return 100
    return max(0, min(100, measured * 100 // goal))
