"""Refunds take back what they bought, on both databases: a challenge completed by a purchase
refunded before its end is reversed once (its points back, its unused coupon voided), and paid
once more when completed again, also under 20 concurrent evaluations; a badge level the
member's purchases no longer reach is revoked once and earned again once; a refund after the
challenge's end, or a redelivered refund, changes nothing more."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.gamification import service as gamification
from loyalty.gamification.schemas import ChallengeUpdate
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.programs.models import Program
from loyalty.vouchers import service as vouchers
from loyalty.worker import tasks_gamification
from loyalty.worker.consumer import published
from tests.factories.engagement_boards import catch_up, refund, start
from tests.factories.gamification import buy, evaluate, make_badge, make_challenge
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_member
from tests.factories.vouchers import make_campaign, make_codes

GAMIFICATION = tasks_gamification.subscriber


def _payloads(database: Database, program: Program, member_id: int, kind: str) -> list[dict[str, object]]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event.payload).where(
            Event.program_id == program.id, Event.member_id == member_id, Event.type == kind).order_by(Event.id)))


def _points_by_reason(database: Database, program: Program, member_id: int, reason: str) -> int:
    """Points earned less points taken back under `reason` (and `<reason> revoked|reversed`)."""
    earned = sum(sum(payload["available"].values())  # type: ignore[union-attr, attr-defined, misc]
                 for payload in _payloads(database, program, member_id, "points.earned")
                 if payload["reason"] == reason)
    taken = sum(sum(payload["points"].values())  # type: ignore[union-attr, attr-defined, misc]
                for payload in _payloads(database, program, member_id, "points.reversed")
                if str(payload["reason"]).startswith(f"{reason} "))
    return earned - taken


def _redeliver_refunds(database: Database, program: Program, member_id: int) -> None:
    with unit_of_work(database, read_only=True) as session:
        refunds = list(session.scalars(select(Event).where(Event.program_id == program.id,
                                                           Event.member_id == member_id,
                                                           Event.type == "purchase.refunded")))
    for event in refunds:
        with unit_of_work(database) as session:
            tasks_gamification.handle(session, published(event))


def _running(**fields: object) -> dict[str, object]:
    now = clock.now()
    return {"starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=30), **fields}


def _join(database: Database, program: Program, member_id: int, challenge_id: int) -> None:
    with unit_of_work(database) as session:
        gamification.join_challenge(session=session, program=program, member_id=member_id,
                                    challenge_id=challenge_id, actor="test")


def _participant(database: Database, program: Program, member_id: int, challenge_id: int) -> tuple[int, bool]:
    with unit_of_work(database, read_only=True) as session:
        [mine] = [item for item in gamification.member_challenges(session=session, program=program,
                                                                  member_id=member_id).items
                  if item.challenge_id == challenge_id]
    return mine.progress, mine.completed_at is not None


def test_a_refund_before_the_end_reverses_the_completion_once_and_a_new_completion_pays_once_more(
        database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, name="Challenge coupon")
    make_codes(database, program, campaign.id, count=3)
    challenge = make_challenge(database, program, **_running(name="Two visits", measure="purchase_count", goal=2,
                                                             reward_points=100, voucher_campaign_id=campaign.id))
    member = make_member(database, program)
    start(database, GAMIFICATION)
    _join(database, program, member.id, challenge.id)
    buy(database, program, member.id)
    returned = buy(database, program, member.id)
    catch_up(database, GAMIFICATION)
    [completed] = _payloads(database, program, member.id, "challenge.completed")

    refund(database, program, returned, 1000)                                          # bought to complete it
    catch_up(database, GAMIFICATION)
    _redeliver_refunds(database, program, member.id)

    [reversed_] = _payloads(database, program, member.id, "challenge.reversed")
    assert (reversed_["value"], reversed_["points"], reversed_["coupon_voided"]) == (1, 100,
                                                                                     completed["coupon_code"])
    assert _points_by_reason(database, program, member.id, f"challenge:{challenge.id}") == 0
    assert _participant(database, program, member.id, challenge.id) == (1, False)
    with unit_of_work(database, read_only=True) as session:
        statuses = {item.code: item.status for item in vouchers.member_vouchers(
            session=session, program=program, member_id=member.id).items}
    assert statuses[str(completed["coupon_code"])] == "used_up"

    buy(database, program, member.id)                                                  # completed again
    catch_up(database, GAMIFICATION)
    _redeliver_refunds(database, program, member.id)

    assert len(_payloads(database, program, member.id, "challenge.completed")) == 2
    assert len(_payloads(database, program, member.id, "challenge.reversed")) == 1
    assert _points_by_reason(database, program, member.id, f"challenge:{challenge.id}") == 100
    assert _participant(database, program, member.id, challenge.id) == (2, True)


def test_points_already_spent_become_a_debt_as_a_purchase_refund_leaves_one(database: Database,
                                                                           program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="One visit", measure="purchase_count", goal=1,
                                                             reward_points=300))
    member = make_member(database, program)                                            # no earning rule
    _join(database, program, member.id, challenge.id)
    returned = buy(database, program, member.id)
    evaluate(database, program, member.id)
    with unit_of_work(database) as session:
        ledger.spend(session=session, program=program, member_id=member.id, unit="points", points=300, actor="test")
    start(database, GAMIFICATION)

    refund(database, program, returned, 1000)
    catch_up(database, GAMIFICATION)

    assert balance(database, program, member.id).available == -300
    give_points(database, program, member.id, 1000)
    assert balance(database, program, member.id).available == 700


def test_twenty_concurrent_completions_after_a_reversal_pay_once(database: Database, program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="One visit again", measure="purchase_count",
                                                             goal=1, reward_points=70))
    member = make_member(database, program)
    start(database, GAMIFICATION)
    _join(database, program, member.id, challenge.id)
    returned = buy(database, program, member.id)
    catch_up(database, GAMIFICATION)
    refund(database, program, returned, 1000)
    catch_up(database, GAMIFICATION)
    assert _participant(database, program, member.id, challenge.id) == (0, False)
    buy(database, program, member.id)

    with ThreadPoolExecutor(20) as pool:
        runs = list(pool.map(lambda _: evaluate(database, program, member.id), range(20)))

    assert sum(len(run.challenges_completed) for run in runs) == 1
    assert len(_payloads(database, program, member.id, "challenge.completed")) == 2
    assert _points_by_reason(database, program, member.id, f"challenge:{challenge.id}") == 70


def test_a_refund_after_the_challenge_ended_reverses_nothing(database: Database, program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="Ended", measure="purchase_count", goal=1,
                                                             reward_points=40))
    member = make_member(database, program)
    _join(database, program, member.id, challenge.id)
    returned = buy(database, program, member.id)
    evaluate(database, program, member.id)
    with unit_of_work(database) as session:
        gamification.update_challenge(session=session, program=program, challenge_id=challenge.id,
                                      data=ChallengeUpdate(ends_at=clock.now() - timedelta(seconds=1)), actor="test")
    start(database, GAMIFICATION)

    refund(database, program, returned, 1000)
    catch_up(database, GAMIFICATION)

    assert _payloads(database, program, member.id, "challenge.reversed") == []
    assert _points_by_reason(database, program, member.id, f"challenge:{challenge.id}") == 40


def test_a_partial_refund_that_leaves_the_goal_reached_reverses_nothing(database: Database,
                                                                        program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="Spend 15", measure="spend", goal=1500,
                                                             reward_points=25))
    member = make_member(database, program)
    start(database, GAMIFICATION)
    _join(database, program, member.id, challenge.id)
    returned = buy(database, program, member.id, price=2000)
    catch_up(database, GAMIFICATION)

    refund(database, program, returned, 400)                                           # 16.00 left: still reached
    catch_up(database, GAMIFICATION)
    assert _payloads(database, program, member.id, "challenge.reversed") == []

    refund(database, program, returned, 200)                                           # 14.00 left: below
    catch_up(database, GAMIFICATION)
    assert [payload["value"] for payload in _payloads(database, program, member.id, "challenge.reversed")] == [1400]


def test_a_badge_level_lost_by_a_refund_is_revoked_once_and_earned_again_once(database: Database,
                                                                              program: Program) -> None:
    badge = make_badge(database, program, name="Regular", measure="purchase_count",
                       levels=[{"name": "Bronze", "threshold": 1, "points": 10},
                               {"name": "Silver", "threshold": 2, "points": 50}])
    member = make_member(database, program)
    start(database, GAMIFICATION)
    buy(database, program, member.id)
    returned = buy(database, program, member.id)
    catch_up(database, GAMIFICATION)

    refund(database, program, returned, 1000)
    catch_up(database, GAMIFICATION)
    _redeliver_refunds(database, program, member.id)

    assert [(p["level"], p["points"]) for p in _payloads(database, program, member.id, "badge.revoked")] == [(2, 50)]
    assert _points_by_reason(database, program, member.id, f"badge:{badge.id}") == 10
    with unit_of_work(database, read_only=True) as session:
        [shown] = gamification.member_badges(session=session, program=program, member_id=member.id).items
        holders = gamification.badge_holders(session=session, program=program, badge_id=badge.id)
    assert (shown.earned_level, shown.next_threshold) == ("Bronze", 2)
    assert [level_name for _member, level_name, _at in holders] == ["Bronze"]

    buy(database, program, member.id)                                                  # Silver again

    with ThreadPoolExecutor(20) as pool:
        runs = list(pool.map(lambda _: evaluate(database, program, member.id), range(20)))
    catch_up(database, GAMIFICATION)

    assert sum(len(run.badges_earned) for run in runs) == 1
    assert [p["level"] for p in _payloads(database, program, member.id, "badge.earned")] == [1, 2, 2]
    assert _points_by_reason(database, program, member.id, f"badge:{badge.id}") == 60


def test_a_blocked_members_refund_still_reverses_the_completion(database: Database, program: Program) -> None:
    from loyalty.members import service as members
    from loyalty.members.schemas import MemberUpdate

    challenge = make_challenge(database, program, **_running(name="Then blocked", measure="purchase_count", goal=1,
                                                             reward_points=60))
    member = make_member(database, program)
    _join(database, program, member.id, challenge.id)
    returned = buy(database, program, member.id)
    evaluate(database, program, member.id)
    with unit_of_work(database) as session:
        members.update_member(session=session, program=program, member_id=member.id,
                              data=MemberUpdate(status="blocked"), actor="test")
    start(database, GAMIFICATION)

    refund(database, program, returned, 1000)
    catch_up(database, GAMIFICATION)

    assert len(_payloads(database, program, member.id, "challenge.reversed")) == 1
    assert _points_by_reason(database, program, member.id, f"challenge:{challenge.id}") == 0
