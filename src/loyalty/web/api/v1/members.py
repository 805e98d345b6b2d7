from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import ConfigDict

from loyalty.input_types import DateTimeIn
from loyalty.members import service
from loyalty.members.schemas import (
    MAX_ID,
    MEMBER_EXAMPLE,
    MemberCreate,
    MemberRead,
    MemberRef,
    MemberStatus,
    MemberUpdate,
    TimelineEventRead,
)
from loyalty.referrals import service as referrals
from loyalty.rules import service as rules
from loyalty.scoring import service as scoring
from loyalty.scoring.schemas import MemberScores
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.idempotency import IdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key, encode_cursor

router = APIRouter(tags=["members"])
Reader = Annotated[ApiContext, Depends(require("members:read"))]
Writer = Annotated[ApiContext, Depends(require("members:write"))]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]


@router.post("/members", response_model=MemberRead, status_code=201, responses=declared(
    '409 `member_exists`: a member already has this e-mail, phone or external_id (`details.member_id`)',
    '409 `card_taken`: `card_number` belongs to another member',
    '404 `card_not_found`: `card_number` is not a card of this program',
    '409 `card_blocked`: `card_number` is blocked',
    '422 `unknown_referral_code`: no member has this `referral_code`',
    '422 `invalid_card_number`: `card_number` fails its check digit'))
def enrol_member(body: MemberCreate, context: Writer, idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Enrol a member.

    409 `member_exists` (with `field`) when the e-mail, phone or external id belongs to another
    member of the program; 422 naming the field for invalid input. With `card_number`, that
    unassigned printed card is registered to the new member at once. With `referral_code`, the
    member is linked to the code's owner (422 `unknown_referral_code` when no member has it).
    """
    with context.write() as session:
        def produce() -> dict[str, Any]:
            member = service.enrol_member(session=session, program=context.program, data=body, actor=context.actor)
            referrals.link_referral(session=session, program=context.program, referee=member,
                                    code=body.referral_code, actor=context.actor)
            # Welcome points are part of enrolling: same unit of work, so both happen or neither.
            rules.award_enrolment(session=session, program=context.program, member=member, actor=context.actor)
            return service.member_read(session=session, member=member).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="members.enrol",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


class MemberLookup(MemberRef):
    """MemberRef read from a query string, whose values are all text (`?id=5`)."""

    model_config = ConfigDict(strict=False)


@router.get("/members/lookup", response_model=MemberRead, responses=declared(
    '404 `member_not_found`: no member answers to it'))
def lookup_member(query: Annotated[MemberLookup, Query()], context: Reader) -> MemberRead:
    """Find a member by exactly one of `email`, `phone`, `card_number`, `external_id`.

    A blocked card is 409 `card_blocked`; a printed card nobody registered is 404
    `card_not_registered`; a card number failing its check digit is 422 `invalid_card_number`.
    """
    with context.read() as session:
        member = service.find_member(session=session, program_id=context.program_id, ref=query)
        return service.member_read(session=session, member=member)


class MemberPage(Page[MemberRead]):
    """Members, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"items": [MEMBER_EXAMPLE], "next_cursor": encode_cursor(MEMBER_EXAMPLE["id"])}]})


@router.get("/members", response_model=MemberPage)
def list_members(
    context: Reader,
    status: MemberStatus | None = None,
    email: Annotated[str | None, Query(description="Exact e-mail address.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Prefix of first name, last name, "
                                                               "full name or e-mail; any case.")] = None,
    enrolled_from: Annotated[DateTimeIn | None, Query(description="Enrolled at or after (inclusive).")] = None,
    enrolled_to: Annotated[DateTimeIn | None, Query(description="Enrolled before (exclusive).")] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> MemberPage:
    """Members, newest first, a page at a time: follow `next_cursor` until it is null."""
    with context.read() as session:
        page = service.list_members(session=session, program_id=context.program_id, status=status, email=email,
                                    q=q, enrolled_from=enrolled_from, enrolled_to=enrolled_to,
                                    before_id=cursor_key(cursor), limit=limit)
        return MemberPage.of(page.map_all(lambda members: service.member_reads(session=session, members=members)))


@router.get("/members/{member_id:int}", response_model=MemberRead)
def read_member(member_id: MemberId, context: Reader) -> MemberRead:
    """One member with the consents in force and the numbers of their active cards."""
    with context.read() as session:
        member = service.get_member(session=session, program_id=context.program_id, member_id=member_id)
        return service.member_read(session=session, member=member)


@router.patch("/members/{member_id:int}", response_model=MemberRead, responses=declared(
    '409 `member_exists`: another member has this e-mail, phone or external_id'))
def update_member(member_id: MemberId, body: MemberUpdate, context: Writer) -> MemberRead:
    """Change only the fields sent; `null` clears a field. `attributes` are merged (a key set to
    null is removed); `consents` record a new decision per channel sent; `status` blocks or
    unblocks the member."""
    with context.write() as session:
        member = service.update_member(session=session, program=context.program, member_id=member_id, data=body,
                                       actor=context.actor)
        return service.member_read(session=session, member=member)


@router.get("/members/{member_id:int}/scores", response_model=MemberScores, responses=declared(
    '404 `not_scored`: the member has no scores yet (no purchase, or the nightly scoring has not run since)'))
def member_scores(member_id: MemberId, context: Reader) -> MemberScores:
    """The member's RFM cell and scores, expected purchases, P(alive) and value over the horizon,
    and churn risk, from the program's latest nightly scoring (docs/scoring.md), with the churn
    model's holdout AUC next to the recency baseline's (`churn_model` says which one is used)."""
    with context.read() as session:
        service.get_member(session=session, program_id=context.program_id, member_id=member_id)
        scores = scoring.member_scores(session=session, program_id=context.program_id, member_id=member_id)
        if scores is None:
            raise scoring.NotScored(member_id)
        return scores


class TimelinePage(Page[TimelineEventRead]):
    """The member's events, newest first."""


@router.get("/members/{member_id:int}/timeline", response_model=TimelinePage)
def member_timeline(member_id: MemberId, context: Reader, cursor: Cursor = None,
                    limit: Limit = DEFAULT_LIMIT) -> TimelinePage:
    """What happened to the member (enrolment, consents, cards, purchases, points…), newest first."""
    with context.read() as session:
        return TimelinePage.of(service.member_timeline(session=session, program_id=context.program_id,
                                                       member_id=member_id, before_id=cursor_key(cursor),
                                                       limit=limit))
