"""The membership look-ups of the low layers (rules, vouchers, rewards, campaigns)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from loyalty.kernel.errors import Invalid
from loyalty.segment_membership.models import Segment, SegmentMember

# The condition field that names segments: {"field": "member.segments", "op": "contains", "value": 7}.
SEGMENTS_FIELD = "member.segments"
MAX_ID = 2**63 - 1


def member_segment_ids(session: Session, *, program_id: int, member_id: int) -> list[int]:
    """The ids of the segments the member is in now (one index range read)."""
    return list(session.scalars(select(SegmentMember.segment_id).where(
        SegmentMember.program_id == program_id, SegmentMember.member_id == member_id)
        .order_by(SegmentMember.segment_id)).all())


def is_in_segment(session: Session, *, program_id: int, segment_id: int, member_id: int) -> bool:
    return bool(session.scalar(select(exists().where(
        SegmentMember.program_id == program_id, SegmentMember.segment_id == segment_id,
        SegmentMember.member_id == member_id))))


def segment_names(session: Session, *, program_id: int, segment_ids: Sequence[int]) -> dict[int, str]:
    if not segment_ids:
        return {}
    return {segment_id: name for segment_id, name in session.execute(
        select(Segment.id, Segment.name).where(Segment.program_id == program_id,
                                               Segment.id.in_(list(segment_ids)))).all()}


def segment_exists(session: Session, *, program_id: int, segment_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Segment.program_id == program_id, Segment.id == segment_id,
                                                     Segment.archived.is_(False)))))


def segment_mentions(tree: Any) -> list[Any]:
    """The values compared with `member.segments` anywhere in a condition tree (or JSON holding one)."""
    if isinstance(tree, dict):
        if tree.get("field") == SEGMENTS_FIELD and "value" in tree and tree.get("op") != "exists":
            return [tree["value"]]
        return [value for child in tree.values() for value in segment_mentions(child)]
    if isinstance(tree, list):
        return [value for child in tree for value in segment_mentions(child)]
    return []


def check_segment_mentions(session: Session, *, program_id: int, tree: Any, field: str = "condition") -> None:
    """Every segment a condition names is one of the program's (422 `unknown_segment` otherwise):
    a rule, voucher or campaign cannot lean on another program's segment."""
    named = segment_mentions(tree)
    if not named:
        return
    bad = [value for value in named if isinstance(value, bool) or not isinstance(value, int)
           or not 1 <= value <= MAX_ID]
    ids = sorted({value for value in named if value not in bad})
    known = set(session.scalars(select(Segment.id).where(Segment.program_id == program_id, Segment.id.in_(ids)))) \
        if ids else set()
    missing = bad or [value for value in ids if value not in known]
    if missing:
        raise Invalid(f"{SEGMENTS_FIELD} names no segment of this program: {missing[0]!r}.",
                      code="unknown_segment", field=field)


def member_segment_entries(session: Session, *, program_id: int, member_id: int) -> list[tuple[str, Any]]:
    """The segments the member is in now, by name, with when they entered (their data export)."""
    return [(str(name), entered_at) for name, entered_at in session.execute(
        select(Segment.name, SegmentMember.entered_at).join(Segment, Segment.id == SegmentMember.segment_id)
        .where(SegmentMember.program_id == program_id, SegmentMember.member_id == member_id)
        .order_by(SegmentMember.entered_at, SegmentMember.segment_id)).all()]
