"""The lifecycle scans' inputs: the e-shop's carts, and the program's scan thresholds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from loyalty.lifecycle import service
from loyalty.lifecycle.schemas import CartRead, CartUpdate, LifecycleSettingsRead, LifecycleSettingsUpdate
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared

router = APIRouter(tags=["lifecycle"])
Shop = Annotated[ApiContext, Depends(require("events:write"))]
Admin = Annotated[ApiContext, Depends(require("admin"))]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]


@router.post("/members/{member_id:int}/cart", response_model=CartRead, responses=declared(
    '404 `member_not_found`: the member is not in this program',
    '409 `member_blocked`: the member is blocked'))
def update_cart(member_id: MemberId, body: CartUpdate, context: Shop) -> CartRead:
    """The member's cart as it is now in the e-shop (send the whole cart on every change). It is
    kept per `cart_id` and recorded as `cart.updated`; when no purchase by the member follows its
    last update within the program's `cart_hours` (4 by default), the scan records
    `cart.abandoned` once for that cart. Sending the same cart again is harmless."""
    with context.write() as session:
        return service.record_cart(session=session, program=context.program, member_id=member_id, data=body,
                                   actor=context.actor)


@router.get("/lifecycle/settings", response_model=LifecycleSettingsRead)
def read_settings(context: Admin) -> LifecycleSettingsRead:
    """The program's thresholds for the lifecycle scans (the defaults until changed)."""
    with context.read() as session:
        return service.get_settings(session=session, program_id=context.program_id)


@router.patch("/lifecycle/settings", response_model=LifecycleSettingsRead)
def update_settings(body: LifecycleSettingsUpdate, context: Admin) -> LifecycleSettingsRead:
    """Change the thresholds sent; the others stay."""
    with context.write() as session:
        return service.update_settings(session=session, program=context.program, data=body, actor=context.actor)
