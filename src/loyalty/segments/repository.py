"""Queries of the segments domain: membership is diffed and written set-based, in the database."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, delete, exists, func, literal, select, text, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
from loyalty.db.dialects import for_update
from loyalty.members.models import Member
from loyalty.segment_membership.models import Segment, SegmentMember, SegmentSize


def get(session: Session, *, program_id: int, segment_id: int, lock: bool = False) -> Segment | None:
    query = select(Segment).where(Segment.program_id == program_id, Segment.id == segment_id)
    return session.scalars(for_update(query, session) if lock else query).one_or_none()


def by_name(session: Session, *, program_id: int, name: str) -> Segment | None:
    return session.scalars(select(Segment).where(Segment.program_id == program_id, Segment.name == name)).one_or_none()


def listed(session: Session, *, program_id: int, archived: bool = False) -> Sequence[Segment]:
    return session.scalars(select(Segment).where(Segment.program_id == program_id, Segment.archived.is_(archived))
                           .order_by(Segment.name)).all()


def dynamic(session: Session, *, program_id: int) -> Sequence[Segment]:
    return session.scalars(select(Segment).where(Segment.program_id == program_id, Segment.kind == "dynamic",
                                                 Segment.archived.is_(False)).order_by(Segment.id)).all()


def existing_ids(session: Session, *, program_id: int, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    return set(session.scalars(select(Segment.id).where(Segment.program_id == program_id,
                                                        Segment.id.in_(list(ids)))).all())


def count(session: Session, query: Select[Any]) -> int:
    """One COUNT. On PostgreSQL without JIT for it: the correlated subqueries over a million members
    make the plan look costly enough to compile, and compiling took longer than index lookups save."""
    statement = select(func.count()).select_from(query.subquery())
    if session.get_bind().dialect.name != "postgresql":
        return int(session.scalar(statement) or 0)
    session.execute(text("SET jit = off"))
    try:
        return int(session.scalar(statement) or 0)
    finally:
        with suppress(DBAPIError):  # a failed transaction: its rollback takes the SET back
            session.execute(text("RESET jit"))


def _insert(session: Session) -> Any:
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return module.insert(core_table(SegmentMember))


def enter_matching(session: Session, *, segment: Segment, matching: Select[Any], at: datetime) -> list[int]:
    """Add the matching members not in the segment yet; the ids this statement added (a
    concurrent writer's rows are skipped, so each entry is announced once)."""
    table = core_table(SegmentMember)
    ids = matching.subquery()
    source = select(literal(segment.id), ids.c.id, literal(segment.program_id), literal(at, table.c.entered_at.type)) \
        .where(~exists().where(table.c.segment_id == segment.id, table.c.member_id == ids.c.id))
    statement = (_insert(session).from_select(["segment_id", "member_id", "program_id", "entered_at"], source)
                 .on_conflict_do_nothing(index_elements=["segment_id", "member_id"])
                 .returning(table.c.member_id))
    return sorted(session.scalars(statement).all())


def leave_unmatching(session: Session, *, segment: Segment, matching: Select[Any],
                     member_id: int | None = None) -> list[int]:
    """Remove the members the condition no longer holds for; the ids removed."""
    table = core_table(SegmentMember)
    statement = delete(table).where(table.c.segment_id == segment.id, table.c.member_id.not_in(matching))
    if member_id is not None:
        statement = statement.where(table.c.member_id == member_id)
    return sorted(session.scalars(statement.returning(table.c.member_id)).all())


def add_members(session: Session, *, segment: Segment, member_ids: Sequence[int], at: datetime) -> list[int]:
    if not member_ids:
        return []
    table = core_table(SegmentMember)
    statement = (_insert(session).values([{"segment_id": segment.id, "member_id": member_id,
                                           "program_id": segment.program_id, "entered_at": at}
                                          for member_id in member_ids])
                 .on_conflict_do_nothing(index_elements=["segment_id", "member_id"]).returning(table.c.member_id))
    return sorted(session.scalars(statement).all())


def remove_members(session: Session, *, segment_id: int, member_ids: Sequence[int] | None = None) -> list[int]:
    table = core_table(SegmentMember)
    statement = delete(table).where(table.c.segment_id == segment_id)
    if member_ids is not None:
        if not member_ids:
            return []
        statement = statement.where(table.c.member_id.in_(list(member_ids)))
    return sorted(session.scalars(statement.returning(table.c.member_id)).all())


# Pairs (or members) per statement: four parameters a pair stays far below SQLite's and
# PostgreSQL's limits on bound parameters however many members and segments a call has.
PAIRS_PER_STATEMENT = 1000


def memberships(session: Session, *, segment_ids: Sequence[int], member_ids: Sequence[int]) -> set[tuple[int, int]]:
    """The (segment, member) pairs present among these segments and members: one read (per thousand members)."""
    found: set[tuple[int, int]] = set()
    if not segment_ids:
        return found
    for start in range(0, len(member_ids), PAIRS_PER_STATEMENT):
        rows = session.execute(select(SegmentMember.segment_id, SegmentMember.member_id).where(
            SegmentMember.segment_id.in_(list(segment_ids)),
            SegmentMember.member_id.in_(list(member_ids[start:start + PAIRS_PER_STATEMENT])))).all()
        found |= {(int(segment_id), int(member_id)) for segment_id, member_id in rows}
    return found


def add_pairs(session: Session, *, program_id: int, pairs: Sequence[tuple[int, int]],
              at: datetime) -> set[tuple[int, int]]:
    """Enter the (segment, member) pairs in one statement (per thousand); the pairs added (one
    a concurrent writer added first is skipped, so each entry is announced once)."""
    table = core_table(SegmentMember)
    added: set[tuple[int, int]] = set()
    for start in range(0, len(pairs), PAIRS_PER_STATEMENT):
        statement = (_insert(session).values([{"segment_id": segment_id, "member_id": member_id,
                                               "program_id": program_id, "entered_at": at}
                                              for segment_id, member_id in pairs[start:start + PAIRS_PER_STATEMENT]])
                     .on_conflict_do_nothing(index_elements=["segment_id", "member_id"])
                     .returning(table.c.segment_id, table.c.member_id))
        added |= {(int(segment_id), int(member_id)) for segment_id, member_id in session.execute(statement).all()}
    return added


def remove_pairs(session: Session, *, pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Remove the (segment, member) pairs in one statement (per thousand); the pairs removed."""
    table = core_table(SegmentMember)
    removed: set[tuple[int, int]] = set()
    for start in range(0, len(pairs), PAIRS_PER_STATEMENT):
        statement = (delete(table).where(tuple_(table.c.segment_id, table.c.member_id)
                                         .in_(list(pairs[start:start + PAIRS_PER_STATEMENT])))
                     .returning(table.c.segment_id, table.c.member_id))
        removed |= {(int(segment_id), int(member_id)) for segment_id, member_id in session.execute(statement).all()}
    return removed


def add_to_sizes(session: Session, *, changes: dict[int, int]) -> None:
    """Each segment's size moved by its change, in one UPDATE."""
    changes = {segment_id: change for segment_id, change in changes.items() if change}
    if changes:
        session.execute(update(Segment).where(Segment.id.in_(list(changes)))
                        .values(size=Segment.size + case(changes, value=Segment.id, else_=0))
                        .execution_options(synchronize_session=False))


def current_ids(session: Session, *, segment_id: int) -> set[int]:
    return set(session.scalars(select(SegmentMember.member_id).where(SegmentMember.segment_id == segment_id)).all())


def size(session: Session, *, segment_id: int) -> int:
    return int(session.scalar(select(func.count()).where(SegmentMember.segment_id == segment_id)) or 0)


def set_size(session: Session, *, segment_id: int, size: int, day: date, at: datetime | None = None) -> None:
    values: dict[str, Any] = {"size": size}
    if at is not None:
        values["recomputed_at"] = at
    session.execute(update(Segment).where(Segment.id == segment_id).values(**values)
                    .execution_options(synchronize_session=False))
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = core_table(SegmentSize)
    statement = module.insert(table).values(segment_id=segment_id, day=day, size=size)
    session.execute(statement.on_conflict_do_update(index_elements=["segment_id", "day"], set_={"size": size}))


def add_to_size(session: Session, *, segment_id: int, change: int) -> None:
    if change:
        session.execute(update(Segment).where(Segment.id == segment_id).values(size=Segment.size + change)
                        .execution_options(synchronize_session=False))


def members_page(session: Session, *, segment_id: int, after: int | None, limit: int) -> Sequence[Any]:
    query = (select(SegmentMember.member_id, SegmentMember.entered_at, Member.first_name, Member.last_name,
                    Member.email)
             .join(Member, Member.id == SegmentMember.member_id).where(SegmentMember.segment_id == segment_id))
    if after is not None:
        query = query.where(SegmentMember.member_id > after)
    return session.execute(query.order_by(SegmentMember.member_id).limit(limit)).all()


def sizes(session: Session, *, segment_id: int, since: date | None = None) -> Sequence[SegmentSize]:
    query = select(SegmentSize).where(SegmentSize.segment_id == segment_id)
    if since is not None:
        query = query.where(SegmentSize.day >= since)
    return session.scalars(query.order_by(SegmentSize.day)).all()


def member_segments(session: Session, *, program_id: int, member_id: int) -> Sequence[Any]:
    return session.execute(select(Segment.id, Segment.name, Segment.kind, SegmentMember.entered_at)
                           .join(SegmentMember, SegmentMember.segment_id == Segment.id)
                           .where(SegmentMember.program_id == program_id, SegmentMember.member_id == member_id)
                           .order_by(Segment.name)).all()


def add(session: Session, segment: Segment) -> None:
    session.add(segment)
    session.flush()

