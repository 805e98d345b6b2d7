"""Progress in a rolling window, on both databases: what leaves the window and when, so a
member knows until when `needed` holds (`next.by`) and how it grows after (`next.leaving`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.tiers import service as tiers
from tests.factories.members import make_member
from tests.factories.tiers import freeze, make_levels, progress_of, record, set_policy

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
MICROSECOND = timedelta(microseconds=1)

# Per measure: the position of its figure in (points, amount_minor, purchases), and the
# thresholds of silver and gold in it.
MEASURES = {"points_earned": (0, 200, 400), "amount_spent": (1, 20000, 40000), "purchase_count": (2, 10, 20)}


def _day(days: int) -> datetime:
    return NOW + timedelta(days=days)


def _history(database: Database, program: Program, member_id: int) -> None:
    """(points, amount, purchases) on days before NOW; refunds dated like their purchase."""
    def add(days: int, points: int, amount: int, purchases: int, source: str) -> None:
        record(database, program, member_id, points=points, amount_minor=amount, purchases=purchases,
               occurred_at=_day(days), source=source)

    add(-400, 70, 7000, 1, "purchase:1")     # before the window
    add(-300, 50, 5000, 1, "purchase:2")
    add(-300, -20, -2000, 0, "refund:1")     # partial: (30, 3000, 1) left on day -300
    add(-200, 10, 1000, 1, "purchase:3")     # two purchases at the same moment: (25, 2500, 2)
    add(-200, 15, 1500, 1, "purchase:4")
    add(-150, 40, 4000, 1, "purchase:5")
    add(-150, -40, -4000, -1, "refund:2")    # whole: nothing left on day -150
    add(-100, 60, 6000, 1, "purchase:6")
    add(-10, 5, 500, 1, "purchase:7")


def _member_with_history(database: Database, program: Program, measure: str) -> int:
    _, silver, gold = MEASURES[measure]
    make_levels(database, program, levels=(("basic", 0, 0, "1"), ("silver", 1, silver, "1.1"),
                                           ("gold", 2, gold, "1.2")))
    set_policy(database, program, measure=measure, window={"kind": "rolling", "days": 365})
    member = make_member(database, program)
    freeze(NOW)
    _history(database, program, member.id)
    return member.id


def _next(database: Database, program: Program, member_id: int) -> dict[str, Any]:
    progress = progress_of(database, program, member_id)
    assert progress.next is not None
    return {"value": progress.value, **progress.next.model_dump(mode="json", exclude={"tier", "threshold"})}


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("measure", list(MEASURES))
def test_rolling_progress_says_what_leaves_the_window_and_when_in_every_measure(
        database: Database, program: Program, measure: str) -> None:
    member_id = _member_with_history(database, program, measure)
    position, silver, _ = MEASURES[measure]

    seen = _next(database, program, member_id)                                      # when

    def figure(*each: int) -> int:
        return each[position]

    value = figure(120, 12000, 5)
    assert seen == {                                                                # then
        "value": value, "needed": silver - value, "by": _iso(_day(-300) + YEAR),
        "leaving": [{"at": _iso(_day(-300) + YEAR), "value": figure(30, 3000, 1)},
                    {"at": _iso(_day(-200) + YEAR), "value": figure(25, 2500, 2)},
                    {"at": _iso(_day(-100) + YEAR), "value": figure(60, 6000, 1)},
                    {"at": _iso(_day(-10) + YEAR), "value": figure(5, 500, 1)}],
    }


@pytest.mark.parametrize("measure", list(MEASURES))
def test_what_leaving_announces_is_what_happens(database: Database, program: Program, measure: str) -> None:
    member_id = _member_with_history(database, program, measure)
    before = _next(database, program, member_id)
    first = before["leaving"][0]

    freeze(datetime.fromisoformat(first["at"]))
    at_the_last_moment = _next(database, program, member_id)
    freeze(datetime.fromisoformat(first["at"]) + MICROSECOND)
    just_after = _next(database, program, member_id)

    assert at_the_last_moment == before
    assert just_after == {"value": before["value"] - first["value"], "needed": before["needed"] + first["value"],
                          "by": before["leaving"][1]["at"], "leaving": before["leaving"][1:]}


def test_only_the_next_five_drops_are_listed(database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("basic", 0, 0, "1"), ("silver", 1, 1000, "1.1")))
    set_policy(database, program, measure="points_earned", window={"kind": "rolling", "days": 30})
    member = make_member(database, program)
    freeze(NOW)
    for days_ago in range(7, 0, -1):
        record(database, program, member.id, points=days_ago, purchases=1, occurred_at=_day(-days_ago),
               source=f"purchase:{days_ago}")

    seen = _next(database, program, member.id)

    assert seen == {"value": 28, "needed": 972, "by": _iso(_day(-7 + 30)),
                    "leaving": [{"at": _iso(_day(-days_ago + 30)), "value": days_ago} for days_ago in (7, 6, 5, 4, 3)]}


def test_without_activity_in_the_window_nothing_leaves_and_there_is_no_by(database: Database,
                                                                          program: Program) -> None:
    member_id = _member_with_history(database, program, "points_earned")
    freeze(NOW + YEAR)  # the last purchase, on day -10, left on day 355

    assert _next(database, program, member_id) == {"value": 0, "needed": 200, "by": None, "leaving": []}


def test_a_calendar_year_keeps_its_end_as_by_and_lists_nothing_leaving(database: Database,
                                                                       program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(NOW)
    record(database, program, member.id, points=40, purchases=1, occurred_at=_day(-100))

    assert _next(database, program, member.id) == {
        "value": 40, "needed": 60, "by": "2026-12-31T23:00:00Z", "leaving": []}  # Warsaw's new year, in UTC


def test_keep_in_a_rolling_window_already_counts_only_what_the_review_will_see(
        database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("basic", 0, 0, "1"), ("silver", 1, 100, "1.1"),
                                           ("gold", 2, 500, "1.2")))
    set_policy(database, program, measure="points_earned", window={"kind": "rolling", "days": 365})
    member = make_member(database, program)
    freeze(NOW)
    record(database, program, member.id, points=80, purchases=1, occurred_at=_day(-300), source="purchase:1")
    record(database, program, member.id, points=30, purchases=1, source="purchase:2")   # silver, review on day 365

    progress = progress_of(database, program, member.id)

    assert progress.keep is not None and progress.next is not None
    assert (progress.keep.by, progress.keep.value, progress.keep.needed) == (_day(365), 30, 70)
    assert (progress.value, progress.next.needed, progress.next.by) == (110, 390, _day(-300) + YEAR)
    assert [(drop.at, drop.value) for drop in progress.next.leaving] == [(_day(-300) + YEAR, 80), (_day(365), 30)]


@contextmanager
def _statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", remember)


def test_progress_reads_as_many_statements_for_a_long_history_as_for_a_short_one(
        database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("basic", 0, 0, "1"), ("silver", 1, 100000, "1.1")))
    set_policy(database, program, measure="amount_spent", window={"kind": "rolling", "days": 365})
    short, long = make_member(database, program), make_member(database, program)
    freeze(NOW)
    for days_ago in range(1, 4):
        record(database, program, short.id, amount_minor=100, purchases=1, occurred_at=_day(-days_ago))
    for days_ago in range(1, 61):
        record(database, program, long.id, amount_minor=100, purchases=1, occurred_at=_day(-days_ago))

    counted: dict[int, list[str]] = {}
    for member in (short, long):
        with unit_of_work(database, read_only=True) as session, _statements(session) as seen:
            found = tiers.progress(session=session, program=program, member_id=member.id, now=NOW)
        assert found.next is not None and len(found.next.leaving) == min(5, 3 if member is short else 60)
        counted[member.id] = [statement for statement in seen if "tier_activity" in statement]

    assert len(counted[short.id]) == len(counted[long.id]) == 1
    assert "GROUP BY" in counted[long.id][0] and "LIMIT" in counted[long.id][0]
