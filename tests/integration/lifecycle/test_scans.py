"""The lifecycle scans find exactly the right members, once per occasion, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.lifecycle import service as lifecycle
from loyalty.lifecycle.schemas import CartItemIn, CartUpdate, LifecycleSettingsUpdate
from loyalty.members import service as members
from loyalty.members.schemas import MemberUpdate
from loyalty.programs.models import Program
from tests.factories.clock import at
from tests.factories.ledger import give_points
from tests.factories.lifecycle import announced, buy, buy_at, scan
from tests.factories.members import make_member
from tests.factories.programs import make_program

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def months(*pairs: tuple[int, int]) -> list[datetime]:
    return [datetime(year, month, 1, 10, 0, tzinfo=UTC) for year, month in pairs]


def block(database: Database, program: Program, member_id: int) -> None:
    with unit_of_work(database) as session:
        members.update_member(session=session, program=program, member_id=member_id,
                              data=MemberUpdate(status="blocked"), actor="test")


# --- birthdays ---------------------------------------------------------------------------------


def test_birthdays_begin_at_the_programs_midnight_not_utcs(database: Database, program: Program) -> None:
    # Warsaw is UTC+1 in March: at 23:30 UTC on March 2 it is already March 3 there.
    born_today = make_member(database, program, birth_date=date(1990, 3, 3))
    born_yesterday = make_member(database, program, birth_date=date(1991, 3, 2))
    make_member(database, program, birth_date=date(1992, 3, 4))
    make_member(database, program)  # no birth date
    blocked = make_member(database, program, birth_date=date(1993, 3, 3))
    block(database, program, blocked.id)
    late_evening_utc = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert scan(database, program, "birthdays", late_evening_utc) == 1
    assert announced(database, program, "member.birthday") == [(born_today.id, {"date": "2026-03-03", "age": 36})]
    assert scan(database, program, "birthdays", late_evening_utc) == 0
    assert scan(database, program, "birthdays", late_evening_utc + timedelta(hours=12)) == 0  # same local day
    assert born_yesterday.id not in [member_id for member_id, _ in announced(database, program, "member.birthday")]


def test_birthdays_come_again_next_year_and_leap_days_on_february_28(database: Database, program: Program) -> None:
    leapling = make_member(database, program, birth_date=date(2004, 2, 29))
    assert scan(database, program, "birthdays", datetime(2027, 2, 28, 12, tzinfo=UTC)) == 1
    assert scan(database, program, "birthdays", datetime(2027, 3, 1, 12, tzinfo=UTC)) == 0
    assert scan(database, program, "birthdays", datetime(2028, 2, 28, 12, tzinfo=UTC)) == 0
    assert scan(database, program, "birthdays", datetime(2028, 2, 29, 12, tzinfo=UTC)) == 1
    assert [payload["date"] for _, payload in announced(database, program, "member.birthday")] == [
        "2027-02-28", "2028-02-29"]
    assert {member_id for member_id, _ in announced(database, program, "member.birthday")} == {leapling.id}


def test_two_birthday_scans_at_once_announce_each_member_once(database: Database, program: Program) -> None:
    born = [make_member(database, program, birth_date=date(1980 + i, 7, 14)) for i in range(6)]
    moment = datetime(2026, 7, 14, 8, tzinfo=UTC)
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: scan(database, program, "birthdays", moment), range(4)))
    assert sum(counts) == 6
    assert sorted(member_id for member_id, _ in announced(database, program, "member.birthday")) == sorted(
        member.id for member in born)


# --- lapsed: each member against their own rhythm -------------------------------------------------


def test_a_monthly_buyer_lapses_after_two_missed_months_a_twice_yearly_one_does_not(
        database: Database, program: Program) -> None:
    with at(NOW):
        monthly = make_member(database, program)
        buy_at(database, program, monthly.id, months((2026, 1), (2026, 2), (2026, 3), (2026, 4)))
        twice_a_year = make_member(database, program)
        buy_at(database, program, twice_a_year.id, months((2024, 6), (2024, 12), (2025, 6), (2025, 12)))
        still_monthly = make_member(database, program)
        buy_at(database, program, still_monthly.id, months((2026, 3), (2026, 4), (2026, 5), (2026, 6)))
        once_long_ago = make_member(database, program)  # too few purchases: the default 90 days, times 2
        buy(database, program, once_long_ago.id, NOW - timedelta(days=200))
        once_lately = make_member(database, program)
        buy(database, program, once_lately.id, NOW - timedelta(days=100))
        make_member(database, program)  # never bought: nothing to lapse from
        blocked = make_member(database, program)
        buy(database, program, blocked.id, NOW - timedelta(days=300))
        block(database, program, blocked.id)

    assert scan(database, program, "lapsed", NOW) == 2
    found = dict(announced(database, program, "member.lapsed"))
    assert set(found) == {monthly.id, once_long_ago.id}
    assert found[monthly.id]["last_purchase_at"] == "2026-04-01T10:00:00+00:00"
    assert found[monthly.id]["days_silent"] == 75
    assert found[monthly.id]["is_default_gap"] is False
    assert 28 <= found[monthly.id]["typical_gap_days"] <= 31
    assert found[once_long_ago.id]["is_default_gap"] is True
    assert scan(database, program, "lapsed", NOW) == 0
    assert scan(database, program, "lapsed", NOW + timedelta(days=30)) == 0  # the same silence


def test_a_member_lapses_once_per_silence(database: Database, program: Program) -> None:
    with at(NOW):
        member = make_member(database, program)
        buy_at(database, program, member.id, months((2026, 1), (2026, 2), (2026, 3), (2026, 4)))
    assert scan(database, program, "lapsed", NOW) == 1
    with at(datetime(2026, 6, 25, tzinfo=UTC)):
        buy(database, program, member.id, datetime(2026, 6, 20, 10, tzinfo=UTC))  # back for a while
    assert scan(database, program, "lapsed", datetime(2026, 7, 1, tzinfo=UTC)) == 0
    assert scan(database, program, "lapsed", datetime(2026, 9, 30, tzinfo=UTC)) == 1  # silent again
    assert [payload["last_purchase_at"] for _, payload in announced(database, program, "member.lapsed")] == [
        "2026-04-01T10:00:00+00:00", "2026-06-20T10:00:00+00:00"]


def test_the_lapse_factor_and_default_gap_are_the_programs(database: Database, program: Program) -> None:
    with at(NOW):
        monthly = make_member(database, program)
        buy_at(database, program, monthly.id, months((2026, 1), (2026, 2), (2026, 3), (2026, 4)))
        once = make_member(database, program)
        buy(database, program, once.id, NOW - timedelta(days=70))
    with unit_of_work(database) as session:
        lifecycle.update_settings(session=session, program=program, actor="test", data=LifecycleSettingsUpdate(
            lapse_factor=Decimal("3"), default_gap_days=20))
    assert scan(database, program, "lapsed", NOW) == 1  # 75 days < 3 × 30; 70 days > 3 × 20
    assert [member_id for member_id, _ in announced(database, program, "member.lapsed")] == [once.id]


# --- points expiring -----------------------------------------------------------------------------


def test_points_expiring_within_the_programs_days_are_announced_once_per_date(database: Database) -> None:
    program = make_program(database, expiry_policy={"kind": "months_after_earning", "months": 12})
    soon, later, spent_soon = (make_member(database, program) for _ in range(3))
    give_points(database, program, soon.id, 120, occurred_at=datetime(2025, 6, 20, 9, tzinfo=UTC))
    give_points(database, program, soon.id, 30, occurred_at=datetime(2025, 6, 20, 15, tzinfo=UTC))
    give_points(database, program, soon.id, 500, occurred_at=datetime(2025, 8, 1, 9, tzinfo=UTC))
    give_points(database, program, later.id, 80, occurred_at=datetime(2025, 7, 20, 9, tzinfo=UTC))
    assert scan(database, program, "expiring_points", NOW) == 1
    assert announced(database, program, "points.expiring_soon") == [(soon.id, {
        "points": 150, "unit": "points", "date": "2026-06-20", "expires_at": "2026-06-20T09:00:00+00:00"})]
    assert scan(database, program, "expiring_points", NOW + timedelta(days=1)) == 0
    with unit_of_work(database) as session:
        lifecycle.update_settings(session=session, program=program, actor="test",
                                  data=LifecycleSettingsUpdate(expiring_days=40))
    assert scan(database, program, "expiring_points", NOW) == 1
    assert announced(database, program, "points.expiring_soon")[-1][0] == later.id
    assert spent_soon.id not in {member_id for member_id, _ in announced(database, program, "points.expiring_soon")}


# --- anniversaries -------------------------------------------------------------------------------


def test_anniversaries_of_enrolment_in_the_programs_timezone(database: Database, program: Program) -> None:
    # 23:30 UTC on June 14 is June 15 in Warsaw: enrolled then, the anniversary is June 15.
    late = make_member(database, program, enrolled_at=datetime(2023, 6, 14, 23, 30, tzinfo=UTC))
    on_the_day = make_member(database, program, enrolled_at=datetime(2025, 6, 15, 8, tzinfo=UTC))
    make_member(database, program, enrolled_at=datetime(2024, 6, 14, 12, tzinfo=UTC))
    make_member(database, program, enrolled_at=datetime(2026, 6, 15, 7, tzinfo=UTC))  # today: no anniversary yet
    assert scan(database, program, "anniversaries", NOW) == 2
    assert sorted((member_id, payload["years"]) for member_id, payload in
                  announced(database, program, "member.anniversary")) == sorted([(late.id, 3), (on_the_day.id, 1)])
    assert scan(database, program, "anniversaries", NOW) == 0


# --- abandoned carts ------------------------------------------------------------------------------


def put_cart(database: Database, program: Program, member_id: int, cart_id: str, value: int = 4900) -> None:
    with unit_of_work(database) as session:
        lifecycle.record_cart(session=session, program=program, member_id=member_id, actor="shop", data=CartUpdate(
            cart_id=cart_id, value=value, items=[CartItemIn(sku="CAP-250", quantity=1, unit_price=value)]))


def test_a_cart_is_abandoned_only_without_a_following_purchase(database: Database, program: Program) -> None:
    left, bought, empty = (make_member(database, program) for _ in range(3))
    cart_time = NOW - timedelta(hours=6)
    with at(cart_time):
        put_cart(database, program, left.id, "C-1")
        put_cart(database, program, bought.id, "C-2")
        put_cart(database, program, empty.id, "C-3", value=0)
    with at(NOW):
        buy(database, program, bought.id, cart_time + timedelta(hours=1))
    assert scan(database, program, "abandoned_carts", NOW - timedelta(hours=3)) == 0  # only 3 hours old
    assert scan(database, program, "abandoned_carts", NOW) == 1
    assert announced(database, program, "cart.abandoned") == [(left.id, {
        "cart_id": "C-1", "value": 4900, "currency": "EUR", "updated_at": "2026-06-15T06:00:00+00:00",
        "items": [{"sku": "CAP-250", "name": None, "quantity": 1, "unit_price": 4900}]})]
    assert scan(database, program, "abandoned_carts", NOW + timedelta(hours=1)) == 0
    with at(NOW + timedelta(hours=1)):
        put_cart(database, program, left.id, "C-1", value=9800)  # the same cart again: announced once only
    assert scan(database, program, "abandoned_carts", NOW + timedelta(hours=8)) == 0
    assert [payload["cart_id"] for _, payload in announced(database, program, "cart.updated")] == [
        "C-1", "C-2", "C-3", "C-1"]


def test_a_backlog_is_announced_in_units_of_bounded_size(database: Database, program: Program) -> None:
    born = [make_member(database, program, birth_date=date(1970 + i, 9, 1)) for i in range(5)]
    moment = datetime(2026, 9, 1, 9, tzinfo=UTC)
    with unit_of_work(database) as session:
        first = lifecycle.scan_birthdays(session=session, program=program, now=moment, limit=2)
    assert first == lifecycle.ScanBatch(announced=2, resume_after=born[1].id)
    assert scan(database, program, "birthdays", moment, limit=2) == 3  # 2, 1: the rest, then done
    assert scan(database, program, "birthdays", moment, limit=2) == 0
    assert sorted(member_id for member_id, _ in announced(database, program, "member.birthday")) == [
        member.id for member in born]
