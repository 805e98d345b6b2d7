"""Queries on members, consents, card batches and cards: the only SQL of this domain."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CursorResult,
    Select,
    String,
    and_,
    bindparam,
    event,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from loyalty.db.base import BigId, UtcDateTime
from loyalty.db.dialects import for_update
from loyalty.db.direct import DirectStatement
from loyalty.members.models import Card, CardBatch, Member, MemberConsent
from loyalty.programs.models import Program

UNIQUE_MEMBER_FIELDS = ("email", "phone", "external_id")


def add(session: Session, row: Member | MemberConsent | CardBatch | Card) -> None:
    session.add(row)
    session.flush()


def add_consents(session: Session, rows: list[MemberConsent]) -> None:
    if rows:
        session.add_all(rows)
        session.flush()


_MEMBER_COLUMNS = tuple(column.key for column in Member.__table__.columns)

# Domains above this one may have one more value of each member read with the member's own
# row (a scalar subquery over members.id) rather than by a statement of their own: the tier a
# purchase multiplies its points by. What was read is kept for the unit of work, until its
# owner forgets it (it changed it), a savepoint rolls back or the unit ends.
_READ_ALONG = "loyalty.members.read_along"  # Session.info: (name, member id) -> value
_along: dict[str, ColumnElement[Any]] = {}
_member_by_id: list[DirectStatement] = []  # built on first use, with what was registered by then


def read_along(name: str, value: ColumnElement[Any]) -> None:
    """Read `value` with every member loaded by id from now on (register at import time)."""
    _along[name] = value.label(name)
    _member_by_id.clear()


def read_with_member(session: Session, name: str, member_id: int) -> tuple[bool, Any]:
    """(True, value) when `name` was read with the member in this unit of work, else (False, None)."""
    values: dict[tuple[str, int], Any] = session.info.get(_READ_ALONG, {})
    key = (name, member_id)
    return (True, values[key]) if key in values else (False, None)


def forget_read_along(session: Session, name: str, member_id: int) -> None:
    session.info.get(_READ_ALONG, {}).pop((name, member_id), None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, _previous: SessionTransaction) -> None:
    session.info.pop(_READ_ALONG, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_READ_ALONG, None)


def _by_id() -> DirectStatement:
    if not _member_by_id:
        _member_by_id.append(DirectStatement(select(*Member.__table__.columns, *_along.values())
                                             .where(Member.__table__.c.id == bindparam("id"))))
    return _member_by_id[0]


def get_member(session: Session, *, program_id: int, member_id: int) -> Member | None:
    """The member, as `Session.get` would give it (the session's own object when it holds one)
    at a third less CPU: every till request loads one."""
    member = session.identity_map.get(identity_key(Member, member_id))
    if member is None:
        row = _by_id().typed_row(session, {"id": member_id})
        if row is None:
            return None
        member = Member(**dict(zip(_MEMBER_COLUMNS, row, strict=False)))
        make_transient_to_detached(member)  # as if loaded: no attribute counts as changed
        session.add(member)
        if _along and member.program_id == program_id:
            values = session.info.setdefault(_READ_ALONG, {})
            for name, value in zip(_along, row[len(_MEMBER_COLUMNS):], strict=True):
                values[(name, member_id)] = value
    if member.program_id != program_id:
        return None
    return member


def member_by(session: Session, *, program_id: int, field: str, value: str) -> Member | None:
    column = getattr(Member, field)
    return session.scalars(select(Member).where(Member.program_id == program_id, column == value)).one_or_none()


def first_duplicate(session: Session, *, program_id: int, values: dict[str, str | None],
                    exclude_member_id: int | None = None) -> str | None:
    """The first of email, phone, external_id that another member of the program already has."""
    for field in UNIQUE_MEMBER_FIELDS:
        value = values.get(field)
        if value is None:
            continue
        query = select(Member.id).where(Member.program_id == program_id, getattr(Member, field) == value)
        if exclude_member_id is not None:
            query = query.where(Member.id != exclude_member_id)
        if session.scalars(query.limit(1)).first() is not None:
            return field
    return None


def referral_code_taken(session: Session, *, program_id: int, code: str) -> bool:
    query = select(Member.id).where(Member.program_id == program_id, Member.referral_code == code).limit(1)
    return session.scalars(query).first() is not None


def _like_prefix(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def list_members(session: Session, *, program_id: int, status: str | None, email: str | None, q: str | None,
                 enrolled_from: datetime | None, enrolled_to: datetime | None, before_id: int | None,
                 limit: int) -> Sequence[Member]:
    """Newest first; `before_id` continues below the last id of the previous page."""
    query: Select[Member] = select(Member).where(Member.program_id == program_id)
    if status is not None:
        query = query.where(Member.status == status)
    if email is not None:
        query = query.where(Member.email == email)
    if q:
        pattern = _like_prefix(q)
        full_name = func.coalesce(Member.first_name, "") + " " + func.coalesce(Member.last_name, "")
        query = query.where(or_(
            func.lower(Member.first_name).like(pattern, escape="\\"),
            func.lower(Member.last_name).like(pattern, escape="\\"),
            func.lower(full_name).like(pattern, escape="\\"),
            Member.email.like(pattern, escape="\\"),
        ))
    if enrolled_from is not None:
        query = query.where(Member.enrolled_at >= enrolled_from)
    if enrolled_to is not None:
        query = query.where(Member.enrolled_at < enrolled_to)
    if before_id is not None:
        query = query.where(Member.id < before_id)
    return session.scalars(query.order_by(Member.id.desc()).limit(limit)).all()


def _sqlite_lower(text: str) -> str:
    """What SQLite's lower() makes of `text`: it folds ASCII letters only."""
    return "".join(char.lower() if char.isascii() else char for char in text)


def _name_starts(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, ignoring case, in a form the name index serves
    (migration 0016): PostgreSQL's `text_pattern_ops` index answers LIKE 'x%'; SQLite's
    expression index answers a range (its LIKE would not use it)."""
    lowered = func.lower(column)
    if dialect == "postgresql":
        return lowered.like(_like_prefix(prefix), escape="\\")
    # SQLite's lower() leaves "Ł" as it is: try the prefix as typed and capitalised too.
    starts = {_sqlite_lower(prefix.lower()), _sqlite_lower(prefix[:1].upper() + prefix[1:].lower())}
    return or_(*(and_(lowered >= start, lowered < start + "\U0010ffff") for start in sorted(starts)))


def members_by_name(session: Session, *, program_id: int, words: Sequence[str], exclude_ids: Collection[int],
                    before_id: int | None, limit: int) -> Sequence[Member]:
    """Members whose first or last name starts with the one word given, or (two words) whose
    first and last names start with them in either order; newest first, paged by id."""
    dialect = session.get_bind().dialect.name
    if len(words) == 1:
        condition = or_(_name_starts(Member.first_name, words[0], dialect),
                        _name_starts(Member.last_name, words[0], dialect))
    else:
        first, second = words[0], words[1]
        condition = or_(
            and_(_name_starts(Member.first_name, first, dialect), _name_starts(Member.last_name, second, dialect)),
            and_(_name_starts(Member.last_name, first, dialect), _name_starts(Member.first_name, second, dialect)))
    query = select(Member).where(Member.program_id == program_id, condition)
    if exclude_ids:
        query = query.where(Member.id.not_in(list(exclude_ids)))
    if before_id is not None:
        query = query.where(Member.id < before_id)
    return session.scalars(query.order_by(Member.id.desc()).limit(limit)).all()


def update_member_fields(session: Session, member: Member, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(member, name, value)
    session.flush()


def current_consents(session: Session, *, member_ids: Sequence[int]) -> Sequence[MemberConsent]:
    """The newest decision per member and channel."""
    if not member_ids:
        return []
    newest = (select(func.max(MemberConsent.id))
              .where(MemberConsent.member_id.in_(member_ids))
              .group_by(MemberConsent.member_id, MemberConsent.channel))
    return session.scalars(select(MemberConsent).where(MemberConsent.id.in_(newest))).all()


def consent_history(session: Session, *, member_id: int) -> Sequence[MemberConsent]:
    return session.scalars(select(MemberConsent).where(MemberConsent.member_id == member_id)
                           .order_by(MemberConsent.id)).all()


# Cards


def get_batch(session: Session, *, program_id: int, batch_id: int) -> CardBatch | None:
    batch = session.get(CardBatch, batch_id)
    if batch is None or batch.program_id != program_id:
        return None
    return batch


def insert_cards_ignoring_taken(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the card rows whose number is free in the program; returns the numbers inserted.

    ON CONFLICT DO NOTHING lets a concurrent batch take a number first without failing ours.
    """
    if not rows:
        return set()
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (module.insert(Card)
                 .on_conflict_do_nothing(index_elements=["program_id", "number"])
                 .returning(Card.number))
    # executemany with RETURNING: SQLAlchemy batches the rows into multi-row INSERTs
    # ("insertmanyvalues") from one cached statement, instead of compiling one per chunk.
    return set(session.scalars(statement, rows).all())


def insert_printed_cards(session: Session, *, program_id: int, batch_id: int, numbers: Collection[str],
                         created_at: datetime) -> set[str]:
    """Insert unassigned cards of a batch, skipping numbers already taken; returns those inserted."""
    if not numbers:
        return set()
    if session.get_bind().dialect.name != "postgresql":
        return insert_cards_ignoring_taken(session, [
            {"program_id": program_id, "number": number, "batch_id": batch_id, "status": "unassigned",
             "created_at": created_at} for number in numbers
        ])
    # One array parameter instead of a thousand rows of parameters: the driver would spend
    # longer rewriting the placeholders of a multi-row INSERT than PostgreSQL spends inserting.
    rows = select(
        literal(program_id, BigId), func.unnest(bindparam("numbers", list(numbers), type_=ARRAY(String(32)))),
        literal(batch_id, BigId), literal("unassigned", String(16)), literal(created_at, UtcDateTime),
    )
    statement = (postgresql.insert(Card)
                 .from_select(["program_id", "number", "batch_id", "status", "created_at"], rows)
                 .on_conflict_do_nothing(index_elements=["program_id", "number"])
                 .returning(Card.number))
    return set(session.scalars(statement).all())


def batch_numbers(session: Session, *, program_id: int, batch_id: int) -> list[str]:
    query = select(Card.number).where(Card.program_id == program_id, Card.batch_id == batch_id).order_by(Card.id)
    return list(session.scalars(query).all())


def card_by_number(session: Session, *, program_id: int, number: str, lock: bool = False) -> Card | None:
    query = select(Card).where(Card.program_id == program_id, Card.number == number)
    if lock:
        query = for_update(query, session)
    return session.scalars(query.execution_options(populate_existing=lock)).one_or_none()


def cards_of_members(session: Session, *, member_ids: Sequence[int], status: str | None = None,
                     after_id: int | None = None, limit: int | None = None) -> Sequence[Card]:
    if not member_ids:
        return []
    query = select(Card).where(Card.member_id.in_(member_ids))
    if status is not None:
        query = query.where(Card.status == status)
    if after_id is not None:
        query = query.where(Card.id > after_id)
    return session.scalars(query.order_by(Card.id).limit(limit)).all()


def card_numbers_by_id(session: Session, *, card_ids: Sequence[int]) -> dict[int, str]:
    if not card_ids:
        return {}
    return {card_id: number for card_id, number in
            session.execute(select(Card.id, Card.number).where(Card.id.in_(card_ids)))}


def assign_card(session: Session, *, card_id: int, member_id: int, at: datetime) -> bool:
    """Give an unassigned card to a member; False when someone else got it first."""
    result = cast(CursorResult[Any], session.execute(
        update(Card).where(Card.id == card_id, Card.status == "unassigned")
        .values(member_id=member_id, status="active", assigned_at=at)
        .execution_options(synchronize_session="fetch")
    ))
    return result.rowcount == 1


def block_card(session: Session, *, card_id: int, at: datetime) -> bool:
    """Block an active card; False when it was not active any more."""
    result = cast(CursorResult[Any], session.execute(
        update(Card).where(Card.id == card_id, Card.status == "active")
        .values(status="blocked", blocked_at=at)
        .execution_options(synchronize_session="fetch")
    ))
    return result.rowcount == 1


def set_replacement(session: Session, *, card_id: int, replacement_id: int) -> None:
    session.execute(update(Card).where(Card.id == card_id).values(replaced_by_id=replacement_id)
                    .execution_options(synchronize_session="fetch"))


def member_ids_by(session: Session, *, program_id: int, field: str, values: Collection[str]) -> dict[str, int]:
    """Members of the program by `field` (email, phone, external_id) among `values`."""
    column = getattr(Member, field)
    found: dict[str, int] = {}
    chunk = list(values)
    for start in range(0, len(chunk), 500):
        query = select(column, Member.id).where(Member.program_id == program_id,
                                                column.in_(chunk[start:start + 500]))
        found.update({value: member_id for value, member_id in session.execute(query).all()})
    return found


def cards_by_number(session: Session, *, program_id: int,
                    numbers: Collection[str]) -> dict[str, tuple[str, int | None]]:
    """(status, member id) of the program's cards among `numbers`."""
    found: dict[str, tuple[str, int | None]] = {}
    chunk = list(numbers)
    for start in range(0, len(chunk), 500):
        query = select(Card.number, Card.status, Card.member_id).where(
            Card.program_id == program_id, Card.number.in_(chunk[start:start + 500]))
        found.update({number: (status, member_id) for number, status, member_id in session.execute(query).all()})
    return found


def member_with_program(session: Session, member_id: int) -> tuple[Member, Program] | None:
    """The member and their program, in one query (every member app request reads them)."""
    found = session.execute(select(Member, Program).join(Program, Program.id == Member.program_id)
                            .where(Member.id == member_id)).one_or_none()
    return None if found is None else (found[0], found[1])


def members_with_programs(session: Session, member_ids: Sequence[int]) -> dict[int, tuple[Member, Program]]:
    """`member_with_program` for several members, in one query (absent ids are left out)."""
    if not member_ids:
        return {}
    rows = session.execute(select(Member, Program).join(Program, Program.id == Member.program_id)
                           .where(Member.id.in_(sorted(set(member_ids)))))
    return {member.id: (member, program) for member, program in rows}


def lock_member(session: Session, *, member_id: int) -> None:
    """Hold the member's row until the transaction ends (SQLite's writers already take turns):
    two posts of one form wait for each other, and the second sees what the first wrote."""
    session.execute(for_update(select(Member.id).where(Member.id == member_id), session))
