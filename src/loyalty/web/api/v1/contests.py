"""Contests: prize draws whose entries members earn by purchases or custom events (a review, an
answered survey), up to the rules' maximum; drawn after closing with a secure random seed and
recorded with its inputs, so the draw can be repeated and checked. Winners are published by
public name (a chosen display name or a pseudonym)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from loyalty.contests import service
from loyalty.contests.schemas import ContestCreate, ContestRead, DrawRead, EntryRead, WinnersRead
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["contests"])
Reader = Annotated[ApiContext, Depends(require("contests:read"))]
Writer = Annotated[ApiContext, Depends(require("contests:write"))]
ContestId = Annotated[int, Path(ge=1, le=MAX_ID, description="The contest's id.")]

NOT_FOUND = "404 `contest_not_found`: no such contest in this program"


class ContestPage(Page[ContestRead]):
    """A page of the program's contests, oldest first."""


class ContestEntryPage(Page[EntryRead]):
    """A page of a contest's entries, in the order they were earned."""


@router.post("/contests", response_model=ContestRead, status_code=201)
def create_contest(body: ContestCreate, context: Writer) -> ContestRead:
    """A new contest; members earn entries by the events recorded while it is open."""
    with context.write() as session:
        return service.create(session=session, program=context.program, data=body)


@router.get("/contests", response_model=ContestPage)
def list_contests(context: Reader, cursor: Cursor = None, limit: Limit = 50) -> ContestPage:
    """The program's contests, oldest first, each with its status (upcoming, open, closed, drawn)."""
    with context.read() as session:
        return ContestPage.of(service.list_contests(session=session, program=context.program,
                                                    after=cursor_key(cursor), limit=limit))


@router.get("/contests/{contest_id:int}", response_model=ContestRead, responses=declared(NOT_FOUND))
def read_contest(contest_id: ContestId, context: Reader) -> ContestRead:
    """One contest: its rules, dates, entry rules and status."""
    with context.read() as session:
        return service.get(session=session, program=context.program, contest_id=contest_id)


@router.get("/contests/{contest_id:int}/entries", response_model=ContestEntryPage, responses=declared(NOT_FOUND))
def contest_entries(contest_id: ContestId, context: Reader, cursor: Cursor = None, limit: Limit = 50,
                    member_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None) -> ContestEntryPage:
    """Every entry with the member and the action that earned it; `member_id` for one member's."""
    with context.read() as session:
        return ContestEntryPage.of(service.entries(session=session, program=context.program, contest_id=contest_id,
                                                   after=cursor_key(cursor), limit=limit, member_id=member_id))


@router.post("/contests/{contest_id:int}/draw", response_model=DrawRead, responses=declared(
    NOT_FOUND, "409 `contest_not_closed`: it is still open", "409 `contest_already_drawn`: it was drawn already"))
def draw_contest(contest_id: ContestId, context: Writer) -> DrawRead:
    """Draw the winners now (a closed contest, once). The seed comes from the operating system's
    secure random source; the record keeps it with the digest of the ordered entries."""
    with context.write() as session:
        return service.draw(session=session, program=context.program, contest_id=contest_id, actor=context.actor)


@router.get("/contests/{contest_id:int}/draw", response_model=DrawRead, responses=declared(
    NOT_FOUND, "404 `contest_not_drawn`: not drawn yet"))
def contest_draw(contest_id: ContestId, context: Reader) -> DrawRead:
    """The draw's record for an audit, repeated from today's entries (`verified`)."""
    with context.read() as session:
        return service.draw_record(session=session, program=context.program, contest_id=contest_id)


@router.get("/contests/{contest_id:int}/winners", response_model=WinnersRead, responses=declared(NOT_FOUND))
def contest_winners(contest_id: ContestId, context: Reader) -> WinnersRead:
    """The winners by public name, first drawn first (empty before the draw)."""
    with context.read() as session:
        return service.winners(session=session, program=context.program, contest_id=contest_id)
