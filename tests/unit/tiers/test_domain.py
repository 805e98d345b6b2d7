from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from loyalty.tiers.domain import (
    DOWNGRADE,
    GRACE_STARTED,
    KEPT,
    MANUAL,
    REQUALIFIED,
    REVERSED,
    UPGRADE,
    Activity,
    Level,
    LevelOrderError,
    MemberState,
    Policy,
    assigned,
    check_levels,
    current_window,
    level_for,
    next_review,
    on_activity,
    on_review,
    review_window,
)

TZ = "Europe/Warsaw"
BASE = Level(id=1, code="member", rank=0, threshold=0)
SILVER = Level(id=2, code="silver", rank=1, threshold=100)
GOLD = Level(id=3, code="gold", rank=2, threshold=500)
PLATINUM = Level(id=4, code="platinum", rank=3, threshold=1000)
LEVELS = [PLATINUM, BASE, GOLD, SILVER]  # order does not matter
CALENDAR = Policy(window_kind="calendar_year")
ROLLING = Policy(window_kind="rolling", window_days=365, review_every_days=180)
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


# --- windows and dates ----------------------------------------------------------------------


def test_calendar_year_window_runs_from_local_new_year_to_the_next() -> None:
    start, end = current_window(CALENDAR, NOW, TZ)
    assert start == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)  # 2026-01-01 00:00 in Warsaw
    assert end == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)


def test_first_hour_of_the_local_year_belongs_to_the_new_year() -> None:
    just_after_new_year = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert current_window(CALENDAR, just_after_new_year, TZ)[0] == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)


def test_rolling_window_is_the_last_n_days_with_no_end() -> None:
    assert current_window(ROLLING, NOW, TZ) == (NOW - timedelta(days=365), None)


def test_a_year_end_review_judges_the_year_that_just_ended() -> None:
    year_end = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert review_window(CALENDAR, year_end, TZ) == (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), year_end)


def test_a_mid_year_review_judges_that_year_so_far() -> None:
    grace_end = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    assert review_window(CALENDAR, grace_end, TZ) == (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), grace_end)


def test_rolling_review_judges_the_n_days_before_it() -> None:
    review_at = datetime(2027, 1, 1, tzinfo=UTC)
    assert review_window(ROLLING, review_at, TZ) == (review_at - timedelta(days=365), review_at)


def test_next_review_is_the_local_year_end_or_n_days_later() -> None:
    assert next_review(CALENDAR, NOW, TZ) == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert next_review(CALENDAR, datetime(2026, 12, 31, 23, 0, tzinfo=UTC), TZ) == \
        datetime(2027, 12, 31, 23, 0, tzinfo=UTC)
    assert next_review(ROLLING, NOW, TZ) == NOW + timedelta(days=180)
    assert next_review(Policy(window_kind="rolling", window_days=90), NOW, TZ) == NOW + timedelta(days=90)


def test_activity_is_measured_by_the_policy_measure() -> None:
    activity = Activity(points=120, amount_minor=4599, purchases=2)
    assert [activity.measured(m) for m in ("points_earned", "amount_spent", "purchase_count")] == [120, 4599, 2]


# --- levels ---------------------------------------------------------------------------------


def test_level_for_is_the_highest_threshold_reached() -> None:
    assert [level_for(LEVELS, value).code for value in (0, 99, 100, 499, 500, 999, 1000, 10**9)] == \
        ["member", "member", "silver", "silver", "gold", "gold", "platinum", "platinum"]
    assert level_for(LEVELS, -50) == BASE


def test_levels_must_start_at_a_zero_base_and_rise_with_rank() -> None:
    check_levels([("member", 0, 0), ("gold", 2, 500), ("silver", 1, 100)])
    with pytest.raises(LevelOrderError, match="base level") as no_base:
        check_levels([("silver", 1, 100)])
    assert no_base.value.field == "rank"
    with pytest.raises(LevelOrderError, match="threshold 0") as base_threshold:
        check_levels([("member", 0, 10)])
    assert base_threshold.value.field == "threshold"
    with pytest.raises(LevelOrderError, match="'gold' \\(rank 2\\) needs a threshold above 500"):
        check_levels([("member", 0, 0), ("silver", 1, 500), ("gold", 2, 500)])


# --- activity -------------------------------------------------------------------------------


def test_crossing_two_thresholds_upgrades_two_levels_at_once() -> None:
    change = on_activity(MemberState(tier=BASE), LEVELS, value=600, increased=True, now=NOW, policy=CALENDAR,
                         timezone=TZ, return_window_days=0)
    assert change is not None and change.reason == UPGRADE and change.from_tier == BASE
    assert change.state == MemberState(tier=GOLD, since=NOW, review_at=datetime(2026, 12, 31, 23, 0, tzinfo=UTC))


def test_activity_below_the_next_threshold_changes_nothing() -> None:
    state = MemberState(tier=SILVER, since=NOW, review_at=NOW + timedelta(days=30))
    assert on_activity(state, LEVELS, value=499, increased=True, now=NOW, policy=CALENDAR, timezone=TZ,
                       return_window_days=0) is None


def test_reaching_the_threshold_again_in_grace_ends_the_grace() -> None:
    state = MemberState(tier=GOLD, since=NOW - timedelta(days=400), review_at=NOW + timedelta(days=20),
                        grace_until=NOW + timedelta(days=20))
    change = on_activity(state, LEVELS, value=500, increased=True, now=NOW, policy=ROLLING, timezone=TZ,
                         return_window_days=0)
    assert change is not None and change.reason == REQUALIFIED
    assert change.state.tier == GOLD and change.state.grace_until is None
    assert change.state.review_at == NOW + timedelta(days=180)


def test_a_refund_never_downgrades_outside_the_return_window() -> None:
    state = MemberState(tier=GOLD, since=NOW - timedelta(days=3), review_at=NOW + timedelta(days=100))
    assert on_activity(state, LEVELS, value=0, increased=False, now=NOW, policy=CALENDAR, timezone=TZ,
                       return_window_days=14) is None


def test_an_upgrade_is_provisional_during_the_return_window() -> None:
    upgraded = on_activity(MemberState(tier=SILVER, since=NOW - timedelta(days=90)), LEVELS, value=700,
                           increased=True, now=NOW, policy=CALENDAR, timezone=TZ, return_window_days=14)
    assert upgraded is not None
    assert upgraded.state.provisional_until == NOW + timedelta(days=14)
    assert upgraded.state.previous_tier_id == SILVER.id


def test_a_refund_in_the_return_window_takes_the_upgrade_back_but_not_below_the_old_level() -> None:
    state = MemberState(tier=PLATINUM, since=NOW, review_at=NOW + timedelta(days=100),
                        provisional_until=NOW + timedelta(days=14), previous_tier_id=SILVER.id)
    later = NOW + timedelta(days=2)
    change = on_activity(state, LEVELS, value=20, increased=False, now=later, policy=CALENDAR, timezone=TZ,
                         return_window_days=14)
    assert change is not None and change.reason == REVERSED
    assert change.state == MemberState(tier=SILVER, since=later, review_at=datetime(2026, 12, 31, 23, 0, tzinfo=UTC))


def test_a_partial_refund_in_the_return_window_keeps_what_the_rest_still_earns() -> None:
    state = MemberState(tier=PLATINUM, since=NOW, review_at=NOW + timedelta(days=100),
                        provisional_until=NOW + timedelta(days=14), previous_tier_id=BASE.id)
    change = on_activity(state, LEVELS, value=600, increased=False, now=NOW, policy=CALENDAR, timezone=TZ,
                         return_window_days=14)
    assert change is not None and change.state.tier == GOLD
    assert change.state.provisional_until == NOW + timedelta(days=14)  # a further refund may still take gold back
    assert on_activity(state, LEVELS, value=1000, increased=False, now=NOW, policy=CALENDAR, timezone=TZ,
                       return_window_days=14) is None


def test_a_second_upgrade_in_the_return_window_keeps_the_original_floor() -> None:
    state = MemberState(tier=SILVER, since=NOW, provisional_until=NOW + timedelta(days=14), previous_tier_id=BASE.id)
    change = on_activity(state, LEVELS, value=550, increased=True, now=NOW, policy=CALENDAR, timezone=TZ,
                         return_window_days=14)
    assert change is not None and change.state.tier == GOLD and change.state.previous_tier_id == BASE.id


# --- reviews --------------------------------------------------------------------------------

DUE = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
LATE_RUN = DUE + timedelta(days=3)


def test_a_review_that_finds_the_threshold_kept_schedules_the_next() -> None:
    state = MemberState(tier=GOLD, since=NOW, review_at=DUE)
    change = on_review(state, LEVELS, value=500, now=LATE_RUN, policy=CALENDAR, timezone=TZ)
    assert change.reason == KEPT and change.state.tier == GOLD
    assert change.state.review_at == datetime(2027, 12, 31, 23, 0, tzinfo=UTC)  # from the due date, not the run


def test_a_review_short_of_the_threshold_starts_grace_first() -> None:
    policy = Policy(window_kind="calendar_year", grace_days=60)
    change = on_review(MemberState(tier=GOLD, since=NOW, review_at=DUE), LEVELS, value=10, now=LATE_RUN,
                       policy=policy, timezone=TZ)
    assert change.reason == GRACE_STARTED and change.state.tier == GOLD
    assert change.state.grace_until == change.state.review_at == DUE + timedelta(days=60)


def test_grace_ending_short_downgrades_one_level_at_a_time() -> None:
    policy = Policy(window_kind="calendar_year", grace_days=60, one_level_at_a_time=True)
    grace_end = DUE + timedelta(days=60)
    state = MemberState(tier=PLATINUM, since=NOW, review_at=grace_end, grace_until=grace_end)
    change = on_review(state, LEVELS, value=0, now=grace_end, policy=policy, timezone=TZ)
    assert change.reason == DOWNGRADE
    assert change.state == MemberState(tier=GOLD, since=grace_end, review_at=datetime(2027, 12, 31, 23, 0, tzinfo=UTC))


def test_grace_ending_at_the_threshold_requalifies() -> None:
    grace_end = DUE + timedelta(days=60)
    state = MemberState(tier=GOLD, since=NOW, review_at=grace_end, grace_until=grace_end)
    change = on_review(state, LEVELS, value=500, now=grace_end, policy=Policy(grace_days=60), timezone=TZ)
    assert change.reason == REQUALIFIED and change.state.grace_until is None


def test_without_one_level_at_a_time_a_review_drops_to_what_the_value_reaches() -> None:
    policy = Policy(window_kind="calendar_year", one_level_at_a_time=False)
    change = on_review(MemberState(tier=PLATINUM, since=NOW, review_at=DUE), LEVELS, value=150, now=DUE,
                       policy=policy, timezone=TZ)
    assert change.reason == DOWNGRADE and change.state.tier == SILVER
    to_base = on_review(MemberState(tier=PLATINUM, since=NOW, review_at=DUE), LEVELS, value=0, now=DUE,
                        policy=policy, timezone=TZ)
    assert to_base.state.tier == BASE and to_base.state.review_at is None


def test_one_level_at_a_time_still_drops_less_when_the_value_earns_more() -> None:
    change = on_review(MemberState(tier=PLATINUM, since=NOW, review_at=DUE), LEVELS, value=700, now=DUE,
                       policy=CALENDAR, timezone=TZ)
    assert change.state.tier == GOLD


def test_manual_assignment_follows_the_schedule_unless_given_a_review_date() -> None:
    change = assigned(MemberState(tier=BASE), GOLD, now=NOW, review_at=None, policy=ROLLING, timezone=TZ)
    assert change.reason == MANUAL and change.from_tier == BASE
    assert change.state == MemberState(tier=GOLD, since=NOW, review_at=NOW + timedelta(days=180),
                                       manually_assigned=True)
    until = NOW + timedelta(days=30)
    assert assigned(MemberState(tier=BASE), GOLD, now=NOW, review_at=until, policy=ROLLING,
                    timezone=TZ).state.review_at == until
    assert assigned(MemberState(tier=GOLD), BASE, now=NOW, review_at=None, policy=ROLLING,
                    timezone=TZ).state.review_at is None
