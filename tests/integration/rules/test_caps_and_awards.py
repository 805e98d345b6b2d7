"""Caps, once-only grants and the awards that are not purchases, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict
from loyalty.members import service as members
from loyalty.members.schemas import MemberRef, MemberUpdate
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from loyalty.rules import service as rules
from loyalty.rules.domain import LineFacts
from loyalty.rules.models import EarningRule
from tests.factories.ledger import balance, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule

NOON = datetime(2026, 3, 3, 11, 0, tzinfo=UTC)  # 12:00 in Warsaw


def review_rule(database: Database, program: Program, **fields: Any) -> EarningRule:
    return make_rule(database, program, **{"name": "Review", "trigger": "custom_event", "event_type": "review_posted",
                                           "effect": {"kind": "fixed", "points": 50}, **fields})


def post_event(database: Database, program: Program, member_id: int, *, event_type: str = "review_posted",
               at: datetime | None = None, **payload: Any) -> int:
    """Points the event earned."""
    with unit_of_work(database) as session:
        member = members.get_member(session=session, program_id=program.id, member_id=member_id)
        result = rules.record_custom_event(session=session, program=program, member=member, event_type=event_type,
                                           occurred_at=at, payload=payload, actor="test")
        return sum(award.points for award in result.awards)


def awarded_total(database: Database, rule_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(EarningRule.awarded_total).where(EarningRule.id == rule_id)) or 0)


# --- per member per day ------------------------------------------------------------------------


def test_daily_cap_awards_only_what_is_left_and_resets_the_next_local_day(database: Database,
                                                                           program: Program) -> None:
    review_rule(database, program, effect={"kind": "fixed", "points": 30}, cap_per_member_per_day=50)
    member = make_member(database, program)
    late_evening = datetime(2026, 3, 3, 22, 30, tzinfo=UTC)  # 23:30 in Warsaw, still 3 March
    assert [post_event(database, program, member.id, at=NOON + timedelta(minutes=i)) for i in range(2)] == [30, 20]
    assert post_event(database, program, member.id, at=late_evening) == 0
    assert post_event(database, program, member.id, at=late_evening + timedelta(hours=1)) == 30  # 4 March locally
    other = make_member(database, program)
    assert post_event(database, program, other.id, at=NOON) == 30
    assert balance(database, program, member.id).available == 80


def test_concurrent_awards_to_one_member_never_exceed_the_daily_cap(database: Database, program: Program) -> None:
    review_rule(database, program, effect={"kind": "fixed", "points": 20}, cap_per_member_per_day=50)
    member = make_member(database, program)
    with ThreadPoolExecutor(max_workers=10) as pool:
        earned = list(pool.map(lambda i: post_event(database, program, member.id, at=NOON), range(10)))
    assert sorted(earned, reverse=True)[:3] == [20, 20, 10] and sum(earned) == 50
    assert balance(database, program, member.id).available == 50


# --- in total ----------------------------------------------------------------------------------


def test_total_cap_gives_the_remainder_then_nothing(database: Database, program: Program) -> None:
    rule = review_rule(database, program, effect={"kind": "fixed", "points": 40}, cap_total=100)
    member = make_member(database, program)
    assert [post_event(database, program, member.id) for _ in range(4)] == [40, 40, 20, 0]
    assert awarded_total(database, rule.id) == 100


def test_twenty_concurrent_awards_never_exceed_cap_total(database: Database, program: Program) -> None:
    rule = review_rule(database, program, effect={"kind": "fixed", "points": 30}, cap_total=100)
    member_ids = [make_member(database, program).id for _ in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        earned = list(pool.map(lambda member_id: post_event(database, program, member_id), member_ids))
    assert sorted(earned, reverse=True) == [30, 30, 30, 10] + [0] * 16
    assert awarded_total(database, rule.id) == 100
    assert sum(balance(database, program, member_id).available for member_id in member_ids) == 100
    assert verify_ok(database) == []


def test_daily_and_total_caps_together_give_back_what_the_total_refused(database: Database,
                                                                        program: Program) -> None:
    rule = review_rule(database, program, effect={"kind": "fixed", "points": 30}, cap_per_member_per_day=60,
                       cap_total=40)
    first, second = make_member(database, program), make_member(database, program)
    assert post_event(database, program, first.id, at=NOON) == 30
    assert post_event(database, program, first.id, at=NOON) == 10  # the total cap leaves 10
    assert post_event(database, program, second.id, at=NOON) == 0
    assert awarded_total(database, rule.id) == 40
    with unit_of_work(database, read_only=True) as session:
        used = rules.repository.daily_usage(session, rule_id=rule.id, member_id=first.id, day=date(2026, 3, 3))
    assert used == 40


def test_capped_purchase_points_shrink_their_line_allocation(database: Database, program: Program) -> None:
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"},
              cap_per_member_per_day=30)
    member = make_member(database, program)
    lines = [LineFacts(1, "CAP", "Cappuccino", "coffee", 2, 1400, 2800),
             LineFacts(2, "BRD", "Bread", "bakery", 1, 1700, 1700)]
    with unit_of_work(database) as session:
        [award] = rules.earn_for_purchase(
            session=session, program=program, member=member, is_first_purchase=lambda: True,
                                          lines=lines, total_minor=4500, channel="pos", store=None,
                                          occurred_at=NOON)
    assert (award.rule_name.startswith("Rule "), award.award.points) == (True, 30)
    assert award.award.line_allocations == {1: 19, 2: 11}  # 45 points were 28 + 17


def test_a_multiplier_doubles_the_capped_base_not_the_uncapped_one(database: Database, program: Program) -> None:
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"},
              cap_per_member_per_day=30)
    make_rule(database, program, effect={"kind": "multiplier", "factor": "2"})
    member = make_member(database, program)
    with unit_of_work(database) as session:
        awards = rules.earn_for_purchase(
            session=session, program=program, member=member, is_first_purchase=lambda: True,
                                         lines=[LineFacts(1, "X", None, None, 1, 4500, 4500)], total_minor=4500,
                                         channel="pos", store=None, occurred_at=NOON)
    assert [named.award.points for named in awards] == [30, 30]


# --- once per value ---------------------------------------------------------------------------


def test_once_per_product_for_each_member(database: Database, program: Program) -> None:
    review_rule(database, program, once_per="event.payload.product_id")
    anna, ben = make_member(database, program), make_member(database, program)
    assert post_event(database, program, anna.id, product_id="CAP-250") == 50
    assert post_event(database, program, anna.id, product_id="CAP-250", stars=1) == 0
    assert post_event(database, program, anna.id, product_id="BRD-01") == 50
    assert post_event(database, program, anna.id) == 0  # no product: nothing to give once for
    assert post_event(database, program, ben.id, product_id="CAP-250") == 50
    assert balance(database, program, anna.id).available == 100


def test_concurrent_reviews_of_one_product_award_once(database: Database, program: Program) -> None:
    review_rule(database, program, once_per="event.payload.product_id")
    member = make_member(database, program)
    with ThreadPoolExecutor(max_workers=8) as pool:
        earned = list(pool.map(lambda i: post_event(database, program, member.id, product_id="P-1"), range(8)))
    assert sorted(earned) == [0] * 7 + [50]
    assert balance(database, program, member.id).available == 50


def test_a_once_only_value_is_not_used_up_when_a_cap_gave_nothing(database: Database, program: Program) -> None:
    review_rule(database, program, once_per="event.payload.product_id", cap_per_member_per_day=50)
    member = make_member(database, program)
    assert post_event(database, program, member.id, at=NOON, product_id="A") == 50
    assert post_event(database, program, member.id, at=NOON, product_id="B") == 0  # today's cap is used up
    assert post_event(database, program, member.id, at=NOON + timedelta(days=1), product_id="B") == 50


def test_events_of_other_types_and_blocked_members(database: Database, program: Program) -> None:
    review_rule(database, program)
    member = make_member(database, program)
    assert post_event(database, program, member.id, event_type="checked_in") == 0
    with unit_of_work(database) as session:
        members.update_member(session=session, program=program, member_id=member.id,
                              data=MemberUpdate(status="blocked"), actor="test")
    try:
        post_event(database, program, member.id)
        raise AssertionError("a blocked member's event was accepted")
    except Conflict as refused:
        assert refused.code == "member_blocked"
    with unit_of_work(database, read_only=True) as session:
        received = session.scalars(select(Event).where(Event.member_id == member.id,
                                                       Event.type == "custom_event.received")).all()
        assert [(e.payload["type"], e.actor) for e in received] == [("checked_in", "test")]


# --- enrolment and birthdays ------------------------------------------------------------------


def test_enrolment_rules_award_once(database: Database, program: Program) -> None:
    make_rule(database, program, name="Welcome", trigger="enrolment", effect={"kind": "fixed", "points": 100})
    make_rule(database, program, name="App welcome", trigger="enrolment", effect={"kind": "fixed", "points": 25},
              condition={"field": "member.enrolment_channel", "op": "eq", "value": "app"})
    member = make_member(database, program, enrolment_channel="app")
    for _ in range(2):
        with unit_of_work(database) as session:
            found = members.get_member(session=session, program_id=program.id, member_id=member.id)
            rules.award_enrolment(session=session, program=program, member=found, actor="test")
    assert balance(database, program, member.id).available == 125


def birthday_run(database: Database, program: Program, on: date) -> int:
    with unit_of_work(database) as session:
        return rules.award_birthdays(session=session, program=program, on=on, actor="job:birthdays")


def test_birthdays_are_awarded_once_per_year(database: Database, program: Program) -> None:
    make_rule(database, program, name="Birthday", trigger="birthday", effect={"kind": "fixed", "points": 200})
    make_rule(database, program, name="Adult birthday", trigger="birthday", effect={"kind": "fixed", "points": 20},
              condition={"field": "member.age", "op": "gte", "value": 18})
    today = make_member(database, program, birth_date=date(1990, 3, 3))
    child = make_member(database, program, birth_date=date(2015, 3, 3))
    tomorrow = make_member(database, program, birth_date=date(1990, 3, 4))
    make_member(database, program)  # no birth date
    clock.set_clock(lambda: NOON)
    assert birthday_run(database, program, date(2026, 3, 3)) == 2
    assert birthday_run(database, program, date(2026, 3, 3)) == 0
    assert [balance(database, program, m.id).available for m in (today, child, tomorrow)] == [220, 200, 0]
    clock.set_clock(lambda: NOON + timedelta(days=365))
    assert birthday_run(database, program, date(2027, 3, 3)) == 2
    assert balance(database, program, today.id).available == 440


def test_leap_day_birthdays_count_on_february_28_in_common_years(database: Database, program: Program) -> None:
    make_rule(database, program, name="Birthday", trigger="birthday", effect={"kind": "fixed", "points": 200})
    leapling = make_member(database, program, birth_date=date(2004, 2, 29))
    assert birthday_run(database, program, date(2027, 2, 28)) == 1
    assert birthday_run(database, program, date(2027, 3, 1)) == 0
    assert birthday_run(database, program, date(2028, 2, 28)) == 0
    assert birthday_run(database, program, date(2028, 2, 29)) == 1
    assert balance(database, program, leapling.id).available == 400


def test_concurrent_birthday_runs_award_each_member_once(database: Database, program: Program) -> None:
    make_rule(database, program, name="Birthday", trigger="birthday", effect={"kind": "fixed", "points": 200})
    born = [make_member(database, program, birth_date=date(1980 + i, 7, 14)) for i in range(5)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: birthday_run(database, program, date(2026, 7, 14)), range(4)))
    assert sum(counts) == 5
    assert [balance(database, program, m.id).available for m in born] == [200] * 5
    assert verify_ok(database) == []


def test_awards_that_are_no_purchase_skip_the_return_window(database: Database) -> None:
    program = make_program(database, pending_days=14)
    make_rule(database, program, name="Welcome", trigger="enrolment", effect={"kind": "fixed", "points": 100})
    make_rule(database, program, name="Birthday", trigger="birthday", effect={"kind": "fixed", "points": 200})
    review_rule(database, program)
    make_rule(database, program, effect={"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"})
    member = make_member(database, program, birth_date=date(1990, 3, 3))
    clock.set_clock(lambda: NOON)
    with unit_of_work(database) as session:
        found = members.get_member(session=session, program_id=program.id, member_id=member.id)
        rules.award_enrolment(session=session, program=program, member=found, actor="test")
    assert birthday_run(database, program, date(2026, 3, 3)) == 1
    assert post_event(database, program, member.id, at=NOON, product_id="CAP-250") == 50
    receipt = PurchaseCreate(member=MemberRef(id=member.id), lines=[PurchaseLineIn(sku="CAP", quantity=1,
                                                                                   unit_price=4000)])
    with unit_of_work(database) as session:
        bought = purchases.record_purchase(session=session, program=program, actor="till", data=receipt).body
    assert bought["points"]["pending"] == 40
    after = balance(database, program, member.id)
    assert (after.available, after.pending, after.earned) == (350, 40, 390)
    assert [(e.at, e.points) for e in after.releasing] == [(NOON + timedelta(days=14), 40)]
    assert verify_ok(database) == []


def test_no_birthday_rules_means_no_work(database: Database, program: Program) -> None:
    make_member(database, program, birth_date=date(1990, 3, 3))
    assert birthday_run(database, program, date(2026, 3, 3)) == 0
