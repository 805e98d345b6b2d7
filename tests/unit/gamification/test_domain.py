from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from loyalty.gamification import domain
from loyalty.gamification.domain import Activity, LineFact, Measure, PurchaseFact, Window

START = datetime(2026, 3, 1, tzinfo=UTC)


def _purchase(day: int, *, total: int = 1000, channel: str = "pos", categories: tuple[str, ...] = ("food",),
              refunded: bool = False) -> PurchaseFact:
    return PurchaseFact(id=day, occurred_at=START + timedelta(days=day), channel=channel, store=None,
                        total=0 if refunded else total, is_refunded=refunded,
                        lines=tuple(LineFact(sku=c, category=c, amount=total) for c in categories))


def test_the_longest_run_of_weeks_with_a_purchase() -> None:
    monday = date(2026, 3, 2)
    days = [monday, monday + timedelta(days=6), monday + timedelta(days=7), monday + timedelta(days=14),
            monday + timedelta(days=35)]
    assert domain.longest_week_streak(days) == 3
    assert domain.longest_week_streak([]) == 0


def test_refunded_purchases_and_other_channels_do_not_count() -> None:
    activity = Activity(purchases=[_purchase(1), _purchase(2, refunded=True), _purchase(3, channel="online")])
    assert domain.value(activity, Measure("purchase_count")) == 2
    assert domain.value(activity, Measure("spend", channel="online")) == 1000
    condition = {"field": "purchase.channel", "op": "eq", "value": "pos"}
    assert domain.value(activity, Measure("purchase_count", condition=condition)) == 1


def test_new_categories_are_those_never_bought_before_the_window() -> None:
    activity = Activity(purchases=[_purchase(1, categories=("bread",)), _purchase(10, categories=("bread", "wine")),
                                   _purchase(11, categories=("cheese",))])
    window = Window(since=START + timedelta(days=5), until=START + timedelta(days=30))
    assert domain.value(activity, Measure("new_categories"), window) == 2
    assert domain.value(activity, Measure("distinct_categories")) == 3


def test_levels_reached_and_the_next_one() -> None:
    levels = domain.levels_of([{"level": 1, "name": "Bronze", "threshold": 5},
                               {"level": 2, "name": "Silver", "threshold": 10}])
    assert [level.name for level in domain.reached(levels, 7)] == ["Bronze"]
    next_level = domain.next_level(levels, 7)
    assert next_level is not None and next_level.name == "Silver"
    assert domain.percent(7, 10) == 70 and domain.percent(12, 10) == 100
