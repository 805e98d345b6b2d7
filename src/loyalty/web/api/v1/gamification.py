"""Badges and challenges: defining them, a member's badges with their progress, a member's
challenges with their live progress, and joining one on a member's behalf. Earning and paying
is the worker's (docs/gamification.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from loyalty.gamification import service
from loyalty.gamification.schemas import (
    BadgeCreate,
    BadgeRead,
    BadgeUpdate,
    ChallengeCreate,
    ChallengeRead,
    ChallengeStats,
    ChallengeUpdate,
    MemberBadgeList,
    MemberChallengeList,
    MemberChallengeRead,
)
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["gamification"])
Reader = Annotated[ApiContext, Depends(require("gamification:read"))]
Writer = Annotated[ApiContext, Depends(require("gamification:write"))]
BadgeId = Annotated[int, Path(ge=1, le=MAX_ID, description="The badge's id.")]
ChallengeId = Annotated[int, Path(ge=1, le=MAX_ID, description="The challenge's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]

BADGE_NOT_FOUND = "404 `badge_not_found`: no such badge in this program"
CHALLENGE_NOT_FOUND = "404 `challenge_not_found`: no such challenge in this program"
MEMBER_NOT_FOUND = "404 `member_not_found`: no such member in this program"
CONDITION = "422 `invalid_condition`: the condition tree is not valid (the path is in `field`)"
MEASURE = "422 `invalid_measure`: event_type (or channel) does not fit the measure"
REWARD = ("422 `unknown_unit`: a reward names a unit the program lacks",
          "422 `unknown_voucher_campaign`: a reward names no voucher campaign of the program")


class BadgePage(Page[BadgeRead]):
    """Badges, oldest first."""


class ChallengePage(Page[ChallengeRead]):
    """Challenges, oldest first."""


@router.post("/badges", response_model=BadgeRead, status_code=201, responses=declared(
    CONDITION, MEASURE, *REWARD, "422 `invalid_levels`: thresholds must rise from level to level",
    "409 `badge_name_taken`: a badge of that name exists"))
def create_badge(body: BadgeCreate, context: Writer) -> BadgeRead:
    """A new badge: a measure over members' activity and one level (earned once) or several
    (bronze, silver, gold), each optionally with points or a coupon. The worker awards it as
    members' events arrive, each level once per member."""
    with context.write() as session:
        return service.create_badge(session=session, program=context.program, data=body, actor=context.actor)


@router.get("/badges", response_model=BadgePage)
def list_badges(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> BadgePage:
    """The program's badges with how many awards each has."""
    with context.read() as session:
        return BadgePage.of(service.list_badges(session=session, program=context.program,
                                                after_id=cursor_key(cursor), limit=limit))


@router.get("/badges/{badge_id:int}", response_model=BadgeRead, responses=declared(BADGE_NOT_FOUND))
def read_badge(badge_id: BadgeId, context: Reader) -> BadgeRead:
    """One badge."""
    with context.read() as session:
        return service.get_badge(session=session, program=context.program, badge_id=badge_id)


@router.patch("/badges/{badge_id:int}", response_model=BadgeRead, responses=declared(
    BADGE_NOT_FOUND, CONDITION, MEASURE, *REWARD, "422 `invalid_levels`: thresholds must rise from level to level",
    "422 `levels_in_use`: a level members hold must keep its place and threshold",
    "409 `badge_name_taken`: a badge of that name exists"))
def update_badge(badge_id: BadgeId, body: BadgeUpdate, context: Writer) -> BadgeRead:
    """Change what is sent; levels already earned stay earned. Levels members hold keep their
    place and threshold (rename them, change their rewards, or add levels above them)."""
    with context.write() as session:
        return service.update_badge(session=session, program=context.program, badge_id=badge_id, data=body,
                                    actor=context.actor)


@router.post("/challenges", response_model=ChallengeRead, status_code=201, responses=declared(
    CONDITION, MEASURE, *REWARD, "422 `invalid_window`: it must end after it starts",
    "422 `unknown_segment`: the program has no such segment",
    "409 `challenge_name_taken`: a challenge of that name exists"))
def create_challenge(body: ChallengeCreate, context: Writer) -> ChallengeRead:
    """A new challenge: a goal to reach between `starts_at` and `ends_at`, joined by members (the
    app's Join button, or POST …/join) or assigned to a segment's members. Only activity inside
    the window and after joining counts; the reward is paid once, on completion."""
    with context.write() as session:
        return service.create_challenge(session=session, program=context.program, data=body, actor=context.actor)


@router.get("/challenges", response_model=ChallengePage)
def list_challenges(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> ChallengePage:
    """The program's challenges."""
    with context.read() as session:
        return ChallengePage.of(service.list_challenges(session=session, program=context.program,
                                                        after_id=cursor_key(cursor), limit=limit))


@router.get("/challenges/{challenge_id:int}", response_model=ChallengeRead, responses=declared(CHALLENGE_NOT_FOUND))
def read_challenge(challenge_id: ChallengeId, context: Reader) -> ChallengeRead:
    """One challenge."""
    with context.read() as session:
        return service.get_challenge(session=session, program=context.program, challenge_id=challenge_id)


@router.patch("/challenges/{challenge_id:int}", response_model=ChallengeRead, responses=declared(
    CHALLENGE_NOT_FOUND, "422 `invalid_window`: it must end after it starts",
    "409 `challenge_name_taken`: a challenge of that name exists"))
def update_challenge(challenge_id: ChallengeId, body: ChallengeUpdate, context: Writer) -> ChallengeRead:
    """Change what is sent; completions already paid stand."""
    with context.write() as session:
        return service.update_challenge(session=session, program=context.program, challenge_id=challenge_id,
                                        data=body, actor=context.actor)


@router.get("/challenges/{challenge_id:int}/stats", response_model=ChallengeStats,
            responses=declared(CHALLENGE_NOT_FOUND))
def challenge_stats(challenge_id: ChallengeId, context: Reader) -> ChallengeStats:
    """Participants, completions, mean progress and points given."""
    with context.read() as session:
        return service.challenge_stats(session=session, program=context.program, challenge_id=challenge_id)


@router.get("/members/{member_id:int}/badges", response_model=MemberBadgeList, responses=declared(MEMBER_NOT_FOUND))
def member_badges(member_id: MemberId, context: Reader) -> MemberBadgeList:
    """Every active badge (and any the member holds) with the member's value now, the levels
    earned and the progress toward the next: the member app's Badges screen."""
    with context.read() as session:
        return service.member_badges(session=session, program=context.program, member_id=member_id)


@router.get("/members/{member_id:int}/challenges", response_model=MemberChallengeList,
            responses=declared(MEMBER_NOT_FOUND))
def member_challenges(member_id: MemberId, context: Reader) -> MemberChallengeList:
    """The member's challenges with their live progress, and the open ones they may join."""
    with context.read() as session:
        return service.member_challenges(session=session, program=context.program, member_id=member_id)


@router.post("/members/{member_id:int}/challenges/{challenge_id:int}/join", response_model=MemberChallengeRead,
             responses=declared(MEMBER_NOT_FOUND, CHALLENGE_NOT_FOUND,
                                "409 `challenge_closed`: the challenge is over or switched off",
                                "409 `challenge_assigned`: only its segment's members take part",
                                "409 `member_blocked`: the member is blocked"))
def join_challenge(member_id: MemberId, challenge_id: ChallengeId, context: Writer) -> MemberChallengeRead:
    """Join the member to the challenge (joining again changes nothing). Their activity counts
    from now, or from the start when it has not started yet."""
    with context.write() as session:
        return service.join_challenge(session=session, program=context.program, member_id=member_id,
                                      challenge_id=challenge_id, actor=context.actor, source="api")
