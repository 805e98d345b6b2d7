"""Leaderboards: rankings of members by points earned, purchases or spend, per week, month or
season, over the program, a store or a segment; kept live by the worker as events arrive.
Members are named by the display name they chose or a pseudonym, never their e-mail or name."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from loyalty.leaderboards import service
from loyalty.leaderboards.schemas import (
    LeaderboardCreate,
    LeaderboardRead,
    LeaderboardUpdate,
    MyStandingRead,
    StandingRead,
)
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import Cursor, Limit, Page, cursor_key, encode_cursor

router = APIRouter(tags=["leaderboards"])
Reader = Annotated[ApiContext, Depends(require("leaderboards:read"))]
Writer = Annotated[ApiContext, Depends(require("leaderboards:write"))]
LeaderboardId = Annotated[int, Path(ge=1, le=MAX_ID, description="The leaderboard's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
Day = Annotated[date | None, Query(description="A day of the period to show (the program's time zone); today "
                                               "by default.")]

NOT_FOUND = "404 `leaderboard_not_found`: no such leaderboard in this program"


class LeaderboardPage(Page[LeaderboardRead]):
    """A page of the program's leaderboards, oldest first."""


class StandingsPage(Page[StandingRead]):
    """A page of a leaderboard's standings, best first."""

    period_start: date
    period_end: date


@router.post("/leaderboards", response_model=LeaderboardRead, status_code=201, responses=declared(
    "422 `unknown_segment`: segment_id names no segment of this program",
    "422 `unknown_challenge`: challenge_id names no challenge of this program"))
def create_leaderboard(body: LeaderboardCreate, context: Writer) -> LeaderboardRead:
    """A new leaderboard. It counts the events recorded from now on (nothing before); a board
    ranked by a challenge (`measure=challenge`) reads its participants' progress over the
    challenge's window."""
    with context.write() as session:
        return service.create(session=session, program=context.program, data=body)


@router.get("/leaderboards", response_model=LeaderboardPage)
def list_leaderboards(context: Reader, cursor: Cursor = None, limit: Limit = 50) -> LeaderboardPage:
    """The program's leaderboards, oldest first."""
    with context.read() as session:
        return LeaderboardPage.of(service.list_boards(session=session, program=context.program,
                                                      after=cursor_key(cursor), limit=limit))


@router.get("/leaderboards/{leaderboard_id:int}", response_model=LeaderboardRead, responses=declared(NOT_FOUND))
def read_leaderboard(leaderboard_id: LeaderboardId, context: Reader) -> LeaderboardRead:
    """One leaderboard's definition."""
    with context.read() as session:
        return service.get(session=session, program=context.program, leaderboard_id=leaderboard_id)


@router.patch("/leaderboards/{leaderboard_id:int}", response_model=LeaderboardRead, responses=declared(NOT_FOUND))
def update_leaderboard(leaderboard_id: LeaderboardId, body: LeaderboardUpdate, context: Writer) -> LeaderboardRead:
    """Rename, describe, or deactivate (an inactive board counts nothing and members do not see it)."""
    with context.write() as session:
        return service.update(session=session, program=context.program, leaderboard_id=leaderboard_id, data=body)


@router.get("/leaderboards/{leaderboard_id:int}/standings", response_model=StandingsPage,
            responses=declared(NOT_FOUND))
def leaderboard_standings(leaderboard_id: LeaderboardId, context: Reader, cursor: Cursor = None,
                          limit: Limit = 50, day: Day = None) -> StandingsPage:
    """The standings of the period holding `day`, best first; equal scores share a rank. The
    cursor is a place in the ranking: a page read while scores move may repeat or skip a member."""
    position = cursor_key(cursor) or 0
    with context.read() as session:
        found = service.standings(session=session, program=context.program, leaderboard_id=leaderboard_id,
                                  day=day, position=position, limit=limit)
    return StandingsPage(items=found.items, period_start=found.period_start, period_end=found.period_end,
                         next_cursor=encode_cursor(found.next_position) if found.next_position is not None else None)


@router.get("/leaderboards/{leaderboard_id:int}/members/{member_id:int}", response_model=MyStandingRead,
            responses=declared(NOT_FOUND))
def member_standing(leaderboard_id: LeaderboardId, member_id: MemberId, context: Reader,
                    day: Day = None) -> MyStandingRead:
    """One member's rank and score in the period holding `day` (rank null: no score yet)."""
    with context.read() as session:
        return service.my_standing(session=session, program=context.program, leaderboard_id=leaderboard_id,
                                   member_id=member_id, day=day)
