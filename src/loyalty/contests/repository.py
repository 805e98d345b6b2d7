"""Contest queries: contests, entries under the per-member guard, the draw's record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.contests.models import Contest, ContestDraw, ContestEntry, ContestTally, ContestWinner
from loyalty.db.base import core_table
from loyalty.db.dialects import for_update
from loyalty.events.models import Event
from loyalty.purchases.models import Purchase


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def get(session: Session, *, program_id: int, contest_id: int) -> Contest | None:
    return session.scalar(select(Contest).where(Contest.program_id == program_id, Contest.id == contest_id))


def page(session: Session, *, program_id: int, after: int | None, limit: int) -> Sequence[Contest]:
    query = select(Contest).where(Contest.program_id == program_id)
    if after is not None:
        query = query.where(Contest.id > after)
    return session.scalars(query.order_by(Contest.id).limit(limit + 1)).all()


def open_at(session: Session, *, program_id: int, moment: datetime) -> Sequence[Contest]:
    return session.scalars(select(Contest).where(Contest.program_id == program_id, Contest.opens_at <= moment,
                                                 Contest.closes_at > moment, Contest.drawn_at.is_(None))
                           .order_by(Contest.id)).all()


def due_for_draw(session: Session, *, now: datetime) -> list[tuple[int, int]]:
    """(program id, contest id) of closed contests the worker draws."""
    return [(program_id, contest_id) for program_id, contest_id in session.execute(
        select(Contest.program_id, Contest.id).where(Contest.closes_at <= now, Contest.drawn_at.is_(None),
                                                     Contest.draws_automatically.is_(True))
        .order_by(Contest.id)).all()]


def has_entry(session: Session, *, contest_id: int, source: str) -> bool:
    return session.scalar(select(ContestEntry.id).where(ContestEntry.contest_id == contest_id,
                                                        ContestEntry.source == source)) is not None


def locked_tally(session: Session, *, contest_id: int, program_id: int, member_id: int) -> int:
    """The member's entries, their tally row locked until the transaction ends (made at 0 first):
    two additions for one member take turns, so together they never pass the maximum."""
    session.execute(_insert(session)(core_table(ContestTally)).values(
        contest_id=contest_id, member_id=member_id, program_id=program_id, entries=0).on_conflict_do_nothing(
        index_elements=["contest_id", "member_id"]))
    return int(session.execute(for_update(select(ContestTally.entries).where(
        ContestTally.contest_id == contest_id, ContestTally.member_id == member_id), session)).scalar_one())


def add_entries(session: Session, *, contest_id: int, program_id: int, member_id: int, source: str, entries: int,
                now: datetime) -> bool:
    """The entries row and the tally's increase; False when the source had entered already."""
    inserted = session.execute(_insert(session)(core_table(ContestEntry)).values(
        contest_id=contest_id, program_id=program_id, member_id=member_id, source=source, entries=entries,
        created_at=now).on_conflict_do_nothing(index_elements=["contest_id", "source"])
        .returning(core_table(ContestEntry).c.id)).scalar_one_or_none()
    if inserted is None:
        return False
    session.execute(update(ContestTally).where(ContestTally.contest_id == contest_id,
                                               ContestTally.member_id == member_id)
                    .values(entries=ContestTally.entries + entries))
    return True


def add_score_entry(session: Session, *, contest_id: int, program_id: int, member_id: int, score: int,
                    now: datetime) -> None:
    session.add(ContestEntry(contest_id=contest_id, program_id=program_id, member_id=member_id,
                             source=f"score:{member_id}", entries=score, created_at=now))


def tally(session: Session, *, contest_id: int, member_id: int) -> int:
    return int(session.scalar(select(ContestTally.entries).where(ContestTally.contest_id == contest_id,
                                                                 ContestTally.member_id == member_id)) or 0)


def holdings(session: Session, *, contest_id: int) -> list[tuple[int, int]]:
    """(member id, entries) of every entrant, summed from the entries themselves (withdrawn ones left out)."""
    return [(member_id, int(total)) for member_id, total in session.execute(
        select(ContestEntry.member_id, func.sum(ContestEntry.entries)).where(
            ContestEntry.contest_id == contest_id, ContestEntry.withdrawn_at.is_(None))
        .group_by(ContestEntry.member_id).order_by(ContestEntry.member_id)).all()]


def entries_page(session: Session, *, contest_id: int, after: int | None, limit: int,
                 member_id: int | None = None) -> Sequence[ContestEntry]:
    query = select(ContestEntry).where(ContestEntry.contest_id == contest_id)
    if member_id is not None:
        query = query.where(ContestEntry.member_id == member_id)
    if after is not None:
        query = query.where(ContestEntry.id > after)
    return session.scalars(query.order_by(ContestEntry.id).limit(limit + 1)).all()


def purchase_event_sources(session: Session, *, program_id: int, member_id: int, purchase_id: int) -> list[str]:
    """The entry sources (`event:<id>`) of the purchase's `purchase.recorded` events (one, in practice)."""
    return [f"event:{event_id}" for event_id in session.scalars(select(Event.id).where(
        Event.program_id == program_id, Event.member_id == member_id, Event.type == "purchase.recorded",
        Event.payload["purchase_id"].as_integer() == purchase_id))]


def live_entries_of(session: Session, *, program_id: int, member_id: int,
                    sources: Sequence[str]) -> Sequence[ContestEntry]:
    """The member's entries earned by these sources and not withdrawn, in any contest."""
    if not sources:
        return []
    return session.scalars(select(ContestEntry).where(
        ContestEntry.program_id == program_id, ContestEntry.member_id == member_id,
        ContestEntry.source.in_(list(sources)), ContestEntry.withdrawn_at.is_(None))
        .order_by(ContestEntry.contest_id, ContestEntry.id)).all()


def lock_undrawn(session: Session, *, contest_id: int) -> bool:
    """Lock the contest's row if it is not drawn: a draw at the same moment (its guarded UPDATE of
    the same row) waits, then reads the entries as this unit of work leaves them; if the draw
    came first, False and nothing may change."""
    return session.execute(for_update(select(Contest.id).where(Contest.id == contest_id,
                                                               Contest.drawn_at.is_(None)), session)
                           ).scalar_one_or_none() is not None


def withdraw_entry(session: Session, *, entry_id: int, now: datetime) -> int | None:
    """Mark the entry withdrawn, once: its entries, or None when it was withdrawn already."""
    return session.execute(update(ContestEntry).where(ContestEntry.id == entry_id,
                                                      ContestEntry.withdrawn_at.is_(None))
                           .values(withdrawn_at=now).returning(ContestEntry.entries)
                           .execution_options(synchronize_session=False)).scalar_one_or_none()


def lower_tally(session: Session, *, contest_id: int, member_id: int, entries: int) -> None:
    session.execute(update(ContestTally).where(ContestTally.contest_id == contest_id,
                                               ContestTally.member_id == member_id)
                    .values(entries=ContestTally.entries - entries))


def claim_draw(session: Session, *, contest_id: int, now: datetime) -> bool:
    """Mark the contest drawn, once: a second draw (a double click, the worker at the same time)
    finds drawn_at set and changes nothing."""
    result = session.execute(update(Contest).where(Contest.id == contest_id, Contest.drawn_at.is_(None),
                                                   Contest.closes_at <= now).values(drawn_at=now))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def draw_record(session: Session, *, contest_id: int) -> ContestDraw | None:
    return session.get(ContestDraw, contest_id)


def winners(session: Session, *, contest_id: int) -> list[int]:
    return list(session.scalars(select(ContestWinner.member_id).where(ContestWinner.contest_id == contest_id)
                                .order_by(ContestWinner.position)))


def member_wins(session: Session, *, program_id: int, member_id: int) -> Sequence[tuple[ContestWinner, Contest]]:
    """The contests the member won, with their place, oldest draw first."""
    rows = session.execute(select(ContestWinner, Contest).join(Contest, Contest.id == ContestWinner.contest_id).where(
        ContestWinner.program_id == program_id, ContestWinner.member_id == member_id)
        .order_by(Contest.drawn_at, Contest.id)).all()
    return [(winner, contest) for winner, contest in rows]


def member_entries(session: Session, *, program_id: int, member_id: int) -> Sequence[ContestEntry]:
    return session.scalars(select(ContestEntry).where(ContestEntry.program_id == program_id,
                                                      ContestEntry.member_id == member_id)
                           .order_by(ContestEntry.id)).all()


def open_between(session: Session, *, program_id: int, earliest: datetime, latest: datetime) -> Sequence[Contest]:
    """The contests open at some moment from `earliest` to `latest` (a batch of events' span)."""
    return session.scalars(select(Contest).where(Contest.program_id == program_id, Contest.opens_at <= latest,
                                                 Contest.closes_at > earliest, Contest.drawn_at.is_(None))
                           .order_by(Contest.id)).all()


def locked_tallies(session: Session, *, contest_id: int, program_id: int, member_ids: Sequence[int]) -> dict[int, int]:
    """`locked_tally` for many members at once: their entries, each tally row made at 0 if
    missing and locked until the transaction ends, taken in member order (as any two batches
    then lock in the same order, they never deadlock)."""
    ordered = sorted(set(member_ids))
    session.execute(_insert(session)(core_table(ContestTally)).values([
        {"contest_id": contest_id, "member_id": member_id, "program_id": program_id, "entries": 0}
        for member_id in ordered]).on_conflict_do_nothing(index_elements=["contest_id", "member_id"]))
    query = select(ContestTally.member_id, ContestTally.entries).where(
        ContestTally.contest_id == contest_id, ContestTally.member_id.in_(ordered)).order_by(ContestTally.member_id)
    if session.get_bind().dialect.name == "postgresql":  # as `for_update`: SQLite's writers take turns
        query = query.with_for_update()
    return {int(row.member_id): int(row.entries) for row in session.execute(query)}


def entered_sources(session: Session, *, contest_id: int, sources: Sequence[str]) -> set[str]:
    """Which of `sources` have entered the contest already."""
    return set(session.scalars(select(ContestEntry.source).where(ContestEntry.contest_id == contest_id,
                                                                 ContestEntry.source.in_(sorted(set(sources))))))


def add_many_entries(session: Session, *, contest_id: int, program_id: int, rows: Sequence[tuple[int, str, int]],
                     now: datetime) -> list[tuple[int, str, int]]:
    """`add_entries` for (member id, source, entries) rows at once, their members' tallies
    locked by the caller (`locked_tallies`): one INSERT of the entries, one UPDATE per member of
    the tallies by what went in. The rows that went in (a source that had entered already
    stays out and adds nothing)."""
    if not rows:
        return []
    table = core_table(ContestEntry)
    inserted = set(session.execute(_insert(session)(table).values([
        {"contest_id": contest_id, "program_id": program_id, "member_id": member_id, "source": source,
         "entries": entries, "created_at": now} for member_id, source, entries in rows])
        .on_conflict_do_nothing(index_elements=["contest_id", "source"]).returning(table.c.source)).scalars())
    went_in = [row for row in rows if row[1] in inserted]
    added: dict[int, int] = {}
    for member_id, _source, entries in went_in:
        added[member_id] = added.get(member_id, 0) + entries
    if added:
        tallies = core_table(ContestTally)
        session.execute(update(tallies).where(tallies.c.contest_id == contest_id,
                                              tallies.c.member_id == bindparam("tally_member"))
                        .values(entries=tallies.c.entries + bindparam("added")),
                        [{"tally_member": member_id, "added": amount} for member_id, amount in sorted(added.items())])
    return went_in


def refunded_in_full(session: Session, *, program_id: int, purchase_ids: Sequence[int]) -> set[int]:
    """Which of the purchases are refunded in full now (one read for a batch)."""
    if not purchase_ids:
        return set()
    return set(session.scalars(select(Purchase.id).where(
        Purchase.program_id == program_id, Purchase.id.in_(sorted(set(purchase_ids))),
        Purchase.total_minor > 0, Purchase.refunded_minor >= Purchase.total_minor)))
