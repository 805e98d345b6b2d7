"""Referral programme settings, a member's referrals, and the public referral link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import Field

from loyalty.db.uow import unit_of_work
from loyalty.members.schemas import MAX_ID
from loyalty.referrals import service
from loyalty.referrals.schemas import (
    ReferralLinkRead,
    ReferralProgramRead,
    ReferralProgramUpdate,
    ReferralRead,
)
from loyalty.web.deps import ApiContext, get_database, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key, next_cursor
from loyalty.web.ratelimit import public_link_limiter

router = APIRouter(tags=["referrals"])
# Served at the site root (`/r/{code}`), not under /api/v1: it is the link members share.
public_router = APIRouter(tags=["referrals"])

Manager = Annotated[ApiContext, Depends(require("referrals:write"))]
Reader = Annotated[ApiContext, Depends(require("members:read"))]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]


def _public_url(request: Request) -> str:
    return str(request.app.state.settings.public_url)


@router.get("/referral-program", response_model=ReferralProgramRead)
def read_referral_program(context: Manager) -> ReferralProgramRead:
    """The referral programme: inactive defaults (`configured: false`) until first saved."""
    with context.read() as session:
        return service.get_settings(session=session, program=context.program)


@router.put("/referral-program", response_model=ReferralProgramRead, responses=declared(
    '422 `unknown_unit`: a reward names a unit the program lacks',
    '422 `no_referral_reward`: neither side gets a reward'))
def replace_referral_program(body: ReferralProgramUpdate, context: Manager) -> ReferralProgramRead:
    """Replace the referral programme (a PUT: send it whole; repeating it is harmless).

    Units must be the program's (422 `unknown_unit` naming the field); an active programme
    must reward someone (422 `no_referral_reward`). New terms apply to referrals still
    pending; settled ones keep what they got.
    """
    with context.write() as session:
        return service.update_settings(session=session, program=context.program, data=body, actor=context.actor)


class MemberReferralsRead(Page[ReferralRead]):
    """The member's referral code and link, how they joined, and a page of the members who
    joined with their code (`items`, newest first)."""

    member_id: int
    referral_code: str
    referral_link: str
    referred_by: ReferralRead | None = Field(description="How this member joined, when it was with a code.")
    counts: dict[str, int] = Field(description="The member's referees by status.")


@router.get("/members/{member_id:int}/referrals", response_model=MemberReferralsRead)
def member_referrals(member_id: MemberId, request: Request, context: Reader, cursor: Cursor = None,
                     limit: Limit = DEFAULT_LIMIT) -> MemberReferralsRead:
    """The member's referral code and link, how they joined, and the members who joined with
    their code (`items`, newest first, a page at a time) with each referral's status and rewards."""
    with context.read() as session:
        found = service.member_referrals(session=session, program=context.program, member_id=member_id,
                                         public_url=_public_url(request), before_id=cursor_key(cursor), limit=limit)
    return MemberReferralsRead(items=found.referees.items, next_cursor=next_cursor(found.referees),
                               member_id=found.member_id, referral_code=found.referral_code,
                               referral_link=found.referral_link, referred_by=found.referred_by, counts=found.counts)


@public_router.get("/r/{code}", response_model=ReferralLinkRead,
                   responses={**declared(
        '404 `unknown_referral_code`: no member has this code',
        '409 `ambiguous_referral_code`: several programs have this code; the link must name `program`',
        '429 `rate_limited`: too many links followed from this address (`Retry-After`)'),
    302: {"description": "To the program's signup page, with `referral_code` added."}})
def follow_referral_link(
    code: Annotated[str, Path(min_length=1, max_length=32)],
    request: Request,
    program: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only when the link names it.")] = None,
) -> Response:
    """A member's shared referral link. No API key: anyone may follow it.

    With a signup page configured, 302 to it with `referral_code=<code>` in the query, so the
    signup form can send the code with the new member. Without one, the code and the program
    as JSON. 404 `unknown_referral_code`. Nothing about the referrer is revealed. Follows are
    limited per client address (LOYALTY_RATE_LIMIT__PUBLIC_LINK_PER_IP): over it, 429.
    """
    public_link_limiter(request).attempt(request.client.host if request.client else "unknown")
    with unit_of_work(get_database(request), read_only=True) as session:
        resolved = service.resolve_link(session=session, code=code, program_id=program)
    if resolved.redirect_to is not None:
        return RedirectResponse(resolved.redirect_to, status_code=302)
    return JSONResponse(resolved.read().model_dump(mode="json"))
