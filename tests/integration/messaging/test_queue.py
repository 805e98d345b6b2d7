"""queue_message: one row per dedupe key, the event on the timeline."""

from __future__ import annotations

from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.messaging import service
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.messaging import member_events, message, queue


def test_a_second_queue_with_the_same_dedupe_key_creates_nothing(database: Database, program: Program) -> None:
    member = make_member(database, program, first_name="Ala")
    first = queue(database, program, member.id, dedupe_key="journey:1:2:3", context={"product": "bike"})
    second = queue(database, program, member.id, dedupe_key="journey:1:2:3", context={"product": "other"})
    assert first is not None and second is not None
    assert second.id == first.id
    stored = message(database, first.id)
    assert (stored.status, stored.context, stored.channel, stored.source) == ("queued", {"product": "bike"},
                                                                             "email", "test")
    assert [(e.type, e.payload["message_id"]) for e in member_events(database, program, member.id)] == [
        ("message.queued", first.id)]


def test_a_member_of_another_program_gets_nothing_queued(database: Database, program: Program) -> None:
    from tests.factories.programs import make_program

    other = make_member(database, make_program(database))
    assert queue(database, program, other.id) is None


def _queue_many(database: Database, program: Program, requests: list[service.MessageRequest]) -> list[Any]:
    with unit_of_work(database) as session:
        return service.queue_messages(session=session, program=program, requests=requests)


def _request(member_id: int, dedupe_key: str, **fields: Any) -> service.MessageRequest:
    values: dict[str, Any] = {"channel": "email", "template_key": "welcome", "source": "test", "actor": "test",
                              "context": {}, **fields}
    return service.MessageRequest(member_id=member_id, dedupe_key=dedupe_key, **values)


def test_queue_messages_makes_one_row_per_dedupe_key_and_says_what_it_refused(database: Database,
                                                                              program: Program) -> None:
    ala, ola = make_member(database, program, first_name="Ala"), make_member(database, program, first_name="Ola")
    earlier = queue(database, program, ala.id, dedupe_key="batch:ala")
    assert earlier is not None

    answers = _queue_many(database, program, [
        _request(ala.id, "batch:ala", context={"product": "other"}),  # queued before: the same message
        _request(ola.id, "batch:ola", context={"product": "bike"}, channel="sms"),
        _request(ola.id, "batch:ola"),  # twice in one call: one message
        _request(ola.id, "batch:bad", channel="pigeon"),
        _request(ola.id, "batch:big", context={"text": "x" * 20_000}),
    ])
    again = _queue_many(database, program, [_request(ola.id, "batch:ola")])

    assert answers[0] == earlier.id
    assert isinstance(answers[1], int) and answers[2] == answers[1] and again == [answers[1]]
    assert isinstance(answers[3], Invalid) and answers[3].code == "unknown_channel"
    assert isinstance(answers[4], Invalid) and answers[4].field == "context"
    stored = message(database, answers[1])
    assert (stored.member_id, stored.channel, stored.context, stored.status) == (ola.id, "sms", {"product": "bike"},
                                                                               "queued")
    assert [(e.type, e.payload["message_id"], e.payload["channel"]) for e in member_events(
        database, program, ola.id)] == [("message.queued", answers[1], "sms")]
    assert len(member_events(database, program, ala.id)) == 1  # only the first queue's
