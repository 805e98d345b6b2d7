"""Segments: named groups of members, dynamic (a condition kept current) or static (an imported
list); the live count of a condition while it is edited, the members, the size day by day."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Request

from loyalty.auth.scopes import grants
from loyalty.kernel.errors import Invalid
from loyalty.members.schemas import MAX_ID
from loyalty.segments import service
from loyalty.segments.schemas import (
    CountRead,
    CountRequest,
    ImportRead,
    RecomputeRead,
    SegmentCreate,
    SegmentList,
    SegmentMemberRead,
    SegmentRead,
    SegmentSizes,
    SegmentUpdate,
)
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.files import CSV_REFUSED, file_upload, require_csv
from loyalty.web.pagination import Cursor, Limit, Page, cursor_key, encode_cursor
from loyalty.web.ratelimit import segment_count_limiter

router = APIRouter(tags=["segments"])
Reader = Annotated[ApiContext, Depends(require("segments:read"))]
Writer = Annotated[ApiContext, Depends(require("segments:write"))]
SegmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="The segment's id.")]
MAX_CSV_BYTES = 50 * 1024 * 1024

NOT_FOUND = "404 `segment_not_found`: no such segment in this program"
CONDITION = "422 `invalid_condition`: the condition tree is not valid (the path is in `field`)"


@router.post("/segments", response_model=SegmentRead, status_code=201, responses=declared(
    CONDITION, "422 `invalid_segment`: a static segment takes no condition",
    "409 `segment_name_taken`: a segment of that name exists"))
def create_segment(body: SegmentCreate, context: Writer) -> SegmentRead:
    """A new segment. A dynamic one is computed at once (its members announced with
    `segment.entered`) and kept current from then on; a static one starts empty: import its list."""
    with context.write() as session:
        return service.create(session=session, program=context.program, data=body, actor=context.actor)


@router.get("/segments", response_model=SegmentList)
def list_segments(context: Reader, archived: bool = False) -> SegmentList:
    """The program's segments by name, with their size at the last change."""
    with context.read() as session:
        return service.list_segments(session=session, program=context.program, archived=archived)


@router.post("/segments/count", response_model=CountRead, responses=declared(
    CONDITION, "429 `rate_limited`: too many counts for this key (`settings.rate_limit.segment_count_per_key`)"))
def count_segment(body: CountRequest, context: Reader, request: Request) -> CountRead:
    """How many members a condition holds for now: the live preview of a segment being edited
    (one count in the database; nothing is saved). Limited per API key (120 a minute by default)."""
    segment_count_limiter(request).attempt(program_id=context.program_id, api_key_id=context.api_key_id)
    with context.read() as session:
        return service.count(session=session, program=context.program, condition=body.condition)


@router.get("/segments/{segment_id:int}", response_model=SegmentRead, responses=declared(NOT_FOUND))
def read_segment(segment_id: SegmentId, context: Reader) -> SegmentRead:
    """One segment: its definition and its size at the last change."""
    with context.read() as session:
        return service.get(session=session, program=context.program, segment_id=segment_id)


@router.patch("/segments/{segment_id:int}", response_model=SegmentRead, responses=declared(
    NOT_FOUND, CONDITION, "422 `invalid_segment`: a static segment takes no condition",
    "409 `segment_name_taken`: a segment of that name exists", "409 `segment_archived`: it is archived"))
def update_segment(segment_id: SegmentId, body: SegmentUpdate, context: Writer) -> SegmentRead:
    """Rename or redefine; a new condition is recomputed at once (entries and exits announced)."""
    with context.write() as session:
        return service.update(session=session, program=context.program, segment_id=segment_id, data=body,
                              actor=context.actor)


@router.post("/segments/{segment_id:int}/archive", response_model=SegmentRead, responses=declared(NOT_FOUND))
def archive_segment(segment_id: SegmentId, context: Writer) -> SegmentRead:
    """Archive: the segment keeps no members and limits nothing any more (rules naming it match nobody)."""
    with context.write() as session:
        return service.archive(session=session, program=context.program, segment_id=segment_id,
                               actor=context.actor)


@router.post("/segments/{segment_id:int}/recompute", response_model=RecomputeRead, responses=declared(NOT_FOUND))
def recompute_segment(segment_id: SegmentId, context: Writer) -> RecomputeRead:
    """Recompute now instead of at the next hourly run."""
    with context.write() as session:
        return service.recompute(session=session, program=context.program, segment_id=segment_id,
                                 actor=context.actor)


class SegmentMembersPage(Page[SegmentMemberRead]):
    """A page of a segment's members, by member id."""


@router.get("/segments/{segment_id:int}/members", response_model=SegmentMembersPage,
            responses=declared(NOT_FOUND))
def segment_members(segment_id: SegmentId, context: Reader, cursor: Cursor = None,
                    limit: Limit = 50) -> SegmentMembersPage:
    """The members, by id, a page at a time: follow `next_cursor` until it is null. Names and
    e-mail are given only to a key that also holds `members:read` (null otherwise)."""
    with context.read() as session:
        page = service.members(session=session, program=context.program, segment_id=segment_id,
                               after=cursor_key(cursor), limit=limit,
                               with_contact=grants(list(context.scopes), "members:read"))
    return SegmentMembersPage(items=page.items,
                              next_cursor=encode_cursor(page.next_after) if page.next_after is not None else None)


@router.get("/segments/{segment_id:int}/sizes", response_model=SegmentSizes, responses=declared(NOT_FOUND))
def segment_sizes(segment_id: SegmentId, context: Reader) -> SegmentSizes:
    """The size day by day (UTC), as each recompute or import left it."""
    with context.read() as session:
        return service.sizes(session=session, program=context.program, segment_id=segment_id)


@router.post("/segments/{segment_id:int}/import", response_model=ImportRead, dependencies=[Depends(require_csv)],
             responses={**CSV_REFUSED, **declared(
                 NOT_FOUND, "409 `segment_not_static`: only a static segment's members are imported",
                 "422 `import_refused`: lines rejected, nothing imported (`details.rejected`: line, field, reason)")},
             openapi_extra=file_upload("text/csv"))
def import_segment(segment_id: SegmentId, context: Writer,
                   body: Annotated[bytes, Body(media_type="text/csv", description=(
                       "One member a line: member id, card number or e-mail; a header line of words is "
                       "skipped."))]) -> ImportRead:
    """Replace a static segment's members with the file's, all or nothing (entries and exits announced)."""
    if len(body) > MAX_CSV_BYTES:
        raise Invalid(f"The file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB.", code="import_refused",
                      field="file")
    with context.write() as session:
        return service.import_static(session=session, program=context.program, segment_id=segment_id,
                                     data=body, actor=context.actor)
