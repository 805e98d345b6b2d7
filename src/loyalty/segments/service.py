"""Segments: defining them, counting a condition while it is edited, keeping membership current.

Membership changes in three ways, each set-based and each announcing `segment.entered` /
`segment.left` once per real change:
- `recompute(segment)`: the compiled condition against the current rows (scheduled, and after an edit);
- `reevaluate_member(member)`: one member against every dynamic segment of the program, and
  `reevaluate_members(members)` the same for a batch's distinct members at once (the worker,
  on the members' own events);
- `import_static(segment, file)`: a static segment's list replaced by an uploaded file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, literal, select
from sqlalchemy.orm import Session

from loyalty.campaigns import repository as campaign_lookups
from loyalty.campaigns.domain import classify_identifiers
from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.kernel.conditions import check_number_range
from loyalty.kernel.conditions import validate as validate_condition
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.segment_membership.lookup import SEGMENTS_FIELD
from loyalty.segment_membership.models import Segment
from loyalty.segments import compiler, repository
from loyalty.segments.fields import CATALOG
from loyalty.segments.schemas import (
    CountRead,
    ImportRead,
    RecomputeRead,
    SegmentCreate,
    SegmentList,
    SegmentMemberPage,
    SegmentMemberRead,
    SegmentRead,
    SegmentSizeRead,
    SegmentSizes,
    SegmentUpdate,
)

MAX_PAGE = 500
# Members evaluated per SELECT by `reevaluate_members` (the worker's chunks hold at most 50).
MEMBERS_PER_SELECT = 500
# List fields whose values are ids compared with a bigint column: a text or an id beyond the
# column would be a type error or an overflow in the database.
ID_FIELDS = ("journey.in", "campaign.received")
MAX_BIGINT = 2**63 - 1
MAX_IMPORT_LINES = 1_000_000
MAX_REJECTIONS_SHOWN = 100


def _segment(session: Session, program: Program, segment_id: int, *, lock: bool = False) -> Segment:
    segment = repository.get(session, program_id=program.id, segment_id=segment_id, lock=lock)
    if segment is None:
        raise NotFound("No such segment.", code="segment_not_found")
    return segment


def check_condition(session: Session, program: Program, condition: Any, *, own_id: int | None = None) -> None:
    """Refuse a tree that does not fit the segment catalog; `field` names the bad part."""
    validate_condition(condition, CATALOG, path="condition")
    check_number_range(condition)
    named = list(_segment_ids(condition))
    if own_id is not None and own_id in named:
        raise Invalid("A segment cannot be defined by its own membership.", code="invalid_condition",
                      field="condition")
    missing = sorted({value for value in named if isinstance(value, int)}
                     - repository.existing_ids(session, program_id=program.id,
                                               ids=[v for v in named if isinstance(v, int)]))
    bad = [value for value in named if not isinstance(value, int) or isinstance(value, bool)]
    if missing or bad:
        raise Invalid(f"{SEGMENTS_FIELD} names no segment of this program: {(missing or bad)[0]!r}.",
                      code="invalid_condition", field="condition")
    for field_name in ID_FIELDS:
        for value in _values_of(condition, field_name):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_BIGINT:
                raise Invalid(f"{field_name} takes a positive whole id; got {value!r}.",
                              code="invalid_condition", field="condition")


def _segment_ids(tree: Any) -> list[Any]:
    return _values_of(tree, SEGMENTS_FIELD)


def _values_of(tree: Any, field_name: str) -> list[Any]:
    """The values compared with `field_name` anywhere in a tree."""
    if isinstance(tree, dict):
        if tree.get("field") == field_name and "value" in tree and tree.get("op") != "exists":
            return [tree["value"]]
        return [value for child in tree.values() for value in _values_of(child, field_name)]
    if isinstance(tree, list):
        return [value for child in tree for value in _values_of(child, field_name)]
    return []


def _context(session: Session, program: Program, now: datetime | None = None) -> Any:
    return compiler.context(session, program_id=program.id, timezone=program.timezone, now=now or clock.now())


# --- defining ------------------------------------------------------------------------------


def create(*, session: Session, program: Program, data: SegmentCreate, actor: str) -> SegmentRead:
    if data.kind == "dynamic":
        if data.condition is None:
            raise Invalid("A dynamic segment needs a condition.", code="invalid_condition", field="condition")
        check_condition(session, program, data.condition)
    elif data.condition is not None:
        raise Invalid("A static segment has no condition: import its members.", code="invalid_segment",
                      field="condition")
    if repository.by_name(session, program_id=program.id, name=data.name) is not None:
        raise Conflict("A segment of that name exists.", code="segment_name_taken", field="name")
    now = clock.now()
    segment = Segment(program_id=program.id, name=data.name, description=data.description, kind=data.kind,
                      condition=data.condition, size=0, archived=False, created_at=now, updated_at=now)
    repository.add(session, segment)
    events.record(session=session, program_id=program.id, type="segment.created", actor=actor,
                  payload={"segment_id": segment.id, "name": segment.name})
    if segment.kind == "dynamic":
        recompute(session=session, program=program, segment_id=segment.id, actor=actor)
    return get(session=session, program=program, segment_id=segment.id)


def update(*, session: Session, program: Program, segment_id: int, data: SegmentUpdate, actor: str) -> SegmentRead:
    segment = _segment(session, program, segment_id, lock=True)
    if segment.archived:
        raise Conflict("The segment is archived.", code="segment_archived")
    given = data.model_fields_set
    if "name" in given and data.name is not None and data.name != segment.name:
        if repository.by_name(session, program_id=program.id, name=data.name) is not None:
            raise Conflict("A segment of that name exists.", code="segment_name_taken", field="name")
        segment.name = data.name
    if "description" in given:
        segment.description = data.description
    changed_condition = False
    if "condition" in given and data.condition is not None:
        if segment.kind != "dynamic":
            raise Invalid("A static segment has no condition: import its members.", code="invalid_segment",
                          field="condition")
        check_condition(session, program, data.condition, own_id=segment.id)
        changed_condition = data.condition != segment.condition
        segment.condition = data.condition
    segment.updated_at = clock.now()
    session.flush()
    events.record(session=session, program_id=program.id, type="segment.updated", actor=actor,
                  payload={"segment_id": segment.id, "name": segment.name})
    if changed_condition:
        recompute(session=session, program=program, segment_id=segment.id, actor=actor)
    return get(session=session, program=program, segment_id=segment.id)


def archive(*, session: Session, program: Program, segment_id: int, actor: str) -> SegmentRead:
    """Archived: no members (none announced as leaving), no recompute, limits nothing."""
    segment = _segment(session, program, segment_id, lock=True)
    if not segment.archived:
        repository.remove_members(session, segment_id=segment.id)
        segment.archived = True
        segment.size = 0
        segment.updated_at = clock.now()
        session.flush()
        events.record(session=session, program_id=program.id, type="segment.archived", actor=actor,
                      payload={"segment_id": segment.id})
    return get(session=session, program=program, segment_id=segment.id)


def get(*, session: Session, program: Program, segment_id: int) -> SegmentRead:
    segment = _segment(session, program, segment_id)
    session.refresh(segment)
    return SegmentRead.model_validate(segment)


def list_segments(*, session: Session, program: Program, archived: bool = False) -> SegmentList:
    return SegmentList(items=[SegmentRead.model_validate(each)
                              for each in repository.listed(session, program_id=program.id, archived=archived)])


# --- reading -------------------------------------------------------------------------------


def count(*, session: Session, program: Program, condition: Mapping[str, Any],
          now: datetime | None = None) -> CountRead:
    """How many members the condition holds for now: one COUNT over the compiled clause (the
    live preview while a segment is edited; nothing is written)."""
    check_condition(session, program, condition)
    query = compiler.matching_ids(condition, _context(session, program, now))
    return CountRead(size=repository.count(session, query))


def members(*, session: Session, program: Program, segment_id: int, after: int | None = None,
            limit: int = 50, with_contact: bool = True) -> SegmentMemberPage:
    """A page of the segment's members; names and e-mail only `with_contact` (the caller may read
    members: a segments key alone sees ids and entry times, not who they are)."""
    _segment(session, program, segment_id)
    limit = max(1, min(limit, MAX_PAGE))
    rows = repository.members_page(session, segment_id=segment_id, after=after, limit=limit + 1)
    items = [SegmentMemberRead(member_id=row.member_id, first_name=row.first_name if with_contact else None,
                               last_name=row.last_name if with_contact else None,
                               email=row.email if with_contact else None, entered_at=row.entered_at)
             for row in rows[:limit]]
    return SegmentMemberPage(items=items, next_after=items[-1].member_id if len(rows) > limit else None)


def sizes(*, session: Session, program: Program, segment_id: int) -> SegmentSizes:
    _segment(session, program, segment_id)
    return SegmentSizes(items=[SegmentSizeRead(day=row.day, size=row.size)
                               for row in repository.sizes(session, segment_id=segment_id)])


def member_segments(*, session: Session, program: Program, member_id: int) -> list[dict[str, Any]]:
    """The segments a member is in (the single customer view)."""
    return [{"id": row.id, "name": row.name, "kind": row.kind, "entered_at": row.entered_at}
            for row in repository.member_segments(session, program_id=program.id, member_id=member_id)]


# --- keeping membership current ------------------------------------------------------------


def _announce(session: Session, segment: Segment, *, entered: Sequence[int], left: Sequence[int], reason: str,
              actor: str, at: datetime) -> None:
    rows = [{"program_id": segment.program_id, "member_id": member_id, "type": kind, "actor": actor,
             "occurred_at": at, "payload": {"segment_id": segment.id, "segment_name": segment.name, "reason": reason}}
            for kind, ids in (("segment.entered", entered), ("segment.left", left)) for member_id in ids]
    if rows:
        events.record_many(session=session, rows=rows)


def recompute(*, session: Session, program: Program, segment_id: int, actor: str = "system",
              now: datetime | None = None) -> RecomputeRead:
    """The compiled condition against every member, as two statements (enter the new, remove
    the gone); each change announced once; today's size written."""
    now = now or clock.now()
    segment = _segment(session, program, segment_id)
    if segment.kind != "dynamic" or segment.archived or segment.condition is None:
        size = repository.size(session, segment_id=segment.id)
        return RecomputeRead(entered=0, left=0, size=size)
    matching = compiler.matching_ids(segment.condition, _context(session, program, now))
    left = repository.leave_unmatching(session, segment=segment, matching=matching)
    entered = repository.enter_matching(session, segment=segment, matching=matching, at=now)
    _announce(session, segment, entered=entered, left=left, reason="recompute", actor=actor, at=now)
    size = repository.size(session, segment_id=segment.id)
    repository.set_size(session, segment_id=segment.id, size=size, day=now.date(), at=now)
    return RecomputeRead(entered=len(entered), left=len(left), size=size)


def recompute_program(*, session: Session, program: Program, now: datetime | None = None) -> dict[int, RecomputeRead]:
    """Every dynamic segment of the program, in id order (a segment named by another's
    `member.segments` is older, so it is current first)."""
    return {segment.id: recompute(session=session, program=program, segment_id=segment.id, now=now)
            for segment in repository.dynamic(session, program_id=program.id)}


def reevaluate_member(*, session: Session, program: Program, member_id: int, actor: str = "system",
                      now: datetime | None = None) -> tuple[list[int], list[int]]:
    """One member against every dynamic segment: one SELECT evaluating each compiled condition
    as a column for `members.id = member_id`, then only the differences written. Returns the
    segments entered and left (a redelivered event finds nothing to change)."""
    segments = list(repository.dynamic(session, program_id=program.id))
    if not segments:
        return [], []
    now = now or clock.now()
    ctx = _context(session, program, now)
    columns = [case((compiler.compile_tree(segment.condition or {}, ctx), literal(1)), else_=literal(0))
               .label(f"s{segment.id}") for segment in segments]
    row = session.execute(select(*columns).select_from(compiler.members())
                          .where(Member.program_id == program.id, Member.id == member_id)).first()
    if row is None:
        return [], []
    entered: list[int] = []
    left: list[int] = []
    for segment, holds in zip(segments, row, strict=True):
        if holds:
            if repository.add_members(session, segment=segment, member_ids=[member_id], at=now):
                entered.append(segment.id)
                repository.add_to_size(session, segment_id=segment.id, change=1)
                _announce(session, segment, entered=[member_id], left=[], reason="event", actor=actor, at=now)
        elif repository.remove_members(session, segment_id=segment.id, member_ids=[member_id]):
            left.append(segment.id)
            repository.add_to_size(session, segment_id=segment.id, change=-1)
            _announce(session, segment, entered=[], left=[member_id], reason="event", actor=actor, at=now)
    return entered, left


def reevaluate_members(*, session: Session, program: Program, member_ids: Sequence[int], actor: str = "system",
                       now: datetime | None = None) -> dict[int, tuple[list[int], list[int]]]:
    """`reevaluate_member` for several members of the program at once (the worker's batches):
    one SELECT evaluating each dynamic segment's compiled condition as a column for
    `members.id IN (...)`, one read of their current membership, the entries and departures
    written in one statement each, the sizes in one UPDATE, and every real change announced in
    one `record_many`. Each member is evaluated once, against the membership as it was before
    (as `reevaluate_member` does). Returns, per member that changed, the segments entered and left."""
    wanted = list(dict.fromkeys(member_ids))
    segments = list(repository.dynamic(session, program_id=program.id))
    if not segments or not wanted:
        return {}
    now = now or clock.now()
    ctx = _context(session, program, now)
    columns = [case((compiler.compile_tree(segment.condition or {}, ctx), literal(1)), else_=literal(0))
               .label(f"s{segment.id}") for segment in segments]
    rows: list[Any] = []
    for start in range(0, len(wanted), MEMBERS_PER_SELECT):
        rows += session.execute(select(Member.id, *columns).select_from(compiler.members()).where(
            Member.program_id == program.id, Member.id.in_(wanted[start:start + MEMBERS_PER_SELECT]))).all()
    found = sorted(int(row[0]) for row in rows)
    holding = {(segment.id, int(row[0])) for row in rows
               for segment, holds in zip(segments, row[1:], strict=True) if holds}
    current = repository.memberships(session, segment_ids=[segment.id for segment in segments], member_ids=found)
    entered = repository.add_pairs(session, program_id=program.id, pairs=sorted(holding - current), at=now)
    left = repository.remove_pairs(session, pairs=sorted(current - holding))
    changes: dict[int, int] = {}
    for segment_id, _ in entered:
        changes[segment_id] = changes.get(segment_id, 0) + 1
    for segment_id, _ in left:
        changes[segment_id] = changes.get(segment_id, 0) - 1
    repository.add_to_sizes(session, changes=changes)
    result: dict[int, tuple[list[int], list[int]]] = {}
    announced: list[dict[str, Any]] = []
    for member_id in wanted:  # in the order given, each member's segments in id order, as one by one
        for segment in segments:
            kind = ("segment.entered" if (segment.id, member_id) in entered
                    else "segment.left" if (segment.id, member_id) in left else None)
            if kind is None:
                continue
            went = result.setdefault(member_id, ([], []))
            went[0 if kind == "segment.entered" else 1].append(segment.id)
            announced.append({"program_id": program.id, "member_id": member_id, "type": kind, "actor": actor,
                              "occurred_at": now, "payload": {"segment_id": segment.id, "segment_name": segment.name,
                                                              "reason": "event"}})
    if announced:
        events.record_many(session=session, rows=announced)
    return result


# --- static segments -----------------------------------------------------------------------


def import_static(*, session: Session, program: Program, segment_id: int, data: bytes, actor: str) -> ImportRead:
    """Replace a static segment's members with the file's: one member a line, by id, card
    number or e-mail (a header line of words is skipped). The whole file is checked first: with
    any line rejected (unreadable, or no such member) nothing changes, and the error lists the
    rejected lines with their reason."""
    segment = _segment(session, program, segment_id, lock=True)
    if segment.kind != "static" or segment.archived:
        raise Conflict("Only a static segment's members are imported.", code="segment_not_static")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("The file is not UTF-8 text.", code="import_refused", field="file") from None
    lines = text.splitlines()
    if len(lines) > MAX_IMPORT_LINES:
        raise Invalid(f"A file may have at most {MAX_IMPORT_LINES} lines.", code="import_refused", field="file")
    wanted: dict[int, tuple[str, Any]] = {}
    rejected: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        kinds = classify_identifiers([line] if number == 1 else ["", line])
        if number == 1 and not (kinds.member_ids or kinds.emails or kinds.card_numbers or kinds.unreadable):
            continue  # a header
        if kinds.unreadable or len(kinds.member_ids) + len(kinds.emails) + len(kinds.card_numbers) != 1:
            rejected.append({"line": number, "field": "member",
                             "reason": "expected one member id, card number or e-mail address"})
            continue
        if kinds.member_ids:
            wanted[number] = ("id", kinds.member_ids[0])
        elif kinds.emails:
            wanted[number] = ("email", kinds.emails[0])
        else:
            wanted[number] = ("card", kinds.card_numbers[0])
    by_kind: dict[str, dict[Any, int]] = {
        "id": campaign_lookups.members_by_ids(session, program_id=program.id,
                                             member_ids=[v for k, v in wanted.values() if k == "id"]),
        "email": campaign_lookups.members_by_emails(session, program_id=program.id,
                                                    emails=[v for k, v in wanted.values() if k == "email"]),
        "card": campaign_lookups.members_by_cards(session, program_id=program.id,
                                                  numbers=[v for k, v in wanted.values() if k == "card"]),
    }
    member_ids: set[int] = set()
    for number, (kind, value) in wanted.items():
        found = by_kind[kind].get(value)
        if found is None:
            rejected.append({"line": number, "field": "member", "reason": f"no member with this {kind}"})
        else:
            member_ids.add(found)
    if rejected:
        rejected.sort(key=lambda item: item["line"])
        raise Invalid(f"{len(rejected)} line(s) rejected: nothing was imported.", code="import_refused",
                      field="file", details={"rejected_count": len(rejected),
                                             "rejected": rejected[:MAX_REJECTIONS_SHOWN]})
    now = clock.now()
    current = repository.current_ids(session, segment_id=segment.id)
    left = repository.remove_members(session, segment_id=segment.id, member_ids=sorted(current - member_ids))
    entered = repository.add_members(session, segment=segment, member_ids=sorted(member_ids - current), at=now)
    _announce(session, segment, entered=entered, left=left, reason="import", actor=actor, at=now)
    size = repository.size(session, segment_id=segment.id)
    repository.set_size(session, segment_id=segment.id, size=size, day=now.date(), at=now)
    return ImportRead(lines=len(lines), members=size, entered=len(entered), left=len(left))
