"""Tiers: levels, the tier policy, members' progress and manual assignments."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse

from loyalty.members.schemas import MAX_ID
from loyalty.rewards import service as rewards
from loyalty.tiers import service
from loyalty.tiers.schemas import (
    TierAssign,
    TierCreate,
    TierMemberRead,
    TierPolicyRead,
    TierPolicyWrite,
    TierProgress,
    TierRead,
    TierUpdate,
)
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.idempotency import IdempotencyKey, run_idempotent
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["tiers"])
Reader = Annotated[ApiContext, Depends(require("members:read"))]
Writer = Annotated[ApiContext, Depends(require("tiers:write"))]
TierId = Annotated[int, Path(ge=1, le=MAX_ID, description="The tier level's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]


class TierPage(Page[TierRead]):
    """Tier levels by rank, the base level first."""


@router.get("/tiers", response_model=TierPage)
def list_tiers(context: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> TierPage:
    """The program's levels by rank, base level (rank 0) first, with their thresholds and benefits."""
    with context.read() as session:
        return TierPage.of(service.list_levels(session=session, program_id=context.program_id,
                                               after_rank=cursor_key(cursor), limit=limit))


@router.post("/tiers", response_model=TierRead, status_code=201, responses=declared(
    '409 `tier_exists`: a level has this code',
    '409 `tier_rank_taken`: a level has this rank',
    '422 `invalid_tier_order`: thresholds must grow with the rank'))
def create_tier(body: TierCreate, context: Writer, idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """A new level. The first one must be the base level (rank 0, threshold 0); every higher
    rank needs a higher threshold (422 `invalid_tier_order`). 409 `tier_exists` or
    `tier_rank_taken` when the code or rank is taken."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            return service.create_level(session=session, program=context.program, data=body,
                                        actor=context.actor).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="tiers.create",
                              request_payload=body.model_dump(mode="json"), status_code=201, produce=produce)


@router.get("/tiers/{tier_id:int}", response_model=TierRead)
def read_tier(tier_id: TierId, context: Reader) -> TierRead:
    """One tier level with its threshold and benefits (earning multiplier, free shipping, exclusive rewards)."""
    with context.read() as session:
        return service.get_level(session=session, program_id=context.program_id, tier_id=tier_id)


@router.patch("/tiers/{tier_id:int}", response_model=TierRead, responses=declared(
    '409 `tier_rank_taken`: a level has this rank',
    '422 `invalid_tier_order`: thresholds must grow with the rank'))
def update_tier(tier_id: TierId, body: TierUpdate, context: Writer) -> TierRead:
    """Change the fields sent (the code never changes). Members are not re-tiered on the spot:
    upgrades follow their next activity, downgrades their next review."""
    with context.write() as session:
        return service.update_level(session=session, program=context.program, tier_id=tier_id, data=body,
                                    actor=context.actor)


@router.delete("/tiers/{tier_id:int}", status_code=204, responses={
    404: {"description": "`tier_not_found`"},
    409: {"description": "`tier_in_use`: rewards name the level in their `eligible_tiers`, or earning rules or "
                         "voucher campaigns in a `member.tier` condition (`details.in_use_by` `rewards`, `rules` "
                         "or `voucher_campaigns`, and `details.rewards` / `rules` / `voucher_campaigns` list "
                         "them), members are in it (`members`), or it is the base level and other levels exist "
                         "(`levels`)"}})
def delete_tier(tier_id: TierId, context: Writer) -> Response:
    """Remove a level that no reward, earning rule or voucher campaign names and no member is in
    (409 `tier_in_use` otherwise: take it out of them and move its members first). The base
    level goes last; deleting it turns tiers off."""
    with context.write() as session:
        rewards.delete_tier_level(session=session, program=context.program, tier_id=tier_id, actor=context.actor)
    return Response(status_code=204)


class TierMemberPage(Page[TierMemberRead]):
    """The members in a level, by member id."""


@router.get("/tiers/{tier_id:int}/members", response_model=TierMemberPage)
def tier_members(tier_id: TierId, context: Reader, cursor: Cursor = None,
                 limit: Limit = DEFAULT_LIMIT) -> TierMemberPage:
    """Members in the level by member id, a page at a time: follow `next_cursor` until it is
    null. The base level lists every member who is not in a higher one."""
    with context.read() as session:
        return TierMemberPage.of(service.level_members(session=session, program_id=context.program_id,
                                                       tier_id=tier_id, after_member_id=cursor_key(cursor),
                                                       limit=limit))


@router.get("/tier-policy", response_model=TierPolicyRead)
def read_tier_policy(context: Reader) -> TierPolicyRead:
    """How members qualify (measure and window) and how they are reviewed."""
    with context.read() as session:
        return service.get_policy(session=session, program_id=context.program_id)


@router.put("/tier-policy", response_model=TierPolicyRead)
def replace_tier_policy(body: TierPolicyWrite, context: Writer) -> TierPolicyRead:
    """Replace the policy. Review dates already set stay; later ones follow the new policy."""
    with context.write() as session:
        return service.set_policy(session=session, program=context.program, data=body, actor=context.actor)


@router.get("/members/{member_id:int}/tier", response_model=TierProgress, responses=declared(
    '404 `tiers_not_configured`: the program has no tier levels'))
def member_tier(member_id: MemberId, context: Reader) -> TierProgress:
    """The member's tier and benefits, the measure in the current window, what the next level
    needs (and by when), and what keeps the current one at its review. 404
    `tiers_not_configured` while the program has no levels."""
    with context.read() as session:
        return service.progress(session=session, program=context.program, member_id=member_id)


@router.post("/members/{member_id:int}/tier", response_model=TierProgress)
def assign_member_tier(member_id: MemberId, body: TierAssign, context: Writer,
                       idempotency_key: IdempotencyKey = None) -> JSONResponse:
    """Put the member in a level by hand. The reason is mandatory and goes, with the API key,
    into the `tier.changed` event on the member's timeline. The level holds until its review
    (`review_at`, or the policy's schedule); activity may still upgrade the member above it."""
    with context.write() as session:
        def produce() -> dict[str, Any]:
            return service.assign_tier(session=session, program=context.program, member_id=member_id, data=body,
                                       actor=context.actor).model_dump(mode="json")

        return run_idempotent(context, session, key=idempotency_key, operation="tiers.assign",
                              request_payload={"member_id": member_id, **body.model_dump(mode="json")},
                              status_code=200, produce=produce)
