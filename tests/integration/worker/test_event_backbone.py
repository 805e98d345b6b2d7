"""The event backbone: subscribers get every committed event once, in order, each at its own
pace; a failing event is parked, retried with back-off and revived from the dead-letter list."""

from __future__ import annotations

import time
from contextlib import suppress
from types import SimpleNamespace
from typing import Any

import pytest
from procrastinate.testing import InMemoryConnector
from sqlalchemy import select, text

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.events import stream
from loyalty.events.models import EventFailure
from loyalty.worker import consumer, tasks_core
from loyalty.worker.runner import InProcessWorker, drain
from tests.factories.programs import make_program
from tests.factories.worker import probe_subscriber

UPDATED = "program.updated"


def _settings(database: Database) -> Settings:
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    return settings


def _record(database: Database, program_id: int, count: int = 1, *, field: str = "name") -> None:
    with unit_of_work(database) as session:
        for _ in range(count):
            events.record(session=session, program_id=program_id, type=UPDATED, actor="test",
                          payload={"fields": [field]})


def _event_ids(database: Database, program_id: int) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(text("SELECT id FROM events WHERE program_id = :p AND type = :t ORDER BY id"),
                                    {"p": program_id, "t": UPDATED}))


def _failures(database: Database, subscriber: str) -> list[EventFailure]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(EventFailure).where(EventFailure.subscriber == subscriber)
                                    .order_by(EventFailure.id)))


def test_a_subscriber_gets_each_committed_event_once_in_order(database: Database) -> None:
    program = make_program(database)
    with probe_subscriber(program.id, {UPDATED}) as probe:
        drain(database, _settings(database))  # its cursor starts now
        _record(database, program.id, 3)
        drain(database, _settings(database))
        _record(database, program.id, 2)
        drain(database, _settings(database))
        drain(database, _settings(database))
    assert probe.seen == _event_ids(database, program.id)
    assert len(probe.seen) == 5


def test_a_batch_smaller_than_the_backlog_takes_several_rounds_and_misses_nothing(database: Database) -> None:
    program = make_program(database)
    with probe_subscriber(program.id, {UPDATED}) as probe:
        drain(database, _settings(database))
        _record(database, program.id, 7)
        assert probe.subscriber is not None
        moves = [consumer.pump(database, probe.subscriber, batch=3) for _ in range(4)]
    assert [move.handled for move in moves] == [3, 3, 1, 0]
    assert probe.seen == _event_ids(database, program.id)


def test_a_new_subscriber_starts_now_or_replays_history(database: Database) -> None:
    program = make_program(database)
    _record(database, program.id, 2)
    with probe_subscriber(program.id, {UPDATED}) as from_now, \
            probe_subscriber(program.id, {UPDATED}, start="beginning") as from_start:
        drain(database, _settings(database))
        _record(database, program.id, 1)
        drain(database, _settings(database))
    every = _event_ids(database, program.id)
    assert from_start.seen == every
    assert from_now.seen == every[-1:]


def test_a_failing_event_is_parked_and_holds_back_neither_its_subscriber_nor_another(database: Database) -> None:
    program = make_program(database)
    poisoned = lambda event: event.payload["fields"] == ["poison"]  # noqa: E731
    with probe_subscriber(program.id, {UPDATED}, fail_on=poisoned) as picky, \
            probe_subscriber(program.id, {UPDATED}) as other:
        assert picky.subscriber is not None
        drain(database, _settings(database))
        _record(database, program.id, 1)
        _record(database, program.id, 1, field="poison")
        _record(database, program.id, 1)
        drain(database, _settings(database))
        every = _event_ids(database, program.id)
        assert picky.seen == [every[0], every[2]]
        assert other.seen == every
        [failure] = _failures(database, picky.subscriber.name)
    assert (failure.event_id, failure.status, failure.event_type) == (every[1], "pending", UPDATED)
    assert "probe refuses event" in failure.error


def test_a_parked_event_is_retried_and_resolved_once_its_subscriber_copes(database: Database) -> None:
    program = make_program(database)
    refusing = {"on": True}
    with probe_subscriber(program.id, {UPDATED}, fail_on=lambda _event: refusing["on"]) as probe:
        assert probe.subscriber is not None
        drain(database, _settings(database))
        _record(database, program.id, 1)
        drain(database, _settings(database))  # parked, and its first retry (deferred by the sweep) failed too
        [failure] = _failures(database, probe.subscriber.name)
        # A slow machine's drain may outlast one more sweep, which retries (and fails) once more.
        assert failure.status == "pending" and failure.attempts >= 2
        refusing["on"] = False
        # The retry job waits for its back-off; here the test runs it at once.
        _run_retry(database, failure.id, attempts_so_far=1)
        [failure] = _failures(database, probe.subscriber.name)
    assert failure.status == "resolved"
    assert probe.seen == _event_ids(database, program.id)


def test_after_the_last_attempt_the_event_is_dead_until_someone_retries_it(database: Database) -> None:
    program = make_program(database)
    refusing = {"on": True}
    with probe_subscriber(program.id, {UPDATED}, fail_on=lambda _event: refusing["on"]) as probe:
        assert probe.subscriber is not None
        drain(database, _settings(database))
        _record(database, program.id, 1)
        drain(database, _settings(database))
        [failure] = _failures(database, probe.subscriber.name)
        _run_retry(database, failure.id, attempts_so_far=tasks_core.RETRY_ATTEMPTS - 1)
        [failure] = _failures(database, probe.subscriber.name)
        assert failure.status == "dead"
        with unit_of_work(database, read_only=True) as session:
            assert stream.failure_counts(session, program_id=program.id) == {"dead": 1}
        refusing["on"] = False
        with unit_of_work(database) as session:
            stream.retry_failure(session, program_id=program.id, failure_id=failure.id)
        drain(database, _settings(database))
        [failure] = _failures(database, probe.subscriber.name)
    assert failure.status == "resolved"
    assert len(probe.seen) == 1


def test_a_program_cannot_retry_another_programs_failure(database: Database) -> None:
    program, other = make_program(database), make_program(database)
    with probe_subscriber(program.id, {UPDATED}, fail_on=lambda _event: True) as probe:
        assert probe.subscriber is not None
        drain(database, _settings(database))
        _record(database, program.id, 1)
        drain(database, _settings(database))
        [failure] = _failures(database, probe.subscriber.name)
    from loyalty.kernel.errors import NotFound

    with pytest.raises(NotFound), unit_of_work(database) as session:
        stream.retry_failure(session, program_id=other.id, failure_id=failure.id)


def _run_retry(database: Database, failure_id: int, *, attempts_so_far: int) -> None:
    from loyalty.worker import runtime

    runtime.install(database, _settings(database), InMemoryConnector())
    try:
        context: Any = SimpleNamespace(job=SimpleNamespace(attempts=attempts_so_far))
        with suppress(tasks_core.StillFailing):
            tasks_core.retry_failure.func(context, failure_id=failure_id)
    finally:
        runtime.uninstall()


def test_an_event_that_commits_late_is_not_skipped(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite's writers take turns: ids grow in commit order")
    program = make_program(database)
    with probe_subscriber(program.id, {UPDATED}) as probe:
        drain(database, _settings(database))
        early = database.sessions()
        try:
            early.execute(text("SELECT pg_current_xact_id()"))  # its transaction id is now the older one
            events.record(session=early, program_id=program.id, type=UPDATED, actor="early",
                          payload={"fields": ["early"]})
            early.flush()
            _record(database, program.id, 1)  # a younger transaction commits first
            assert probe.subscriber is not None
            consumer.pump(database, probe.subscriber)
            assert probe.seen == []  # the younger event waits for the older transaction to end
            early.commit()
        finally:
            early.close()
        drain(database, _settings(database))
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(text("SELECT actor, id FROM events WHERE program_id = :p AND type = :t"),
                               {"p": program.id, "t": UPDATED}).all()
    by_actor: dict[str, int] = {actor: event_id for actor, event_id in rows}
    assert probe.seen == [by_actor["early"], by_actor["test"]]  # in the order the transactions began


def test_the_in_process_worker_handles_events_in_the_background(database: Database) -> None:
    program = make_program(database)
    with probe_subscriber(program.id, {UPDATED}) as probe:
        drain(database, _settings(database))
        worker = InProcessWorker(database, _settings(database))
        worker.start()
        try:
            _record(database, program.id, 2)
            deadline = time.monotonic() + 30
            while len(probe.seen) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            worker.stop()
    assert probe.seen == _event_ids(database, program.id)
