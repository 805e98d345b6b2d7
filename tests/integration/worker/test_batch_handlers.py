"""Batch handlers (both databases): a subscriber's batch is handled with a few statements, yet
every event still counts once; a batch that fails is redone event by event and only the bad
event is parked."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import repository as events_repository
from loyalty.events import service as event_service
from loyalty.events.models import Event, EventFailure
from loyalty.journeys import service as journeys
from loyalty.kernel import clock
from loyalty.lifecycle import service as lifecycle
from loyalty.lifecycle.models import MemberRhythm
from loyalty.messaging.models import Message
from loyalty.programs.models import Program
from loyalty.webhooks import domain as webhook_domain
from loyalty.webhooks.models import WebhookDelivery
from loyalty.worker import consumer, tasks_journeys, tasks_scans, tasks_webhooks
from loyalty.worker.runner import drain
from tests.factories.journeys import enrolments, make_journey
from tests.factories.members import make_member
from tests.factories.messaging import make_template
from tests.factories.referrals import buy
from tests.factories.webhooks import make_endpoint
from tests.factories.worker import probe_subscriber


def _settings(database: Database) -> Settings:
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    return settings


def _purchase_events(database: Database, program: Program) -> list[Any]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.program_id == program.id, Event.type == "purchase.recorded")
                               .order_by(Event.id)).all()
        return [consumer.published(row) for row in rows]


def _deliveries(database: Database, program: Program) -> list[tuple[int, int, int]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(select(WebhookDelivery.endpoint_id, WebhookDelivery.event_id, WebhookDelivery.sequence)
                               .where(WebhookDelivery.program_id == program.id)).all()
        return sorted((row[0], row[1], row[2]) for row in rows)


def test_a_webhook_batch_makes_one_delivery_per_endpoint_and_event_even_when_handed_again(
        database: Database, program: Program) -> None:
    first, _ = make_endpoint(database, program, "http://127.0.0.1:9/a")
    second, _ = make_endpoint(database, program, "http://127.0.0.1:9/b")
    make_endpoint(database, program, "http://127.0.0.1:9/c", event_types=["member.enrolled"])  # not this type
    member = make_member(database, program)
    for total in (1000, 2000, 3000):
        buy(database, program, member.id, total)
    events = _purchase_events(database, program)
    with unit_of_work(database) as session:
        tasks_webhooks.handle_batch(session, events)
        woken = list(session.info.get("loyalty.worker.defer_after_commit", []))
    # Handed again (a worker that died before its cursor moved), whole and one by one.
    with unit_of_work(database) as session:
        tasks_webhooks.handle_batch(session, events)
        for event in events:
            tasks_webhooks.handle(session, event)
        woken_again = session.info.get("loyalty.worker.defer_after_commit", [])
    made = _deliveries(database, program)
    assert made == sorted((endpoint, event.id, 0) for endpoint in (first, second) for event in events)
    # Six deliveries, one batch job to send them; nothing made again, nothing woken.
    assert woken == [(tasks_webhooks.DELIVER_DUE, {})] and woken_again == []


def test_a_batch_with_a_failing_event_delivers_the_others_once_and_parks_it(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(database)
    drain(database, settings)  # the webhooks subscriber's cursor starts now
    endpoint, _ = make_endpoint(database, program, "http://127.0.0.1:9/hook")
    member = make_member(database, program)
    purchases = [buy(database, program, member.id, total) for total in (1000, 2000, 3000)]
    real_body = webhook_domain.message_body

    def refusing(**fields: Any) -> str:
        if fields["payload"].get("purchase_id") == purchases[1]:
            raise RuntimeError("this event cannot be delivered")
        return str(real_body(**fields))

    monkeypatch.setattr(webhook_domain, "message_body", refusing)
    moved = consumer.pump(database, tasks_webhooks.subscriber)
    events = _purchase_events(database, program)
    assert (moved.failed, moved.moved) == (1, True)
    assert _deliveries(database, program) == [(endpoint, events[0].id, 0), (endpoint, events[2].id, 0)]
    with unit_of_work(database, read_only=True) as session:
        parked = session.scalars(select(EventFailure).where(EventFailure.subscriber == "webhooks",
                                                            EventFailure.program_id == program.id)).all()
    assert [(each.event_id, each.status) for each in parked] == [(events[1].id, "pending")]
    assert "this event cannot be delivered" in parked[0].error
    # Nothing is handed over again: the cursor moved past all three.
    assert consumer.pump(database, tasks_webhooks.subscriber).handled == 0
    assert len(_deliveries(database, program)) == 2


def test_the_rhythm_batch_saves_what_refreshing_each_purchase_saves(database: Database, program: Program) -> None:
    regular, once, other = (make_member(database, program) for _ in range(3))
    start = clock.now() - timedelta(days=60)
    for day in (0, 10, 20, 30):
        buy(database, program, regular.id, 1000, occurred_at=start + timedelta(days=day))
    buy(database, program, once.id, 500, occurred_at=start)
    buy(database, program, other.id, 500, occurred_at=start + timedelta(days=5))
    events = [event for event in _purchase_events(database, program) if event.member_id != other.id]
    with unit_of_work(database) as session:
        tasks_scans.refresh_rhythms(session, events)
    with unit_of_work(database, read_only=True) as session:
        batch = {row.member_id: (row.purchase_count, row.last_purchase_at, row.last_purchase_on,
                                 row.typical_gap_seconds)
                 for row in session.scalars(select(MemberRhythm).where(MemberRhythm.program_id == program.id))}
    with unit_of_work(database) as session:
        session.execute(text("DELETE FROM member_rhythm WHERE program_id = :p"), {"p": program.id})
        for event in events:
            tasks_scans.refresh_rhythm(session, event)
    with unit_of_work(database, read_only=True) as session:
        each = {row.member_id: (row.purchase_count, row.last_purchase_at, row.last_purchase_on,
                                row.typical_gap_seconds)
                for row in session.scalars(select(MemberRhythm).where(MemberRhythm.program_id == program.id))}
    assert batch == each
    assert set(batch) == {regular.id, once.id}  # the member whose event was not in the batch has none
    assert batch[regular.id][0] == 4 and batch[regular.id][3] == int(timedelta(days=10).total_seconds())
    with unit_of_work(database) as session:
        assert lifecycle.refresh_rhythms(session=session, program=program, member_ids=[]) == 0


def test_a_journeys_batch_enters_wakes_and_refuses_as_event_by_event_does(database: Database,
                                                                          program: Program) -> None:
    graph = {"entry": {"type": "event", "event_type": "custom_event.received",
                       "condition": {"field": "event.payload.type", "op": "eq", "value": "signup"}},
             "reentry": {"policy": "never"}, "start": "answer", "steps": [
                 {"id": "answer", "type": "wait_for_event", "event_type": "custom_event.received",
                  "condition": {"field": "event.payload.type", "op": "eq", "value": "answered"},
                  "timeout": {"days": 3}, "exits": {"event": "tag", "timeout": None}},
                 {"id": "tag", "type": "tag", "tag": "answered"}]}
    make_journey(database, program, graph)
    batched, one_by_one, quiet = (make_member(database, program) for _ in range(3))

    def sequence(member_id: int) -> list[journeys.EventInput]:
        # Entered by the first, woken by the second (in the same batch), refused on the third.
        return [journeys.EventInput(id=None, program_id=program.id, member_id=member_id,
                                    type="custom_event.received", occurred_at=clock.now(),
                                    payload={"type": kind, "payload": {}})
                for kind in ("signup", "answered", "signup")]

    with unit_of_work(database) as session:
        journeys.handle_events(session=session, program=program, events=[
            *sequence(batched.id), journeys.EventInput(id=None, program_id=program.id, member_id=quiet.id,
                                                       type="custom_event.received", occurred_at=clock.now(),
                                                       payload={"type": "other", "payload": {}})])
    for event in sequence(one_by_one.id):
        with unit_of_work(database) as session:
            journeys.handle_event(session=session, program=program, event=event)

    def outcome(member_id: int) -> list[tuple[str, list[tuple[str, str | None]]]]:
        return [(each.state, [(step.step_id, step.exit) for step in each.steps])
                for each in enrolments(database, program, member_id)]

    assert outcome(batched.id) == outcome(one_by_one.id) == [("completed", [("answer", "event"), ("tag", "next")])]
    assert outcome(quiet.id) == []


def test_a_batch_past_its_time_budget_stops_after_a_chunk_and_the_next_round_goes_on(
        database: Database, program: Program) -> None:
    with probe_subscriber(program.id, {"program.updated"}) as probe:
        assert probe.subscriber is not None
        drain(database, _settings(database))  # its cursor starts now
        with unit_of_work(database) as session:
            for _ in range(consumer.CHUNK + 10):
                event_service.record(session=session, program_id=program.id, type="program.updated", actor="test",
                                     payload={"fields": ["name"]})
        # No time at all: one chunk, and the cursor stops after it (a short unit of work).
        rounds = [consumer.pump(database, probe.subscriber, budget=0) for _ in range(3)]
    with unit_of_work(database, read_only=True) as session:
        every = list(session.scalars(select(Event.id).where(Event.program_id == program.id,
                                                            Event.type == "program.updated").order_by(Event.id)))
    assert [each.handled for each in rounds] == [consumer.CHUNK, 10, 0]
    assert probe.seen == every


def test_a_subscriber_with_its_own_chunk_size_is_handed_chunks_of_that_size(
        database: Database, program: Program) -> None:
    with probe_subscriber(program.id, {"program.updated"}) as probe:
        assert probe.subscriber is not None
        drain(database, _settings(database))  # its cursor starts now
        with unit_of_work(database) as session:
            for _ in range(consumer.CHUNK + 30):
                event_service.record(session=session, program_id=program.id, type="program.updated", actor="test",
                                     payload={"fields": ["name"]})
        wide = dataclasses.replace(probe.subscriber, chunk=consumer.CHUNK + 20)
        rounds = [consumer.pump(database, wide, budget=0) for _ in range(3)]

    assert [each.handled for each in rounds] == [consumer.CHUNK + 20, 10, 0]
    assert len(probe.seen) == consumer.CHUNK + 30


def test_another_transaction_writing_holds_the_stream_back_only_from_its_own_id_on(
        database: Database, program: Program) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite's writers take turns: every committed event is final")
    with probe_subscriber(program.id, {"program.updated"}) as probe:
        assert probe.subscriber is not None
        drain(database, _settings(database))  # its cursor starts now
        with unit_of_work(database) as session:
            event_service.record(session=session, program_id=program.id, type="program.updated", actor="test",
                                 payload={"fields": ["name"]})
        writing = database.sessions()
        try:
            running = int(writing.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())
            with unit_of_work(database, read_only=True) as session:
                final = events_repository.final_below(session)
            # The event committed before it is handed over while it still runs (it was not: an id
            # bound as a 32-bit integer made every running transaction's id negative).
            moved = consumer.pump(database, probe.subscriber)
        finally:
            writing.rollback()
            writing.close()
    assert final == running
    assert moved.handled == 1 and len(probe.seen) == 1


def _journey_messages(database: Database, program: Program, journey_id: int) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return sorted(session.scalars(select(Message.member_id).where(
            Message.program_id == program.id, Message.source == journeys.source_of(journey_id))))


def test_a_batch_of_first_purchases_enrols_each_member_once_and_the_advance_task_sends_each_welcome(
        database: Database, program: Program) -> None:
    make_template(database, program, key="welcome")
    welcome = make_journey(database, program, {
        "entry": {"type": "event", "event_type": "purchase.recorded"}, "reentry": {"policy": "never"},
        "start": "hello", "steps": [
            {"id": "hello", "type": "send_message", "template_key": "welcome", "next": "wait"},
            {"id": "wait", "type": "wait", "duration": {"days": 7}}]})
    big = make_journey(database, program, {
        "entry": {"type": "event", "event_type": "purchase.recorded",
                  "condition": {"field": "event.payload.total", "op": "gte", "value": 5000}},
        "reentry": {"policy": "never"}, "start": "wait", "steps": [
            {"id": "wait", "type": "wait", "duration": {"days": 7}}]}, name="Big baskets")
    drain(database, _settings(database))  # the subscribers' cursors start now
    members = [make_member(database, program) for _ in range(6)]
    for index, member in enumerate(members):
        buy(database, program, member.id, 9000 if index % 2 else 1000)
    buy(database, program, members[0].id, 9000)  # a second purchase in the same batch: no second entry

    # The subscriber alone: everybody enrolled, nobody walked, no message queued yet; but
    # member 0, whose second purchase came in the same batch, was walked before it was handled.
    assert consumer.pump(database, tasks_journeys.subscriber).handled >= 7  # the purchases, and more
    for member in members[1:]:
        [entered] = [each for each in enrolments(database, program, member.id) if each.journey_id == welcome.id]
        assert (entered.state, entered.current_step, entered.steps) == ("waiting", None, [])
    assert _journey_messages(database, program, welcome.id) == [members[0].id]

    # The advance task (woken, or its next tick) walks the first steps: one welcome each.
    drain(database, _settings(database), periodic=["journeys:advance"])
    # The same batch handed over again enrols nobody twice.
    with unit_of_work(database) as session:
        tasks_journeys.handle_batch(session, [event for event in _purchase_events(database, program)
                                              if event.member_id in {member.id for member in members}])
    drain(database, _settings(database), periodic=["journeys:advance"])

    for index, member in enumerate(members):
        rows = enrolments(database, program, member.id)
        [entered] = [each for each in rows if each.journey_id == welcome.id]
        assert (entered.state, entered.current_step) == ("waiting", "wait")
        assert [(visit.step_id, visit.exit) for visit in entered.steps] == [("hello", "next"), ("wait", None)]
        assert isinstance(entered.steps[0].result["message_id"], int)
        # The entry condition: only a purchase of 50.00 or more enters the second journey
        # (member 0's second purchase does, the first did not).
        assert len([each for each in rows if each.journey_id == big.id]) == (1 if index % 2 or index == 0 else 0)
    assert _journey_messages(database, program, welcome.id) == sorted(member.id for member in members)
