"""Journeys on both databases: members enter on an event, wait, branch on their clicks, convert."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as event_service
from loyalty.journeys import service as journeys
from loyalty.journeys.domain import GraphInvalid
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict
from loyalty.members import service as member_service
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from tests.factories.clock import at
from tests.factories.concurrency import meanwhile
from tests.factories.journeys import (
    advance_due,
    edit_graph,
    enrolments,
    happen,
    journey_read,
    make_journey,
    record,
)
from tests.factories.members import make_member
from tests.factories.vouchers import make_campaign, make_codes


def accessories_journey(campaign_id: int, **top: Any) -> dict[str, Any]:
    return {
        "entry": {"type": "event", "event_type": "purchase.recorded"},
        "start": "content",
        "steps": [
            {"id": "content", "type": "send_message", "template_key": "content", "next": "wait"},
            {"id": "wait", "type": "wait", "duration": {"days": 7}, "next": "clicked"},
            {"id": "clicked", "type": "branch", "exits": {"yes": "discount"},
             "condition": {"field": "engagement.content.clicked", "op": "contains", "value": "accessories"}},
            {"id": "discount", "type": "issue_coupon", "voucher_campaign_id": campaign_id},
        ],
        **top,
    }


def timeline(database: Database, program: Program, member_id: int, prefix: str = "journey.") -> list[Any]:
    with unit_of_work(database, read_only=True) as session:
        rows = event_service.timeline(session=session, program_id=program.id, member_id=member_id, before_id=None,
                                      limit=200)
        return [(row.type, row.payload) for row in reversed(rows) if row.type.startswith(prefix)]


def published_codes(database: Database, program: Program, member_id: int) -> list[Any]:
    return [payload["code"] for _, payload in timeline(database, program, member_id, "voucher.published")]


def message_of(database: Database, program: Program, member_id: int, step_id: str) -> int:
    [enrolment] = [e for e in enrolments(database, program, member_id) if e.state in ("active", "waiting")]
    [visit] = [visit for visit in enrolment.steps if visit.step_id == step_id]
    return int(visit.result["message_id"])


def test_the_branch_after_the_wait_follows_the_members_click(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, name="Accessories -20%")
    make_codes(database, program, campaign.id, count=3)
    journey = make_journey(database, program, accessories_journey(campaign.id))
    clicker, other = make_member(database, program), make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, clicker.id, "purchase.recorded", {"purchase_id": 1, "total": 9900})
        happen(database, program, other.id, "purchase.recorded", {"purchase_id": 2, "total": 9900})
    message_id = message_of(database, program, clicker.id, "content")
    record(database, program, clicker.id, "message.clicked", {
        "message_id": message_id, "source": f"journey:{journey.id}", "channel": "email", "template_key": "content",
        "link": "accessories", "url": "https://shop.example/accessories"})
    record(database, program, other.id, "message.clicked", {
        "message_id": message_of(database, program, other.id, "content"), "source": f"journey:{journey.id}",
        "channel": "email", "template_key": "content", "link": "shoes", "url": "https://shop.example/shoes"})

    with at(start + timedelta(days=6, hours=23)):
        advance_due(database)
    assert [e.current_step for m in (clicker, other) for e in enrolments(database, program, m.id)] == ["wait", "wait"]
    with at(start + timedelta(days=7, seconds=1)):
        advance_due(database)

    assert len(published_codes(database, program, clicker.id)) == 1
    assert published_codes(database, program, other.id) == []
    [clicked] = enrolments(database, program, clicker.id)
    [not_clicked] = enrolments(database, program, other.id)
    assert (clicked.state, clicked.current_step) == ("completed", "discount")
    assert [(s.step_id, s.exit) for s in clicked.steps] == [
        ("content", "next"), ("wait", "next"), ("clicked", "yes"), ("discount", "next")]
    assert [(s.step_id, s.exit) for s in not_clicked.steps] == [("content", "next"), ("wait", "next"),
                                                                ("clicked", "no")]
    counts = journey_read(database, program, journey.id)
    assert counts.counts.entered == 2 and counts.counts.completed == 2
    assert {step.step_id: step.reached for step in counts.steps} == {"content": 2, "wait": 2, "clicked": 2,
                                                                     "discount": 1}


def test_each_move_is_on_the_members_timeline(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    make_codes(database, program, campaign.id, count=1)
    journey = make_journey(database, program, accessories_journey(campaign.id), name="Product path")
    member = make_member(database, program)

    happen(database, program, member.id, "purchase.recorded", {"purchase_id": 1, "total": 100})

    moves = timeline(database, program, member.id)
    assert [(kind, payload.get("step_id"), payload.get("exit")) for kind, payload in moves] == [
        ("journey.entered", None, None), ("journey.step", "content", "next"), ("journey.step", "wait", None)]
    assert moves[0][1]["journey_name"] == "Product path" and moves[0][1]["journey_id"] == journey.id
    assert moves[2][1]["wait_until"] is not None


def test_a_member_waiting_does_not_enter_twice_and_never_means_never(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    make_journey(database, program, accessories_journey(campaign.id))
    member = make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, member.id, "purchase.recorded", {"purchase_id": 1, "total": 100})
        happen(database, program, member.id, "purchase.recorded", {"purchase_id": 2, "total": 100})
    assert len(enrolments(database, program, member.id)) == 1
    with at(start + timedelta(days=8)):
        advance_due(database)
        happen(database, program, member.id, "purchase.recorded", {"purchase_id": 3, "total": 100})

    assert [e.state for e in enrolments(database, program, member.id)] == ["completed"]


def test_after_days_lets_the_member_in_again_once_the_days_have_passed(database: Database,
                                                                        program: Program) -> None:
    graph = {"entry": {"type": "event", "event_type": "member.lapsed"},
             "reentry": {"policy": "after_days", "days": 30},
             "start": "points", "steps": [{"id": "points", "type": "award_points", "points": 100}]}
    make_journey(database, program, graph)
    member = make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, member.id, "member.lapsed", {})
    with at(start + timedelta(days=29)):
        happen(database, program, member.id, "member.lapsed", {})
    assert len(enrolments(database, program, member.id)) == 1
    with at(start + timedelta(days=30, minutes=1)):
        happen(database, program, member.id, "member.lapsed", {})

    assert [e.state for e in enrolments(database, program, member.id)] == ["completed", "completed"]
    earned = timeline(database, program, member.id, "points.earned")
    assert [payload["available"] for _, payload in earned] == [{"points": 100}, {"points": 100}]


def test_always_lets_the_member_in_again_after_finishing(database: Database, program: Program) -> None:
    graph = {"entry": {"type": "event", "event_type": "member.birthday"}, "reentry": {"policy": "always"},
             "start": "gift", "steps": [{"id": "gift", "type": "award_points", "points": 10}]}
    make_journey(database, program, graph)
    member = make_member(database, program)

    for _ in range(3):
        happen(database, program, member.id, "member.birthday", {})

    assert len(enrolments(database, program, member.id)) == 3


def test_the_goal_converts_the_enrolment_with_the_purchases_revenue(database: Database, program: Program) -> None:
    graph = {"entry": {"type": "event", "event_type": "member.lapsed"},
             "goal": {"event_type": "purchase.recorded"},
             "start": "miss", "steps": [
                 {"id": "miss", "type": "send_message", "template_key": "we_miss_you", "next": "wait"},
                 {"id": "wait", "type": "wait", "duration": {"days": 14}, "next": "bonus"},
                 {"id": "bonus", "type": "award_points", "points": 200}]}
    journey = make_journey(database, program, graph)
    member = make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, member.id, "member.lapsed", {})
    with at(start + timedelta(days=3)):
        happen(database, program, member.id, "purchase.recorded", {"purchase_id": 5, "total": 12900})
    with at(start + timedelta(days=15)):
        advance_due(database)

    [enrolment] = enrolments(database, program, member.id)
    assert (enrolment.state, enrolment.conversion_revenue, enrolment.current_step) == ("converted", 12900, "wait")
    assert timeline(database, program, member.id, "points.earned") == []
    converted = timeline(database, program, member.id, "journey.converted")
    assert converted[0][1]["revenue"] == 12900 and converted[0][1]["currency"] == program.currency
    assert journey_read(database, program, journey.id).counts.model_dump() == {
        "entered": 1, "in_progress": 0, "completed": 0, "exited": 0, "converted": 1, "revenue": 12900}


def test_members_in_flight_finish_on_their_version(database: Database, program: Program) -> None:
    graph_v1: dict[str, Any] = {
        "entry": {"type": "event", "event_type": "member.lapsed"}, "reentry": {"policy": "always"},
                "start": "wait", "steps": [
                    {"id": "wait", "type": "wait", "duration": {"days": 1}, "next": "gift"},
                    {"id": "gift", "type": "award_points", "points": 10}]}
    graph_v2 = {**graph_v1, "steps": [graph_v1["steps"][0], {"id": "gift", "type": "award_points", "points": 99}]}
    journey = make_journey(database, program, graph_v1)
    early, late = make_member(database, program), make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, early.id, "member.lapsed", {})
        edited = edit_graph(database, program, journey.id, graph_v2)
        happen(database, program, late.id, "member.lapsed", {})
        assert edit_graph(database, program, journey.id, graph_v2).current_version == 2  # unchanged: no version
    with at(start + timedelta(days=2)):
        advance_due(database)

    assert edited.current_version == 2
    assert [e.version for e in enrolments(database, program, early.id)] == [1]
    assert [e.version for e in enrolments(database, program, late.id)] == [2]
    earned = {member_id: [payload["available"]["points"] for _, payload in timeline(database, program, member_id,
                                                                                      "points.earned")]
              for member_id in (early.id, late.id)}
    assert earned == {early.id: [10], late.id: [99]}


def test_a_wait_for_an_event_resumes_on_it_and_sets_the_answer_as_an_attribute(database: Database,
                                                                               program: Program) -> None:
    graph = {"entry": {"type": "api"}, "start": "ask", "steps": [
        {"id": "ask", "type": "send_message", "template_key": "survey", "next": "answer"},
        {"id": "answer", "type": "wait_for_event", "event_type": "custom_event.received",
         "condition": {"field": "event.payload.type", "op": "eq", "value": "survey.answered"},
         "timeout": {"days": 3}, "exits": {"event": "save", "timeout": "tag"}},
        {"id": "save", "type": "set_attribute", "name": "preferred_channel",
         "value_from": "event.payload.payload.channel", "next": "tag"},
        {"id": "tag", "type": "tag", "tag": "surveyed"}]}
    journey = make_journey(database, program, graph)
    answering, silent = make_member(database, program), make_member(database, program)
    start = clock.now()

    with at(start):
        for member in (answering, silent):
            with unit_of_work(database) as session:
                journeys.enrol(session=session, program=program, journey_id=journey.id, member_id=member.id,
                               payload={"source": "test"}, actor="test")
        happen(database, program, answering.id, "custom_event.received", {"type": "other", "payload": {}})
        happen(database, program, answering.id, "custom_event.received",
               {"type": "survey.answered", "payload": {"channel": "sms"}})
    with at(start + timedelta(days=3, seconds=1)):
        advance_due(database)

    with unit_of_work(database, read_only=True) as session:
        attributes = {member.id: member_service.get_member(session=session, program_id=program.id,
                                                           member_id=member.id).attributes
                      for member in (answering, silent)}
    assert attributes == {answering.id: {"preferred_channel": "sms", "tags": ["surveyed"]},
                          silent.id: {"tags": ["surveyed"]}}
    assert [s.exit for e in enrolments(database, program, silent.id) for s in e.steps if s.step_id == "answer"] == [
        "timeout"]


def test_award_points_and_messages_happen_once_per_enrolment_and_step(database: Database,
                                                                      program: Program) -> None:
    graph = {"entry": {"type": "event", "event_type": "member.birthday"},
             "start": "hello", "steps": [
                 {"id": "hello", "type": "send_message", "template_key": "birthday", "next": "gift"},
                 {"id": "gift", "type": "award_points", "points": 50, "next": "wait"},
                 {"id": "wait", "type": "wait", "duration": {"hours": 1}}]}
    journey = make_journey(database, program, graph)
    member = make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, member.id, "member.birthday", {}, event_id=1)
        happen(database, program, member.id, "member.birthday", {}, event_id=1)  # delivered again
    with at(start + timedelta(hours=2)):
        advance_due(database)
        advance_due(database)

    assert len(timeline(database, program, member.id, "points.earned")) == 1
    with unit_of_work(database, read_only=True) as session:
        messages = messaging.member_messages(session=session, program_id=program.id, member_id=member.id).items
    [enrolment] = enrolments(database, program, member.id)
    assert [(m.dedupe_key, m.source, m.template_key) for m in messages] == [
        (f"journey:{journey.id}:{enrolment.id}:hello", f"journey:{journey.id}", "birthday")]


def test_a_coupon_campaign_without_codes_does_not_hold_the_member_up(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program)
    graph = {"entry": {"type": "event", "event_type": "member.birthday"}, "start": "coupon", "steps": [
        {"id": "coupon", "type": "issue_coupon", "voucher_campaign_id": campaign.id, "next": "points"},
        {"id": "points", "type": "award_points", "points": 5}]}
    make_journey(database, program, graph)
    member = make_member(database, program)

    happen(database, program, member.id, "member.birthday", {})

    [enrolment] = enrolments(database, program, member.id)
    assert enrolment.state == "completed"
    assert enrolment.steps[0].result["error"] == "not_enough_codes"
    assert len(timeline(database, program, member.id, "points.earned")) == 1


def test_a_paused_journey_lets_no_one_in_and_holds_its_waits(database: Database, program: Program) -> None:
    graph = {"entry": {"type": "event", "event_type": "member.lapsed"}, "start": "wait", "steps": [
        {"id": "wait", "type": "wait", "duration": {"days": 1}, "next": "gift"},
        {"id": "gift", "type": "award_points", "points": 10}]}
    journey = make_journey(database, program, graph)
    waiting, late = make_member(database, program), make_member(database, program)
    start = clock.now()

    with at(start):
        happen(database, program, waiting.id, "member.lapsed", {})
        with unit_of_work(database) as session:
            journeys.set_status(session=session, program=program, journey_id=journey.id, status="paused",
                                actor="test")
        happen(database, program, late.id, "member.lapsed", {})
    with at(start + timedelta(days=2)):
        advance_due(database)
        assert [e.state for e in enrolments(database, program, waiting.id)] == ["waiting"]
        with unit_of_work(database) as session:
            journeys.set_status(session=session, program=program, journey_id=journey.id, status="active",
                                actor="test")
        advance_due(database)

    assert enrolments(database, program, late.id) == []
    assert [e.state for e in enrolments(database, program, waiting.id)] == ["completed"]


def test_enrolling_by_api_refuses_a_draft_journey_and_a_second_entry(database: Database,
                                                                     program: Program) -> None:
    graph = {"entry": {"type": "api"}, "start": "wait", "steps": [
        {"id": "wait", "type": "wait", "duration": {"days": 1}}]}
    draft = make_journey(database, program, graph, active=False)
    live = make_journey(database, program, graph)
    member = make_member(database, program)

    with unit_of_work(database) as session, pytest.raises(Conflict) as not_active:
        journeys.enrol(session=session, program=program, journey_id=draft.id, member_id=member.id, payload={},
                       actor="test")
    with unit_of_work(database) as session:
        journeys.enrol(session=session, program=program, journey_id=live.id, member_id=member.id, payload={},
                       actor="test")
    with unit_of_work(database) as session, pytest.raises(Conflict) as twice:
        journeys.enrol(session=session, program=program, journey_id=live.id, member_id=member.id, payload={},
                       actor="test")

    assert not_active.value.code == "journey_not_active" and twice.value.code == "journey_entry_refused"


def test_an_invalid_graph_is_refused_with_its_fields(database: Database, program: Program) -> None:
    with pytest.raises(GraphInvalid) as refused:
        make_journey(database, program, {"entry": {"type": "event", "event_type": "member.lapsed"}, "start": "a",
                                         "steps": [{"id": "a", "type": "wait", "duration": {"days": 0}}]})

    assert refused.value.details["problems"][0]["field"] == "steps[0].duration"


def test_a_daily_schedule_enters_the_matching_members_once_a_day(database: Database, program: Program) -> None:
    graph = {"entry": {"type": "schedule", "time": "00:00",
                       "condition": {"field": "member.attributes.vip", "op": "eq", "value": True}},
             "reentry": {"policy": "always"},
             "start": "gift", "steps": [{"id": "gift", "type": "award_points", "points": 1}]}
    make_journey(database, program, graph)
    vip, plain = make_member(database, program, attributes={"vip": True}), make_member(database, program)

    for _ in range(2):
        with unit_of_work(database) as session:
            journeys.run_schedules(session=session, limit=1)

    assert len(enrolments(database, program, vip.id)) == 1
    assert enrolments(database, program, plain.id) == []


def test_two_workers_share_the_due_enrolments_without_doubles(database: Database, program: Program) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite has one writer")
    graph = {"entry": {"type": "event", "event_type": "member.lapsed"}, "start": "wait", "steps": [
        {"id": "wait", "type": "wait", "duration": {"hours": 1}, "next": "tag"},
        {"id": "tag", "type": "tag", "tag": "lapsed"}]}  # points would queue on the program's issued account
    make_journey(database, program, graph)
    people = [make_member(database, program) for _ in range(6)]
    # Long before any other test's waits end: the claims (oldest first, any program) take only these.
    start = clock.now() - timedelta(days=3000)
    with at(start):
        for member in people:
            happen(database, program, member.id, "member.lapsed", {})

    with at(start + timedelta(hours=2)):
        first = database.sessions()
        first_batch = journeys.advance_due(session=first, limit=3)
        waited, second_moved = meanwhile(first, lambda: advance_due(database))

    assert first_batch.advanced == 3 and not waited and second_moved == 3
    passed = [[(visit.step_id, visit.exit) for visit in enrolment.steps]
              for member in people for enrolment in enrolments(database, program, member.id)]
    assert passed == [[("wait", "next"), ("tag", "next")]] * 6
