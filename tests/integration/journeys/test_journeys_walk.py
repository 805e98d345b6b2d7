"""The set-based walk of due enrolments (journeys.service.advance_due) on both databases: a
batch moves each member as one move at a time would, and two walkers at once move each
enrolment once."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.journeys import service as journeys
from loyalty.kernel import clock
from loyalty.members import service as member_service
from loyalty.members.schemas import MemberUpdate
from loyalty.messaging.models import Message
from loyalty.programs.models import Program
from tests.factories.clock import at
from tests.factories.concurrency import meanwhile
from tests.factories.journeys import advance_due, enrolments, make_journey, record
from tests.factories.members import make_member


def enter_together(database: Database, program: Program, member_ids: list[int], event_type: str) -> int:
    """One batch of events, as the worker's subscriber hands it over: its members are enrolled
    together, due at once, their first steps left to the walk."""
    with unit_of_work(database) as session:
        return journeys.handle_events(session=session, program=program, events=[journeys.EventInput(
            id=None, program_id=program.id, member_id=member_id, type=event_type, occurred_at=clock.now(),
            payload={}) for member_id in member_ids])


def messages_of(database: Database, program: Program, member_id: int) -> list[tuple[str, str]]:
    with unit_of_work(database, read_only=True) as session:
        return [(row.template_key, row.dedupe_key) for row in session.execute(
            select(Message.template_key, Message.dedupe_key).where(Message.program_id == program.id,
                                                                   Message.member_id == member_id)
            .order_by(Message.id))]


OPENED_PATH: dict[str, Any] = {
    "entry": {"type": "event", "event_type": "member.lapsed"},
    "start": "hello",
    "steps": [
        {"id": "hello", "type": "send_message", "template_key": "hello", "next": "tag"},
        {"id": "tag", "type": "tag", "tag": "lapsed", "next": "wait"},
        {"id": "wait", "type": "wait", "duration": {"hours": 1}, "next": "opened"},
        {"id": "opened", "type": "branch", "condition": {"field": "engagement.hello.opened", "op": "eq",
                                                         "value": True},
         "exits": {"yes": "thanks", "no": "bye"}},
        {"id": "thanks", "type": "send_message", "template_key": "thanks"},
        {"id": "bye", "type": "exit"},
    ],
}


def test_a_batch_walk_moves_each_member_as_one_move_at_a_time_would(database: Database, program: Program) -> None:
    journey = make_journey(database, program, OPENED_PATH)
    opener, other, blocked = (make_member(database, program) for _ in range(3))
    start = clock.now() - timedelta(days=5000)  # before any other test's waits: the walk takes only these

    with at(start):
        assert enter_together(database, program, [opener.id, other.id, blocked.id], "member.lapsed") == 3
        assert advance_due(database) == 3
    hello = {member.id: enrolments(database, program, member.id)[0].steps[0].result["message_id"]
             for member in (opener, other, blocked)}
    record(database, program, opener.id, "message.opened", {"message_id": hello[opener.id],
                                                            "source": f"journey:{journey.id}", "channel": "email"})
    record(database, program, other.id, "message.opened", {"message_id": hello[opener.id],  # not theirs
                                                           "source": f"journey:{journey.id}", "channel": "email"})
    with unit_of_work(database) as session:
        member_service.update_member(session=session, program=program, member_id=blocked.id,
                                     data=MemberUpdate(status="blocked"), actor="test")
    with at(start + timedelta(hours=2)):
        assert advance_due(database) == 3

    [opened] = enrolments(database, program, opener.id)
    [not_opened] = enrolments(database, program, other.id)
    [gone] = enrolments(database, program, blocked.id)
    assert (opened.state, opened.exit_reason) == ("completed", "completed")
    assert [(s.step_id, s.exit) for s in opened.steps] == [
        ("hello", "next"), ("tag", "next"), ("wait", "next"), ("opened", "yes"), ("thanks", "next")]
    assert (not_opened.state, not_opened.exit_reason) == ("exited", "exit step")
    assert [(s.step_id, s.exit) for s in not_opened.steps] == [
        ("hello", "next"), ("tag", "next"), ("wait", "next"), ("opened", "no"), ("bye", None)]
    assert (gone.state, gone.exit_reason) == ("exited", "member_blocked")
    assert messages_of(database, program, opener.id) == [
        ("hello", f"journey:{journey.id}:{opened.id}:hello"), ("thanks", f"journey:{journey.id}:{opened.id}:thanks")]
    assert [key for key, _ in messages_of(database, program, other.id)] == ["hello"]
    assert opened.steps[4].result == {"message_id": opened.steps[4].result["message_id"], "channel": "email",
                                      "template_key": "thanks"}
    assert opened.steps[1].result == {"attributes": ["tags"]}
    with unit_of_work(database, read_only=True) as session:
        tags = member_service.get_member(session=session, program_id=program.id, member_id=opener.id).attributes
    assert tags == {"tags": ["lapsed"]}


def test_a_later_enrolment_of_the_member_in_the_batch_sees_what_an_earlier_one_set(database: Database,
                                                                                   program: Program) -> None:
    tagging = {"entry": {"type": "event", "event_type": "member.anniversary"}, "start": "tag",
               "steps": [{"id": "tag", "type": "tag", "tag": "loyal"}]}
    reading = {"entry": {"type": "event", "event_type": "member.anniversary"}, "start": "loyal",
               "steps": [{"id": "loyal", "type": "branch",
                          "condition": {"field": "member.attributes.tags", "op": "contains", "value": "loyal"},
                          "exits": {"yes": "thanks", "no": None}},
                         {"id": "thanks", "type": "send_message", "template_key": "thanks"}]}
    make_journey(database, program, tagging, name="Tags")
    make_journey(database, program, reading, name="Reads the tag")
    member = make_member(database, program)

    with at(clock.now() - timedelta(days=5001)):
        assert enter_together(database, program, [member.id], "member.anniversary") == 2
        assert advance_due(database) == 2

    by_journey = {e.journey_name: [(s.step_id, s.exit) for s in e.steps] for e in enrolments(database, program,
                                                                                               member.id)}
    assert by_journey == {"Tags": [("tag", "next")], "Reads the tag": [("loyal", "yes"), ("thanks", "next")]}
    assert [key for key, _ in messages_of(database, program, member.id)] == ["thanks"]


TWO_MESSAGES: dict[str, Any] = {
    "entry": {"type": "event", "event_type": "member.birthday"},
    "start": "hello",
    "steps": [
        {"id": "hello", "type": "send_message", "template_key": "hello", "next": "wait"},
        {"id": "wait", "type": "wait", "duration": {"hours": 1}, "next": "bye"},
        {"id": "bye", "type": "send_message", "template_key": "bye"},
    ],
}


def _walk_until_done(database: Database, now: datetime, moved: list[int], ready: threading.Barrier) -> None:
    ready.wait(timeout=30)
    while True:
        with unit_of_work(database) as session:
            run = journeys.advance_due(session=session, now=now, limit=4)
        moved.append(run.advanced)
        if not run.more:
            return


def test_two_walkers_at_once_move_each_enrolment_once(database: Database, program: Program) -> None:
    journey = make_journey(database, program, TWO_MESSAGES)
    people = [make_member(database, program) for _ in range(30)]
    start = clock.now() - timedelta(days=6000)  # before any other test's waits
    with at(start):
        assert enter_together(database, program, [member.id for member in people], "member.birthday") == 30

    # A walker holding its claimed batch: the other walks the rest meanwhile, without waiting
    # for it on PostgreSQL (SKIP LOCKED), after it on SQLite (one writer); none twice.
    holding = database.sessions()
    first = journeys.advance_due(session=holding, now=start, limit=5)
    waited, rest = meanwhile(holding, lambda: advance_due(database, now=start))
    assert first.advanced == 5 and rest == 25
    assert waited == (database.dialect != "postgresql")

    # Two walkers running together until nothing is due.
    ready = threading.Barrier(2)
    moved: list[int] = []
    walkers = [threading.Thread(target=_walk_until_done, args=(database, start + timedelta(hours=2), moved, ready))
               for _ in range(2)]
    for walker in walkers:
        walker.start()
    for walker in walkers:
        walker.join(timeout=120)
    assert sum(moved) == 30

    for member in people:
        [enrolment] = enrolments(database, program, member.id)
        assert enrolment.state == "completed"
        assert [(s.step_id, s.exit) for s in enrolment.steps] == [("hello", "next"), ("wait", "next"),
                                                                  ("bye", "next")]
        key = f"journey:{journey.id}:{enrolment.id}"
        assert messages_of(database, program, member.id) == [("hello", f"{key}:hello"), ("bye", f"{key}:bye")]
    with unit_of_work(database, read_only=True) as session:
        queued = session.scalar(select(func.count()).select_from(Message).where(
            Message.source == f"journey:{journey.id}"))
    assert queued == 60



def test_a_batch_of_events_of_members_in_journeys_converts_wakes_and_enters_as_event_by_event_does(
        database: Database, program: Program) -> None:
    make_journey(database, program, {
        "entry": {"type": "event", "event_type": "custom_event.received",
                  "condition": {"field": "event.payload.type", "op": "eq", "value": "signup"}},
        "goal": {"event_type": "purchase.recorded", "window": {"days": 30}}, "start": "answer", "steps": [
            {"id": "answer", "type": "wait_for_event", "event_type": "custom_event.received",
             "condition": {"field": "event.payload.type", "op": "eq", "value": "answered"},
             "timeout": {"days": 3}, "exits": {"event": "tag", "timeout": None}},
            {"id": "tag", "type": "tag", "tag": "answered"}]}, name="Survey")
    make_journey(database, program, {
        "entry": {"type": "event", "event_type": "purchase.recorded"}, "reentry": {"policy": "always"},
        "start": "day", "steps": [{"id": "day", "type": "wait", "duration": {"days": 1}}]}, name="Each purchase")
    start = clock.now() - timedelta(days=7000)

    def event(member_id: int, type: str, payload: dict[str, Any]) -> journeys.EventInput:
        return journeys.EventInput(id=None, program_id=program.id, member_id=member_id, type=type,
                                   occurred_at=clock.now(), payload=payload)

    def custom(member_id: int, kind: str) -> journeys.EventInput:
        return event(member_id, "custom_event.received", {"type": kind, "payload": {}})

    def purchase(member_id: int, total: int) -> journeys.EventInput:
        return event(member_id, "purchase.recorded", {"purchase_id": total, "total": total})

    def handle(events: list[journeys.EventInput]) -> None:
        with unit_of_work(database) as session:
            journeys.handle_events(session=session, program=program, events=events)

    batched = [make_member(database, program) for _ in range(3)]
    one_by_one = [make_member(database, program) for _ in range(3)]
    # Each in the survey; the second bought before (its "Each purchase" ends before the batch),
    # the third a day later (in "Each purchase" still when the batch comes; a goal of the survey).
    with at(start):
        for members in (batched, one_by_one):
            handle([purchase(members[1].id, 1), *(custom(member.id, "signup") for member in members)])
        advance_due(database)
    with at(start + timedelta(days=1)):
        for members in (batched, one_by_one):
            handle([purchase(members[2].id, 2)])
        advance_due(database)
    with at(start + timedelta(days=1, hours=1)):
        advance_due(database)

    def events_of(member_id: int) -> list[journeys.EventInput]:
        return [event(member_id, "member.updated", {"fields": ["email"]}), custom(member_id, "other"),
                custom(member_id, "answered"), purchase(member_id, 700), purchase(member_id, 800)]

    with at(start + timedelta(days=1, hours=2)):
        handle([each for member in batched for each in events_of(member.id)])
        for member in one_by_one:
            for each in events_of(member.id):
                handle([each])
        advance_due(database)  # the entries' first steps (the batch walked its own already)

    def outcome(member_id: int) -> list[tuple[str, str, str | None, int | None, list[tuple[str, str | None]]]]:
        return [(each.journey_name, each.state, each.exit_reason, each.conversion_revenue,
                 [(step.step_id, step.exit) for step in each.steps])
                for each in sorted(enrolments(database, program, member_id),
                                   key=lambda each: (each.journey_name, each.id))]

    assert [outcome(member.id) for member in batched] == [outcome(member.id) for member in one_by_one]
    converted = ("Survey", "converted", "completed", 700, [("answer", "event"), ("tag", "next")])
    walking = ("Each purchase", "waiting", None, None, [("day", None)])
    assert outcome(batched[0].id) == [walking, converted]
    assert outcome(batched[1].id) == [("Each purchase", "completed", "completed", None, [("day", "next")]),
                                      walking, converted]
    # The third's purchase a day after the signup converted the survey then: nothing converts it again.
    assert outcome(batched[2].id) == [walking, ("Survey", "converted", "goal", 2, [("answer", None)])]


def test_purchases_of_members_a_never_journey_had_already_read_no_members(database: Database,
                                                                          program: Program) -> None:
    from sqlalchemy import event as sqlalchemy_event

    make_journey(database, program, {
        "entry": {"type": "event", "event_type": "purchase.recorded"}, "reentry": {"policy": "never"},
        "start": "hello", "steps": [{"id": "hello", "type": "send_message", "template_key": "hello"}]},
        name="First purchase")
    regulars = [make_member(database, program).id for _ in range(40)]
    newcomer = make_member(database, program).id
    assert enter_together(database, program, regulars, "purchase.recorded") == 40
    advance_due(database)

    def statements_for(member_ids: list[int]) -> tuple[int, list[str]]:
        sent: list[str] = []

        def count(*args: object) -> None:
            sent.append(" ".join(str(args[2]).split()))

        sqlalchemy_event.listen(database.engine, "before_cursor_execute", count)
        try:
            entered = enter_together(database, program, member_ids, "purchase.recorded")
        finally:
            sqlalchemy_event.remove(database.engine, "before_cursor_execute", count)
        return entered, sent

    few, many = statements_for(regulars[:2]), statements_for(regulars)
    assert few[0] == many[0] == 0  # they went through it once: never again
    assert len(few[1]) == len(many[1])  # however many bought
    assert not [sql for sql in many[1] if "FROM members" in sql]  # their members are not even read
    assert statements_for([*regulars[:5], newcomer])[0] == 1  # a first purchase still enters
    assert [key for key, _ in messages_of(database, program, newcomer)] == []  # its first step waits for the walk
    advance_due(database)
    assert [key for key, _ in messages_of(database, program, newcomer)] == ["hello"]
