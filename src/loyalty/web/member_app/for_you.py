"""The member app's "For you" screen: the products and offers the nightly run chose for the
signed-in member (docs/recommendations.md), read with two range reads of one index,
the offers the member can no longer use left out.

Always the member's own list: the session names the member, nothing in the address does.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.recommendations import service as recommendations
from loyalty.web.deps import get_database
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]
PRODUCTS_SHOWN = 8
OFFERS_SHOWN = 4


@router.get("/for-you")
def for_you(request: Request, me: Member) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        products = recommendations.member_recommendations(
            session=db, program_id=me.program.id, member_id=me.member_id, shelf="products", limit=PRODUCTS_SHOWN)
        offers = recommendations.member_recommendations(
            session=db, program_id=me.program.id, member_id=me.member_id, shelf="offers", limit=OFFERS_SHOWN,
            open_challenges=gamification.challenges_open_to)
    return render(request, "app/for_you.html", {"title": gettext(request, "For you"), "products": products.items,
                                                "offers": offers.items})
