"""Referrals at the service level, on both databases: link, qualify, reward, cap, reverse."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.kernel.errors import InsufficientPoints, Invalid, NotFound
from loyalty.ledger import service as ledger
from loyalty.members import service as member_service
from loyalty.members.models import Member
from loyalty.members.schemas import MemberUpdate
from loyalty.programs.models import Program
from loyalty.referrals import service as referrals
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.referrals import buy, make_referee, referral_of, refund, set_referral_program


def _events(database: Database, program: Program, member: Member) -> list[tuple[str, dict[str, Any]]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.program_id == program.id, Event.member_id == member.id,
                                                   Event.type.like("referral.%")).order_by(Event.id)).all()
        return [(row.type, row.payload) for row in rows]


def _event_types(database: Database, program: Program, member: Member) -> list[str]:
    return [event_type for event_type, _payload in _events(database, program, member)]


def _available(database: Database, program: Program, member: Member) -> int:
    return balance(database, program, member.id).available


def test_full_flow_rewards_both_once_only_after_the_qualifying_purchase(database: Database,
                                                                        program: Program) -> None:
    set_referral_program(database, program, min_total=5000, referrer_points=500, referee_points=250)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code.lower())

    assert referral_of(database, program, referee).status == "pending"
    assert _event_types(database, program, referrer) == ["referral.linked"]
    assert _event_types(database, program, referee) == ["referral.linked"]

    buy(database, program, referee.id, 4999)                                          # below the threshold
    assert referral_of(database, program, referee).status == "pending"
    assert (_available(database, program, referrer), _available(database, program, referee)) == (0, 0)

    purchase_id = buy(database, program, referee.id, 5000, external_id="QUALIFY-1")   # qualifying
    buy(database, program, referee.id, 5000, external_id="QUALIFY-1")                 # the shop retries it
    buy(database, program, referee.id, 9000)                                          # and a later purchase

    referral = referral_of(database, program, referee)
    assert (referral.status, referral.reason, referral.qualifying_purchase_id) == ("rewarded", None, purchase_id)
    assert (referral.referrer_points, referral.referee_points) == (500, 250)
    assert (_available(database, program, referrer), _available(database, program, referee)) == (500, 250)
    assert _event_types(database, program, referrer) == ["referral.linked", "referral.rewarded"]
    assert _event_types(database, program, referee) == ["referral.linked", "referral.rewarded"]
    rewarded = dict(_events(database, program, referrer))["referral.rewarded"]
    assert rewarded["role"] == "referrer" and rewarded["purchase_id"] == purchase_id
    assert rewarded["referrer_reward"] == {"unit": "points", "points": 500}
    with unit_of_work(database, read_only=True) as session:
        entries = ledger.ledger_entries(session=session, program_id=program.id, member_id=referrer.id,
                                        before_id=None, limit=10)
    assert [(entry.amount, entry.rule_id) for entry in entries.items] == [(500, None)]
    assert verify_ok(database) == []


def test_unknown_code_is_refused_naming_the_field_and_enrols_nobody(database: Database, program: Program) -> None:
    set_referral_program(database, program)
    other_program = make_program(database, name="Other shop")
    stranger = make_member(database, other_program)
    for code in ("ZZZZZZZZ", stranger.referral_code):
        with pytest.raises(Invalid) as refused:
            make_referee(database, program, code=code, email="new@example.com")
        assert (refused.value.code, refused.value.field) == ("unknown_referral_code", "referral_code")
    with unit_of_work(database, read_only=True) as session:
        assert session.scalars(select(Member).where(Member.program_id == program.id)).all() == []


@pytest.mark.parametrize(("referee_fields", "reason"), [
    ({"email": "A.N.N.A.Kowalska+friend@googlemail.com"}, "self_referral_email"),
    ({"email": "anna.kowalska+2@gmail.com"}, "self_referral_email"),
    ({"email": "someone.else@example.com",
      "address": {"line1": "UL. DŁUGA 1", "postal_code": "80 001", "city": "Gdansk", "country": "pl"}},
     "self_referral_address"),
])
def test_self_referral_is_linked_but_rejected_with_a_reason(database: Database, program: Program,
                                                            referee_fields: dict[str, Any], reason: str) -> None:
    set_referral_program(database, program)
    referrer = make_member(database, program, email="Anna.Kowalska@gmail.com", phone="+48601234567",
                           address={"line1": "ul. Długa 1", "postal_code": "80-001", "city": "Gdańsk",
                                    "country": "PL"})
    referee = make_referee(database, program, code=referrer.referral_code, **referee_fields)

    referral = referral_of(database, program, referee)
    assert (referral.status, referral.reason) == ("rejected", reason)
    buy(database, program, referee.id, 10_000)
    assert referral_of(database, program, referee).status == "rejected"
    assert (_available(database, program, referrer), _available(database, program, referee)) == (0, 0)
    assert _event_types(database, program, referrer) == ["referral.rejected"]
    assert _events(database, program, referee)[0][1]["reason"] == reason


def test_an_address_copied_from_the_referrer_after_signup_is_caught_at_the_purchase(database: Database,
                                                                                    program: Program) -> None:
    set_referral_program(database, program)
    home = {"line1": "Długa 1", "postal_code": "80-001", "country": "PL"}
    referrer = make_member(database, program, address=home)
    referee = make_referee(database, program, code=referrer.referral_code)
    with unit_of_work(database) as session:
        member_service.update_member(session=session, program=program, member_id=referee.id, actor="test",
                                     data=MemberUpdate.model_validate({"address": home}))

    buy(database, program, referee.id, 5000)

    referral = referral_of(database, program, referee)
    assert (referral.status, referral.reason) == ("rejected", "self_referral_address")
    assert (_available(database, program, referrer), _available(database, program, referee)) == (0, 0)


def test_cap_per_period_counts_rewarded_referrals_in_a_rolling_window(database: Database,
                                                                      program: Program) -> None:
    set_referral_program(database, program, cap={"count": 2, "period_days": 30})
    start = clock.now()
    clock.set_clock(lambda: start)
    referrer = make_member(database, program)
    referees = [make_referee(database, program, code=referrer.referral_code) for _ in range(3)]
    for referee in referees:
        buy(database, program, referee.id, 5000)

    statuses = [(r.status, r.reason) for r in (referral_of(database, program, m) for m in referees)]
    assert statuses == [("rewarded", None), ("rewarded", None), ("rejected", "referral_cap_reached")]
    assert _available(database, program, referrer) == 1000
    # Over the cap the referee still gets the reward promised at signup; the referrer does not.
    assert [_available(database, program, m) for m in referees] == [250, 250, 250]
    assert _event_types(database, program, referrer)[-1] == "referral.rejected"

    clock.set_clock(lambda: start + timedelta(days=29, hours=23))
    late = make_referee(database, program, code=referrer.referral_code)
    buy(database, program, late.id, 5000)
    assert (referral_of(database, program, late).reason) == "referral_cap_reached"

    clock.set_clock(lambda: start + timedelta(days=30, minutes=1))
    next_period = make_referee(database, program, code=referrer.referral_code)
    buy(database, program, next_period.id, 5000)
    assert referral_of(database, program, next_period).status == "rewarded"
    assert _available(database, program, referrer) == 1500


def test_refund_below_the_threshold_reverses_both_rewards(database: Database, program: Program) -> None:
    set_referral_program(database, program, min_total=5000)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)
    purchase_id = buy(database, program, referee.id, 8000)

    refund(database, program, purchase_id, 3000)            # 5000 left: still qualifies
    assert referral_of(database, program, referee).status == "rewarded"

    refund(database, program, purchase_id, 1)               # 4999 left: no longer
    refund(database, program, purchase_id, 4999)            # refunding the rest changes nothing more

    referral = referral_of(database, program, referee)
    assert (referral.status, referral.reason) == ("reversed", "qualifying_purchase_refunded")
    assert (_available(database, program, referrer), _available(database, program, referee)) == (0, 0)
    assert balance(database, program, referrer.id).reversed == 500
    assert _event_types(database, program, referrer) == ["referral.linked", "referral.rewarded",
                                                         "referral.reversed"]
    assert _event_types(database, program, referee)[-1] == "referral.reversed"
    assert verify_ok(database) == []


def test_reversal_of_spent_rewards_leaves_a_debt(database: Database, program: Program) -> None:
    set_referral_program(database, program, referrer_points=500, referee_points=250)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)
    give_points(database, program, referrer.id, 100)
    purchase_id = buy(database, program, referee.id, 5000)
    with unit_of_work(database) as session:
        ledger.spend(session=session, program=program, member_id=referrer.id, unit="points", points=550,
                     actor="test")
        ledger.spend(session=session, program=program, member_id=referee.id, unit="points", points=250,
                     actor="test")

    refund(database, program, purchase_id, 5000)

    assert _available(database, program, referrer) == -450
    assert balance(database, program, referrer.id).is_in_debt
    assert _available(database, program, referee) == -250
    assert verify_ok(database) == []


def test_the_cap_rejection_still_reverses_the_referee_reward(database: Database, program: Program) -> None:
    set_referral_program(database, program, cap={"count": 1, "period_days": 30})
    referrer = make_member(database, program)
    first = make_referee(database, program, code=referrer.referral_code)
    second = make_referee(database, program, code=referrer.referral_code)
    buy(database, program, first.id, 5000)
    purchase_id = buy(database, program, second.id, 5000)
    assert referral_of(database, program, second).reason == "referral_cap_reached"

    refund(database, program, purchase_id, 5000)

    assert (referral_of(database, program, second).status, _available(database, program, second)) == ("reversed", 0)
    assert _available(database, program, referrer) == 500


def test_concurrent_qualifying_purchases_of_one_referee_reward_once(database: Database, program: Program) -> None:
    set_referral_program(database, program)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda index: buy(database, program, referee.id, 6000, external_id=f"RACE-{index}"), range(10)))

    assert (_available(database, program, referrer), _available(database, program, referee)) == (500, 250)
    assert _event_types(database, program, referee).count("referral.rewarded") == 1
    assert verify_ok(database) == []


def test_concurrent_referees_never_push_a_referrer_past_the_cap(database: Database, program: Program) -> None:
    set_referral_program(database, program, cap={"count": 3, "period_days": 30})
    referrer = make_member(database, program)
    referees = [make_referee(database, program, code=referrer.referral_code) for _ in range(8)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda member: buy(database, program, member.id, 5000), referees))

    statuses = sorted(referral_of(database, program, member).status for member in referees)
    assert statuses == ["rejected"] * 5 + ["rewarded"] * 3
    assert _available(database, program, referrer) == 1500
    assert [_available(database, program, member) for member in referees] == [250] * 8


def test_a_purchase_after_the_window_closes_the_referral(database: Database, program: Program) -> None:
    set_referral_program(database, program, within_days=14)
    start = clock.now()
    clock.set_clock(lambda: start)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)

    clock.set_clock(lambda: start + timedelta(days=15))
    buy(database, program, referee.id, 50_000)
    clock.set_clock(lambda: start + timedelta(days=15, minutes=1))
    buy(database, program, referee.id, 50_000)

    assert (referral_of(database, program, referee).reason) == "qualifying_window_closed"
    assert (_available(database, program, referrer), _available(database, program, referee)) == (0, 0)


def test_paused_programme_links_nothing_pending_and_rewards_nobody(database: Database, program: Program) -> None:
    set_referral_program(database, program)
    referrer = make_member(database, program)
    waiting = make_referee(database, program, code=referrer.referral_code)
    set_referral_program(database, program, active=False)
    late = make_referee(database, program, code=referrer.referral_code)

    buy(database, program, waiting.id, 5000)

    assert (referral_of(database, program, late).reason) == "referral_program_inactive"
    assert (referral_of(database, program, waiting).reason) == "referral_program_inactive"
    assert (_available(database, program, referrer), _available(database, program, waiting)) == (0, 0)


def test_a_blocked_referrer_gets_nothing_but_the_referee_still_does(database: Database, program: Program) -> None:
    set_referral_program(database, program)
    referrer = make_member(database, program)
    with unit_of_work(database) as session:
        member_service.update_member(session=session, program=program, member_id=referrer.id, actor="test",
                                     data=MemberUpdate(status="blocked"))
    referee = make_referee(database, program, code=referrer.referral_code)
    assert referral_of(database, program, referee).status == "pending"   # blocking may be lifted meanwhile

    buy(database, program, referee.id, 5000)

    assert (referral_of(database, program, referee).reason) == "referrer_blocked"
    assert (_available(database, program, referrer), _available(database, program, referee)) == (0, 250)


def test_members_see_only_their_own_programs_referrals(database: Database, program: Program) -> None:
    set_referral_program(database, program)
    referrer = make_member(database, program)
    make_referee(database, program, code=referrer.referral_code)
    other_program = make_program(database, name="Other shop")
    with unit_of_work(database, read_only=True) as session:
        with pytest.raises(NotFound) as missing:
            referrals.member_referrals(session=session, program=other_program, member_id=referrer.id,
                                       public_url="http://test")
        page = referrals.member_referrals(session=session, program=program, member_id=referrer.id,
                                          public_url="https://loyalty.example.com")
    assert missing.value.code == "member_not_found"
    assert page.referral_link == f"https://loyalty.example.com/r/{referrer.referral_code}"
    assert page.counts == {"pending": 1, "rewarded": 0, "rejected": 0, "reversed": 0}
    assert [row.status for row in page.referees.items] == ["pending"]


def test_referral_rewards_wait_for_the_qualifying_purchases_return_window(database: Database) -> None:
    program = make_program(database, pending_days=14)
    set_referral_program(database, program, referrer_points=500, referee_points=250)
    referrer = make_member(database, program)
    referee = make_referee(database, program, code=referrer.referral_code)

    buy(database, program, referee.id, 5000)

    # A refund of the purchase would take them back: they cannot be spent before it is too late.
    referrer_balance = balance(database, program, referrer.id)
    assert (referrer_balance.available, referrer_balance.pending) == (0, 500)
    with pytest.raises(InsufficientPoints), unit_of_work(database) as session:
        ledger.spend(session=session, program=program, member_id=referrer.id, unit="points", points=500,
                     actor="test")
    with unit_of_work(database) as session:
        ledger.run_due_jobs(session=session, program=program, now=clock.now() + timedelta(days=15))
    assert balance(database, program, referrer.id).available == 500
    assert verify_ok(database) == []
