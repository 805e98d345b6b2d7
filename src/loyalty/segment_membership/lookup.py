"""The membership look-ups of the low layers (rules, vouchers, rewards, campaigns)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from loyalty.segment_membership.models import Segment, SegmentMember

# The condition field that names segments: {"field": "member.segments", "op": "contains", "value": 7}.
SEGMENTS_FIELD = "member.segments"


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


def in_segment_clause(*, segment_id: int, member_id_column: object) -> object:
    """EXISTS(the member of `member_id_column` is in the segment), for audience queries."""
    return exists().where(SegmentMember.segment_id == segment_id,
                          SegmentMember.member_id == member_id_column)
