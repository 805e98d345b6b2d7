from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid, NotFound
from loyalty.members import service as members
from loyalty.programs.models import Program
from loyalty.tiers import repository as tier_rows
from loyalty.tiers import service as tiers
from loyalty.tiers.service import ReviewCounts, TierChange
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.tiers import (
    assign,
    freeze,
    make_levels,
    progress_of,
    record,
    review,
    set_policy,
    tier_events,
    tier_of,
)

# Europe/Warsaw (the test program's timezone): local new year 2027 is 2026-12-31 23:00 UTC.
YEAR_END_2026 = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
YEAR_END_2027 = datetime(2027, 12, 31, 23, 0, tzinfo=UTC)
MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _iso(value: datetime) -> str:
    return value.isoformat()


# --- thresholds and windows -----------------------------------------------------------------


def test_points_crossing_a_threshold_upgrade_at_once(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)

    assert record(database, program, member.id, points=60, purchases=1) is None
    change = record(database, program, member.id, points=50, purchases=1, source="purchase:2")

    assert change == TierChange(member_id=member.id, reason="upgrade", from_code="member", to_code="silver",
                                review_at=YEAR_END_2026, grace_until=None)
    assert tier_of(database, program, member.id) == "silver"
    assert tier_events(database, program, member.id) == [("tier.changed", {
        "from": "member", "to": "silver", "reason": "upgrade", "measure": "points_earned", "value": 110,
        "review_at": _iso(YEAR_END_2026), "grace_until": None,
    })]


def test_one_purchase_crossing_several_thresholds_upgrades_to_the_highest_with_one_event(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)

    change = record(database, program, member.id, points=1200, purchases=1)

    assert change is not None and (change.from_code, change.to_code) == ("member", "platinum")
    assert [payload["to"] for _, payload in tier_events(database, program, member.id)] == ["platinum"]


def test_calendar_year_counts_from_local_new_year(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))

    # 23:30 on New Year's Eve in Warsaw: last year.
    record(database, program, member.id, points=90, occurred_at=datetime(2025, 12, 31, 22, 30, tzinfo=UTC))
    # 00:30 on New Year's Day in Warsaw: this year.
    record(database, program, member.id, points=20, occurred_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))

    progress = progress_of(database, program, member.id)
    assert tier_of(database, program, member.id) == "member"
    assert progress.value == 20
    assert (progress.window.starts_at, progress.window.ends_at) == (datetime(2025, 12, 31, 23, 0, tzinfo=UTC),
                                                                   YEAR_END_2026)


def test_rolling_window_counts_only_the_last_n_days(database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("basic", 0, 0, "1"), ("silver", 1, 20000, "1.1"),
                                           ("gold", 2, 50000, "1.2")))
    set_policy(database, program, measure="amount_spent", window={"kind": "rolling", "days": 30})
    member = make_member(database, program)
    day_0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    freeze(day_0)

    record(database, program, member.id, amount_minor=15000, purchases=1, occurred_at=day_0 - timedelta(days=31))
    record(database, program, member.id, amount_minor=15000, purchases=1)
    assert tier_of(database, program, member.id) == "basic"
    assert progress_of(database, program, member.id).value == 15000

    freeze(day_0 + timedelta(days=20))
    change = record(database, program, member.id, amount_minor=6000, purchases=1)
    assert change is not None and change.to_code == "silver"

    freeze(day_0 + timedelta(days=35))
    progress = progress_of(database, program, member.id)
    assert progress.value == 6000
    assert progress.window.starts_at == day_0 + timedelta(days=5) and progress.window.ends_at is None


def test_purchase_count_measure_counts_purchases_and_whole_refunds(database: Database, program: Program) -> None:
    make_levels(database, program, levels=(("basic", 0, 0, "1"), ("regular", 1, 3, "1")))
    set_policy(database, program, measure="purchase_count")
    member = make_member(database, program)
    freeze(MARCH)

    record(database, program, member.id, points=5, amount_minor=500, purchases=1)
    record(database, program, member.id, points=5, amount_minor=500, purchases=1)
    record(database, program, member.id, points=-5, amount_minor=-200, purchases=0)  # partial refund
    assert progress_of(database, program, member.id).value == 2
    assert record(database, program, member.id, points=1, amount_minor=100, purchases=1) is not None
    assert tier_of(database, program, member.id) == "regular"


def test_activity_without_tiers_is_kept_for_later(database: Database, program: Program) -> None:
    member = make_member(database, program)
    freeze(MARCH)

    assert record(database, program, member.id, points=700, purchases=1) is None
    with unit_of_work(database, read_only=True) as session:
        assert tiers.member_tier(session=session, program_id=program.id, member_id=member.id) is None
        assert tiers.earn_multiplier(session=session, program_id=program.id, member_id=member.id) == Decimal(1)

    make_levels(database, program)
    assert progress_of(database, program, member.id).value == 700  # counted once tiers exist
    assert tier_of(database, program, member.id) == "member"  # upgrades follow the next activity
    assert record(database, program, member.id, points=1, purchases=1) is not None
    assert tier_of(database, program, member.id) == "gold"


# --- refunds --------------------------------------------------------------------------------


def test_refund_reverses_progress_and_the_review_decides(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=110, purchases=1, source="purchase:1")

    assert record(database, program, member.id, points=-50, amount_minor=-5000, purchases=0,
                  source="refund:1") is None

    progress = progress_of(database, program, member.id)
    assert tier_of(database, program, member.id) == "silver"
    assert progress.value == 60
    assert progress.next is not None and progress.next.needed == 440
    assert progress.keep is not None and (progress.keep.needed, progress.keep.by) == (40, YEAR_END_2026)

    freeze(YEAR_END_2026 + timedelta(hours=1))
    assert review(database, program) == ReviewCounts(reviewed=1, kept=0, grace_started=0, downgraded=1)
    assert tier_of(database, program, member.id) == "member"


def test_refund_within_the_return_window_takes_the_upgrade_back(database: Database) -> None:
    program = make_program(database, pending_days=14)
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=150, purchases=1)  # silver, for good
    freeze(MARCH + timedelta(days=30))
    record(database, program, member.id, points=900, purchases=1)  # platinum, provisionally

    freeze(MARCH + timedelta(days=33))
    change = record(database, program, member.id, points=-900, purchases=-1)

    assert change is not None and (change.reason, change.from_code, change.to_code) == \
        ("reversed", "platinum", "silver")
    assert [payload["reason"] for _, payload in tier_events(database, program, member.id)] == \
        ["upgrade", "upgrade", "reversed"]


def test_refund_after_the_return_window_keeps_the_tier(database: Database) -> None:
    program = make_program(database, pending_days=14)
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=600, purchases=1)

    freeze(MARCH + timedelta(days=15))
    assert record(database, program, member.id, points=-600, purchases=-1) is None
    assert tier_of(database, program, member.id) == "gold"


# --- reviews --------------------------------------------------------------------------------


def test_review_keeps_a_member_who_qualified_again_and_sets_the_next_review(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=600, purchases=1)

    freeze(YEAR_END_2026 + timedelta(days=2))
    assert review(database, program) == ReviewCounts(reviewed=1, kept=1, grace_started=0, downgraded=0)

    assert tier_of(database, program, member.id) == "gold"
    assert tier_events(database, program, member.id)[-1] == ("tier.kept", {
        "tier": "gold", "measure": "points_earned", "value": 600, "review_at": _iso(YEAR_END_2027)})
    assert review(database, program) == ReviewCounts()  # idempotent: nothing due any more


def test_failed_review_starts_grace_then_downgrades_one_level(database: Database, program: Program) -> None:
    make_levels(database, program)
    set_policy(database, program, grace_days=30, one_level_at_a_time=True)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=1200, purchases=1)
    freeze(MARCH + timedelta(days=60))
    record(database, program, member.id, points=-1150, purchases=-1)  # platinum kept until the review

    freeze(datetime(2027, 1, 2, 8, 0, tzinfo=UTC))
    assert review(database, program) == ReviewCounts(reviewed=1, kept=0, grace_started=1, downgraded=0)
    assert review(database, program) == ReviewCounts()
    grace_until = YEAR_END_2026 + timedelta(days=30)
    progress = progress_of(database, program, member.id)
    assert progress.tier.code == "platinum"
    assert progress.keep is not None and (progress.keep.by, progress.keep.grace_until) == (grace_until, grace_until)

    freeze(grace_until + timedelta(hours=1))
    assert review(database, program) == ReviewCounts(reviewed=1, kept=0, grace_started=0, downgraded=1)

    assert tier_of(database, program, member.id) == "gold"
    assert [(payload["from"], payload["to"], payload["reason"])
            for _, payload in tier_events(database, program, member.id)] == [
        ("member", "platinum", "upgrade"), ("platinum", "platinum", "grace_started"),
        ("platinum", "gold", "downgrade")]
    assert progress_of(database, program, member.id).keep.by == YEAR_END_2027  # type: ignore[union-attr]


def test_activity_back_at_the_threshold_during_grace_requalifies(database: Database, program: Program) -> None:
    make_levels(database, program)
    set_policy(database, program, grace_days=30)
    member = make_member(database, program)
    freeze(MARCH)
    assign(database, program, member.id, tier_code="gold")
    freeze(datetime(2027, 1, 2, 8, 0, tzinfo=UTC))
    review(database, program)

    change = record(database, program, member.id, points=500, purchases=1)

    assert change == TierChange(member_id=member.id, reason="requalified", from_code="gold", to_code="gold",
                                review_at=YEAR_END_2027, grace_until=None)
    freeze(YEAR_END_2026 + timedelta(days=31))
    assert review(database, program) == ReviewCounts()


def test_without_one_level_at_a_time_a_review_drops_to_the_level_earned(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    set_policy(database, program, one_level_at_a_time=False)
    member = make_member(database, program)
    freeze(MARCH)
    assign(database, program, member.id, tier_code="platinum")
    record(database, program, member.id, points=120, purchases=1)

    freeze(YEAR_END_2026 + timedelta(minutes=1))
    review(database, program)

    progress = progress_of(database, program, member.id)
    assert progress.tier.code == "silver"
    assert progress.keep is not None and progress.keep.by == YEAR_END_2027


def test_rolling_reviews_come_every_n_days_after_the_tier_was_reached(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    set_policy(database, program, window={"kind": "rolling", "days": 365}, review_every_days=90)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=550, purchases=1)

    freeze(MARCH + timedelta(days=89))
    assert review(database, program) == ReviewCounts()
    freeze(MARCH + timedelta(days=91))
    assert review(database, program).kept == 1
    assert progress_of(database, program, member.id).keep.by == MARCH + timedelta(days=180)  # type: ignore[union-attr]


def test_a_late_review_judges_the_window_that_ended_on_the_review_date(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=550, purchases=1)
    freeze(datetime(2027, 1, 20, tzinfo=UTC))
    record(database, program, member.id, points=-550, purchases=-1, occurred_at=MARCH)  # refund dated like the sale
    record(database, program, member.id, points=600, purchases=1)  # 2027's activity does not save 2026

    assert review(database, program).downgraded == 1
    assert tier_of(database, program, member.id) == "silver"


# --- manual assignment ----------------------------------------------------------------------


def test_manual_assignment_is_audited_and_reviewed_on_schedule(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)

    progress = assign(database, program, member.id, tier_code="gold", reason="Goodwill after a complaint",
                      actor="staff:anna")

    assert (progress.tier.code, progress.manually_assigned, progress.since) == ("gold", True, MARCH)
    assert progress.keep is not None and progress.keep.by == YEAR_END_2026
    with unit_of_work(database, read_only=True) as session:
        event = events.timeline(session=session, program_id=program.id, member_id=member.id, before_id=None,
                                limit=1)[0]
    assert (event.type, event.actor) == ("tier.changed", "staff:anna")
    assert event.payload == {"from": "member", "to": "gold", "reason": "manual", "note": "Goodwill after a complaint",
                             "measure": "points_earned", "value": 0, "review_at": _iso(YEAR_END_2026),
                             "grace_until": None}


def test_manual_assignment_with_its_own_review_date(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    until = MARCH + timedelta(days=30)

    assign(database, program, member.id, tier_code="platinum", review_at=until)
    freeze(until + timedelta(seconds=1))
    review(database, program)

    assert tier_of(database, program, member.id) == "gold"


def test_activity_still_upgrades_above_a_manual_tier(database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    assign(database, program, member.id, tier_code="silver")

    change = record(database, program, member.id, points=520, purchases=1)

    assert change is not None and change.to_code == "gold"
    assert progress_of(database, program, member.id).manually_assigned is False


def test_manual_assignment_refuses_unknown_levels_and_past_review_dates(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)

    with pytest.raises(NotFound) as unknown:
        assign(database, program, member.id, tier_code="diamond")
    assert (unknown.value.code, unknown.value.field) == ("tier_not_found", "tier_code")
    with pytest.raises(Invalid) as past:
        assign(database, program, member.id, tier_code="gold", review_at=MARCH - timedelta(days=1))
    assert past.value.field == "review_at"
    assert tier_events(database, program, member.id) == []


# --- progress, multiplier, isolation --------------------------------------------------------


def test_progress_says_exactly_what_is_needed_and_by_when(database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=180, purchases=2)
    freeze(MARCH + timedelta(days=10))
    record(database, program, member.id, points=45, purchases=1)

    progress = progress_of(database, program, member.id)

    assert progress.model_dump(mode="json", exclude={"tier": True, "next": {"tier"}}) == {
        "member_id": member.id, "since": "2026-03-10T12:00:00Z", "manually_assigned": False, "measure": "points_earned",
        "window": {"kind": "calendar_year", "days": None, "starts_at": "2025-12-31T23:00:00Z",
                   "ends_at": "2026-12-31T23:00:00Z"},
        "value": 225,
        "next": {"threshold": 500, "needed": 275, "by": "2026-12-31T23:00:00Z", "leaving": []},
        "keep": {"threshold": 100, "value": 225, "needed": 0, "by": "2026-12-31T23:00:00Z", "grace_until": None},
    }
    assert progress.tier == levels["silver"]
    assert progress.next is not None and progress.next.tier == levels["gold"]


def test_base_member_progress_has_nothing_to_keep_and_top_member_no_next(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    newcomer, top = make_member(database, program), make_member(database, program)
    freeze(MARCH)
    record(database, program, top.id, points=1500, purchases=1)

    fresh = progress_of(database, program, newcomer.id)
    assert (fresh.tier.code, fresh.since, fresh.keep, fresh.value) == ("member", None, None, 0)
    assert fresh.next is not None and fresh.next.needed == 100
    assert progress_of(database, program, top.id).next is None


def test_earn_multiplier_and_tier_follow_the_member(database: Database, program: Program) -> None:
    make_levels(database, program)
    gold, newcomer = make_member(database, program), make_member(database, program)
    freeze(MARCH)
    record(database, program, gold.id, points=600, purchases=1)

    with unit_of_work(database, read_only=True) as session:
        assert tiers.earn_multiplier(session=session, program_id=program.id, member_id=gold.id) == Decimal("1.25")
        assert tiers.earn_multiplier(session=session, program_id=program.id, member_id=newcomer.id) == Decimal(1)
        gold_tier = tiers.member_tier(session=session, program_id=program.id, member_id=gold.id)
    assert gold_tier is not None and gold_tier.benefits.free_shipping is True
    assert gold_tier.benefits.exclusive_rewards is False


def test_another_programs_member_is_not_found(database: Database, program: Program) -> None:
    make_levels(database, program)
    other = make_program(database, name="Other shop")
    make_levels(database, other)
    stranger = make_member(database, other)

    with pytest.raises(NotFound) as progress_error:
        progress_of(database, program, stranger.id)
    with pytest.raises(NotFound) as assign_error:
        assign(database, program, stranger.id, tier_code="gold")
    with pytest.raises(NotFound) as record_error:
        record(database, program, stranger.id, points=600, purchases=1)
    with unit_of_work(database, read_only=True) as session:
        gold_elsewhere = tiers.list_levels(session=session, program_id=other.id).items[2]
        with pytest.raises(NotFound) as level_error:
            tiers.get_level(session=session, program_id=program.id, tier_id=gold_elsewhere.id)

    assert {error.value.code for error in (progress_error, assign_error, record_error)} == {"member_not_found"}
    assert level_error.value.code == "tier_not_found"
    assert tier_of(database, other, stranger.id) == "member"


def test_progress_without_tiers_is_not_found(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with pytest.raises(NotFound) as error:
        progress_of(database, program, member.id)
    assert error.value.code == "tiers_not_configured"


def test_the_tier_read_with_the_member_follows_changes_made_in_the_same_unit(database: Database,
                                                                              program: Program) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)

    def multiplier(session: Any) -> Decimal:
        return tiers.earn_multiplier(session=session, program_id=program.id, member_id=member.id)

    def stored(tier: str) -> dict[str, Any]:
        return {"tier_id": levels[tier].id, "since": clock.now(), "review_at": None, "grace_until": None,
                "manually_assigned": True, "provisional_until": None, "previous_tier_id": None,
                "updated_at": clock.now()}

    with unit_of_work(database) as session:
        members.get_member(session=session, program_id=program.id, member_id=member.id)  # the tier comes along
        loaded = multiplier(session)
        with pytest.raises(RuntimeError), session.begin_nested():
            tier_rows.insert_member_tier(session, {"program_id": program.id, "member_id": member.id,
                                                   **stored("gold")})
            inside = multiplier(session)
            raise RuntimeError("this part of the request failed")
        after_rollback = multiplier(session)
        tier_rows.insert_member_tier(session, {"program_id": program.id, "member_id": member.id, **stored("gold")})
        inserted = multiplier(session)
    with unit_of_work(database) as session:
        members.get_member(session=session, program_id=program.id, member_id=member.id)  # gold comes along
        tier_rows.update_member_tier(session, member_id=member.id, values=stored("silver"))
        updated = multiplier(session)
    with unit_of_work(database, read_only=True) as session:
        members.get_member(session=session, program_id=program.id, member_id=member.id)
        next_unit = multiplier(session)
    assert (loaded, inside, after_rollback, inserted, updated, next_unit) == (
        Decimal(1), Decimal("1.25"), Decimal(1), Decimal("1.25"), Decimal("1.1"), Decimal("1.1"))
