"""The worker's batch path for segment membership: the same membership and announcements as
member by member, nothing twice on redelivery, programs kept apart within one batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.events.subscribers import PublishedEvent
from loyalty.kernel import clock
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.segment_membership.models import Segment, SegmentMember
from loyalty.segments import repository as segment_repository
from loyalty.segments import service
from loyalty.segments.schemas import SegmentCreate
from loyalty.worker import tasks_segments
from tests.factories import tiers
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.integration.segments import population
from tests.integration.segments.population import add_purchase

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def define(database: Database, program: Program) -> list[int]:
    """Six segments, in id order: a 30-day spend window, a tier, a VIP attribute, the members of
    the first, a 90-day purchase count or a tag, and not the first."""
    made: list[int] = []
    conditions: list[Any] = [
        {"field": "behaviour.purchase_value_30d", "op": "gte", "value": 100},
        {"field": "member.tier", "op": "eq", "value": "gold"},
        {"field": "member.attributes.vip", "op": "eq", "value": True},
        None,  # member.segments contains the first
        {"any": [{"field": "behaviour.purchase_count_90d", "op": "gte", "value": 1},
                 {"field": "member.attributes.tags", "op": "contains", "value": "vip"}]},
        None,  # not in the first
    ]
    for number, condition in enumerate(conditions):
        if number == 3:
            condition = {"field": "member.segments", "op": "contains", "value": made[0]}
        if number == 5:
            condition = {"not": {"field": "member.segments", "op": "contains", "value": made[0]}}
        with unit_of_work(database) as session:
            made.append(service.create(session=session, program=program, actor="test", data=SegmentCreate(
                name=f"s{number}", kind="dynamic", condition=condition)).id)
    return made


def world(database: Database) -> tuple[Program, list[int], list[int]]:
    """A program with the hand-made population, standard tiers and the six segments."""
    program = make_program(database)
    tiers.make_levels(database, program)
    members = population.build(database, program, NOW)
    tiers.assign(database, program, members[6], tier_code="gold")
    return program, members, define(database, program)


def change(database: Database, program: Program, members: list[int]) -> None:
    """What events would announce: purchases, attributes, tiers (and time passes five days)."""
    with unit_of_work(database) as session:
        add_purchase(session, program, session.get_one(Member, members[2]), at=NOW + timedelta(days=4), total=500)
        add_purchase(session, program, session.get_one(Member, members[9]), at=NOW + timedelta(days=4), total=50)
        session.execute(update(Member).where(Member.id == members[1]).values(attributes={"vip": True}))
        session.execute(update(Member).where(Member.id == members[5]).values(attributes={"vip": False}))
    tiers.assign(database, program, members[3], tier_code="gold")
    tiers.assign(database, program, members[6], tier_code="silver")
    tiers.freeze(NOW + timedelta(days=5))


def membership(database: Database, program: Program, segments: list[int], members: list[int]) -> set[tuple[int, int]]:
    """(segment's position, member's position) pairs, comparable across programs."""
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(select(SegmentMember.segment_id, SegmentMember.member_id)
                               .where(SegmentMember.program_id == program.id)).all()
    return {(segments.index(segment_id), members.index(member_id)) for segment_id, member_id in rows}


def sizes(database: Database, program: Program, segments: list[int]) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return [session.get_one(Segment, segment_id).size for segment_id in segments]


def announced(database: Database, program: Program, segments: list[int], members: list[int],
              after: int = 0) -> list[tuple[str, int, int, str]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(select(Event.type, Event.member_id, Event.payload).where(
            Event.program_id == program.id, Event.id > after,
            Event.type.in_(("segment.entered", "segment.left"))).order_by(Event.id)).all()
    return [(type_, members.index(member_id), segments.index(payload["segment_id"]), payload["reason"])
            for type_, member_id, payload in rows]


def last_event_id(database: Database) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0)


def event(program: Program, member_id: int, number: int = 1) -> PublishedEvent:
    return PublishedEvent(id=number, program_id=program.id, member_id=member_id, type="purchase.recorded",
                          occurred_at=clock.now(), recorded_at=clock.now(), actor="test", payload={})


def one_by_one(database: Database, program: Program, members: list[int]) -> None:
    with unit_of_work(database) as session:
        for member_id in members:
            tasks_segments.handle(session, event(program, member_id))


def as_batch(database: Database, program: Program, members: list[int]) -> None:
    with unit_of_work(database) as session:
        tasks_segments.handle_batch(session, [event(program, member_id) for member_id in members])


@pytest.mark.parametrize("statement_size", [None, 2], ids=["whole", "in-pieces"])
def test_a_batch_gives_the_same_membership_and_announcements_as_member_by_member(
        database: Database, monkeypatch: pytest.MonkeyPatch, statement_size: int | None) -> None:
    if statement_size is not None:  # the members read and the pairs written a few per statement
        monkeypatch.setattr(segment_repository, "PAIRS_PER_STATEMENT", statement_size)
        monkeypatch.setattr(service, "MEMBERS_PER_SELECT", statement_size)
    tiers.freeze(NOW)
    alone, alone_members, alone_segments = world(database)
    batched, batched_members, batched_segments = world(database)
    assert membership(database, alone, alone_segments, alone_members) == \
        membership(database, batched, batched_segments, batched_members)
    tiers.freeze(NOW)
    change(database, alone, alone_members)
    tiers.freeze(NOW)
    change(database, batched, batched_members)
    before = last_event_id(database)

    # Twice: the second pass is where "member.segments" follows the first pass's changes.
    for _ in range(2):
        one_by_one(database, alone, alone_members)
        as_batch(database, batched, batched_members)
        assert membership(database, batched, batched_segments, batched_members) == \
            membership(database, alone, alone_segments, alone_members)
        assert sizes(database, batched, batched_segments) == sizes(database, alone, alone_segments)

    by_batch = announced(database, batched, batched_segments, batched_members, before)
    assert by_batch == announced(database, alone, alone_segments, alone_members, before)
    # The population moved: a window slid past a purchase, purchases, an attribute, two tiers.
    assert {kind for kind, *_ in by_batch} == {"segment.entered", "segment.left"}
    assert ("segment.entered", 2, 0, "event") in by_batch  # spent 500 within 30 days
    assert ("segment.entered", 2, 3, "event") in by_batch  # … and so into "members of the first", a pass later
    assert ("segment.left", 1, 0, "event") in by_batch  # the window slid past their purchase
    assert ("segment.entered", 1, 2, "event") in by_batch and ("segment.left", 5, 2, "event") in by_batch
    assert ("segment.entered", 3, 1, "event") in by_batch and ("segment.left", 6, 1, "event") in by_batch
    # The sizes are the rows.
    with unit_of_work(database, read_only=True) as session:
        for segment_id, size in zip(batched_segments, sizes(database, batched, batched_segments), strict=True):
            assert size == len(session.scalars(select(SegmentMember.member_id)
                                               .where(SegmentMember.segment_id == segment_id)).all())


def test_a_redelivered_batch_changes_nothing_and_announces_nothing(database: Database) -> None:
    tiers.freeze(NOW)
    program, members, segments = world(database)
    change(database, program, members)
    as_batch(database, program, members + members[:3])  # a member's several events in one batch
    as_batch(database, program, members)  # "member.segments" follows
    settled = membership(database, program, segments, members)
    sizes_settled = sizes(database, program, segments)
    before = last_event_id(database)

    as_batch(database, program, members + members[:3])  # redelivered

    assert announced(database, program, segments, members, before) == []
    assert membership(database, program, segments, members) == settled
    assert sizes(database, program, segments) == sizes_settled


def test_members_of_two_programs_in_one_batch_stay_apart(database: Database) -> None:
    first, second = make_program(database), make_program(database)
    vip = {"field": "member.attributes.vip", "op": "eq", "value": True}
    segment_ids = {}
    for program in (first, second):
        with unit_of_work(database) as session:
            segment_ids[program.id] = service.create(session=session, program=program, actor="test",
                                                     data=SegmentCreate(name="VIP", kind="dynamic",
                                                                        condition=vip)).id
    ours = [make_member(database, first).id for _ in range(3)]
    theirs = [make_member(database, second).id for _ in range(3)]
    with unit_of_work(database) as session:
        session.execute(update(Member).where(Member.id.in_(ours + theirs)).values(attributes={"vip": True}))
    before = last_event_id(database)

    batch = [event(first, member_id) for member_id in ours] + [event(second, member_id) for member_id in theirs]
    # An event naming another program's member changes nothing there.
    batch += [event(first, theirs[0]), event(second, ours[0])]
    with unit_of_work(database) as session:
        tasks_segments.handle_batch(session, batch)

    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(select(SegmentMember.segment_id, SegmentMember.member_id, SegmentMember.program_id)
                               .where(SegmentMember.program_id.in_((first.id, second.id)))).all()
        news = session.execute(select(Event.program_id, Event.member_id, Event.payload).where(
            Event.id > before, Event.type.in_(("segment.entered", "segment.left")))).all()
        assert [session.get_one(Segment, segment_ids[p.id]).size for p in (first, second)] == [3, 3]
    assert sorted(rows) == sorted([(segment_ids[first.id], m, first.id) for m in ours]
                                  + [(segment_ids[second.id], m, second.id) for m in theirs])
    assert sorted((p, m, payload["segment_id"]) for p, m, payload in news) == sorted(
        [(first.id, m, segment_ids[first.id]) for m in ours] + [(second.id, m, segment_ids[second.id]) for m in theirs])
