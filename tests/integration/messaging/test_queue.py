"""queue_message: one row per dedupe key, the event on the timeline."""

from __future__ import annotations

from loyalty.db.engine import Database
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
