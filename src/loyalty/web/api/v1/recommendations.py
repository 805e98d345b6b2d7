"""Personal recommendations: a member's ranked products and offers, from the nightly run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from loyalty.gamification import service as gamification
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.recommendations import service
from loyalty.recommendations.schemas import RecommendationRead, Shelf
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["recommendations"])
Reader = Annotated[ApiContext, Depends(require("members:read"))]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
ShelfQuery = Annotated[Shelf, Query(description=(
    "`products`: products for the member; `offers`: the program's rewards and coupons (and "
    "challenges) ranked for them."))]
DEFAULT_LIMIT = 50


class RecommendationPage(Page[RecommendationRead]):
    """A member's recommendations, best first."""


@router.get("/members/{member_id:int}/recommendations", response_model=RecommendationPage, responses=declared(
    "404 `member_not_found`: no such member in this program"))
def member_recommendations(member_id: MemberId, context: Reader, shelf: ShelfQuery = "products",
                           cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> RecommendationPage:
    """The member's ranked list from the latest nightly run (docs/recommendations.md): products
    chosen from what customers who buy like them bought (`source: similar`), or the program's
    popular products for a member with little history (`source: popular`); never a product they
    bought that customers do not buy again. Empty for a member who never bought anything or
    before the first run. Paged by rank."""
    # Offers the member can no longer use are left out as they are read (docs/recommendations.md);
    with context.read() as session:
        members.get_member(session=session, program_id=context.program_id, member_id=member_id)
        return RecommendationPage.of(service.member_recommendations(
            session=session, program_id=context.program_id, member_id=member_id, shelf=shelf,
            after_rank=cursor_key(cursor), limit=limit, open_challenges=gamification.challenges_open_to))
