"""A journey's control group and its results, on both databases: held-out members get nothing
but their goal converts, the groups are reproducible, and the figures match a hand count."""

from __future__ import annotations

import math
import statistics
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as event_service
from loyalty.journeys import domain
from loyalty.journeys import service as journeys
from loyalty.journeys.domain import GraphInvalid
from loyalty.journeys.models import Journey
from loyalty.journeys.schemas import JourneyResults
from loyalty.kernel import clock
from loyalty.members.models import Member
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from tests.factories.clock import at
from tests.factories.journeys import advance_due, enrolments, happen, make_journey, record
from tests.factories.members import make_member
from tests.factories.vouchers import make_campaign, make_codes


def rewarding_journey(voucher_campaign_id: int, *, share: float = 0.5, **top: Any) -> dict[str, Any]:
    """A message, 100 points, a coupon and a tag at once; the goal is a purchase within 14 days."""
    return {
        "entry": {"type": "api"},
        "reentry": {"policy": "always"},
        "goal": {"event_type": "purchase.recorded", "window": {"days": 14}},
        "holdout": {"share": share},
        "start": "hello",
        "steps": [
            {"id": "hello", "type": "send_message", "template_key": "hello", "next": "points"},
            {"id": "points", "type": "award_points", "points": 100, "next": "coupon"},
            {"id": "coupon", "type": "issue_coupon", "voucher_campaign_id": voucher_campaign_id, "next": "tag"},
            {"id": "tag", "type": "tag", "tag": "welcomed"},
        ],
        **top,
    }


def members_by_group(database: Database, program: Program, journey: Journey, *, target: int,
                     control: int) -> tuple[list[Member], list[Member]]:
    """New members until there are enough in each group, sorted by the journey's own hash."""
    targets: list[Member] = []
    controls: list[Member] = []
    graph = journey_graph(database, journey)
    while len(targets) < target or len(controls) < control:
        member = make_member(database, program)
        held_out = domain.held_out(graph, seed=journey.holdout_seed, member_id=member.id)
        group = controls if held_out else targets
        if len(group) < (control if held_out else target):
            group.append(member)
    return targets, controls


def journey_graph(database: Database, journey: Journey) -> domain.JourneyGraph:
    with unit_of_work(database, read_only=True) as session:
        return journeys.journey_graph(session=session, journey=journey)


def enrol(database: Database, program: Program, journey: Journey, member: Member) -> None:
    with unit_of_work(database) as session:
        journeys.enrol(session=session, program=program, journey_id=journey.id, member_id=member.id, payload={},
                       actor="test")


def results(database: Database, program: Program, journey: Journey) -> JourneyResults:
    with unit_of_work(database, read_only=True) as session:
        return journeys.results(session=session, program=program, journey_id=journey.id)


def events_of(database: Database, program: Program, member_id: int, type_: str) -> list[dict[str, Any]]:
    with unit_of_work(database, read_only=True) as session:
        rows = event_service.timeline(session=session, program_id=program.id, member_id=member_id, before_id=None,
                                      limit=200)
        return [row.payload for row in rows if row.type == type_]


def buy(database: Database, program: Program, member: Member, total: int, purchase_id: int) -> None:
    happen(database, program, member.id, "purchase.recorded", {"purchase_id": purchase_id, "total": total})


def test_a_held_out_member_gets_nothing_but_their_purchase_converts(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    make_codes(database, program, campaign.id, count=5)
    journey = make_journey(database, program, rewarding_journey(campaign.id))
    [walker], [held] = members_by_group(database, program, journey, target=1, control=1)

    enrol(database, program, journey, walker)
    enrol(database, program, journey, held)
    buy(database, program, held, 4200, purchase_id=1)

    with unit_of_work(database, read_only=True) as session:
        held_messages = messaging.member_messages(session=session, program_id=program.id, member_id=held.id).items
        walker_messages = messaging.member_messages(session=session, program_id=program.id,
                                                    member_id=walker.id).items
        held_attributes = session.get(Member, held.id).attributes  # type: ignore[union-attr]
    assert (len(held_messages), len(walker_messages)) == (0, 1)
    assert events_of(database, program, held.id, "points.earned") == []
    assert events_of(database, program, held.id, "voucher.published") == []
    assert "tags" not in (held_attributes or {})
    assert len(events_of(database, program, walker.id, "points.earned")) == 1
    assert [p["group"] for p in events_of(database, program, held.id, "journey.entered")] == ["control"]
    assert [p["group"] for p in events_of(database, program, walker.id, "journey.entered")] == ["target"]
    [enrolment] = enrolments(database, program, held.id)
    assert (enrolment.state, enrolment.conversion_revenue, enrolment.steps) == ("converted", 4200, [])


def test_a_held_out_member_leaves_when_the_window_ends_and_a_later_purchase_does_not_count(
        database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    journey = make_journey(database, program, rewarding_journey(campaign.id))
    _, [held] = members_by_group(database, program, journey, target=0, control=1)
    start = clock.now()

    with at(start):
        enrol(database, program, journey, held)
    with at(start + timedelta(days=13)):
        assert advance_due(database) == 0
    with at(start + timedelta(days=14, seconds=1)):
        advance_due(database)
        buy(database, program, held, 9900, purchase_id=7)

    [enrolment] = enrolments(database, program, held.id)
    assert (enrolment.state, enrolment.exit_reason, enrolment.conversion_revenue) == ("completed", "held_out", None)


def test_the_groups_are_reproducible(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    first = make_journey(database, program, rewarding_journey(campaign.id))
    second = make_journey(database, program, rewarding_journey(campaign.id))
    [walker], [held] = members_by_group(database, program, first, target=1, control=1)
    start = clock.now()

    for day in (0, 15):  # `always`: each enters again once the previous enrolment ended
        with at(start + timedelta(days=day)):
            advance_due(database)
            enrol(database, program, first, walker)
            enrol(database, program, first, held)

    assert [p["group"] for p in events_of(database, program, held.id, "journey.entered")] == ["control"] * 2
    assert [p["group"] for p in events_of(database, program, walker.id, "journey.entered")] == ["target"] * 2
    assert len(events_of(database, program, held.id, "points.earned")) == 0
    assert first.holdout_seed != second.holdout_seed and len(first.holdout_seed) == 32


def test_a_control_group_needs_the_goals_window(database: Database, program: Program) -> None:
    graph = rewarding_journey(1, goal={"event_type": "purchase.recorded"})
    with pytest.raises(GraphInvalid) as refused:
        make_journey(database, program, graph)
    assert refused.value.field == "holdout.share"


def test_the_results_match_a_hand_count(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, amount=500)  # a fixed 5.00 off: each code costs 500
    make_codes(database, program, campaign.id, count=5)
    journey = make_journey(database, program, rewarding_journey(campaign.id))
    targets, controls = members_by_group(database, program, journey, target=3, control=3)
    start = clock.now()
    source = f"journey:{journey.id}"

    with at(start):
        for member in [*targets, *controls]:
            enrol(database, program, journey, member)
    for member, kind in [(targets[0], "message.delivered"), (targets[1], "message.delivered"),
                         (targets[0], "message.opened"), (targets[0], "message.clicked")]:
        record(database, program, member.id, kind, {"message_id": 1, "source": source, "channel": "email",
                                                    "template_key": "hello", "link": "x", "url": "https://x.example"}
               if kind == "message.clicked" else {"message_id": 1, "source": source, "channel": "email"})
    record(database, program, targets[2].id, "message.delivered",
           {"message_id": 2, "source": "campaign:1", "channel": "email"})  # another sender's: not counted
    with at(start + timedelta(days=3)):
        buy(database, program, targets[0], 10000, purchase_id=1)  # the path ended at once: converts after it
        buy(database, program, targets[0], 2500, purchase_id=2)  # converted already: counts once
        buy(database, program, targets[1], 4000, purchase_id=3)
        buy(database, program, controls[0], 3000, purchase_id=4)
    with at(start + timedelta(days=15)):
        advance_due(database)
        buy(database, program, targets[2], 7000, purchase_id=5)  # after the window
        buy(database, program, controls[1], 8000, purchase_id=6)

    shown = results(database, program, journey)

    target_revenue, control_revenue = [10000, 4000, 0], [3000, 0, 0]
    uplift = statistics.mean(target_revenue) - statistics.mean(control_revenue)
    standard_error = math.sqrt(statistics.variance(target_revenue) / 3 + statistics.variance(control_revenue) / 3)
    points_cost = int(300 * Decimal(program.point_value) * 100)  # EUR: 100 minor units
    cost = points_cost + 3 * 500
    assert shown.target.model_dump() == {
        "entered": 3, "delivered": 2, "opened": 1, "clicked": 1, "converted": 2, "conversion_rate": 2 / 3,
        "revenue_minor": 14000, "revenue_per_member": 14000 / 3, "points_cost": 300, "coupons_issued": 3,
        "cost_minor": cost}
    assert shown.control.model_dump() == {
        "entered": 3, "delivered": 0, "opened": 0, "clicked": 0, "converted": 1, "conversion_rate": 1 / 3,
        "revenue_minor": 3000, "revenue_per_member": 1000.0, "points_cost": 0, "coupons_issued": 0,
        "cost_minor": 0}
    assert shown.uplift_per_member is not None
    assert shown.uplift_per_member.estimate == pytest.approx(uplift)
    assert shown.uplift_per_member.standard_error == pytest.approx(standard_error)
    assert (shown.uplift_per_member.low, shown.uplift_per_member.high) == (
        pytest.approx(uplift - 1.959964 * standard_error), pytest.approx(uplift + 1.959964 * standard_error))
    assert shown.incremental_revenue_minor == pytest.approx(uplift * 3)  # 11 000
    assert shown.cost_minor == cost
    assert shown.roi == pytest.approx((uplift * 3 - cost) / cost)
    assert (shown.control_share, shown.window) == (0.5, {"days": 14})


def test_a_journey_without_a_control_group_has_no_uplift(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    make_codes(database, program, campaign.id, count=2)
    graph = rewarding_journey(campaign.id)
    del graph["holdout"]
    journey = make_journey(database, program, graph)
    member = make_member(database, program)
    enrol(database, program, journey, member)

    shown = results(database, program, journey)

    assert (shown.target.entered, shown.control.entered, shown.control_share) == (1, 0, 0.0)
    assert (shown.uplift_per_member, shown.incremental_revenue_minor, shown.roi) == (None, None, None)
