"""Members-only content and early access: managed by the program, read as one member sees it
(the e-shop's account page), and the e-shop's question "may this member buy this item now?"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from loyalty.content import service
from loyalty.content.schemas import (
    ContentCreate,
    ContentRead,
    ContentUpdate,
    EarlyAccessRead,
    MemberContentList,
)
from loyalty.members.schemas import MAX_ID
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["content"])
Reader = Annotated[ApiContext, Depends(require("content:read"))]
Writer = Annotated[ApiContext, Depends(require("content:write"))]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="The content item's id.")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's id.")]
ItemRef = Annotated[str, Path(min_length=1, max_length=64, description="The product SKU or sale code.")]

NOT_FOUND = "404 `content_not_found`: no such content item in this program"
AUDIENCE = "422 `unknown_tier` / `unknown_segment`: the audience names a tier or segment the program lacks"


class ContentPage(Page[ContentRead]):
    """A page of content items, newest first."""


@router.post("/content", response_model=ContentRead, status_code=201, responses=declared(
    AUDIENCE, "409 `item_ref_taken`: another early-access item has this item_ref"))
def create_content(body: ContentCreate, context: Writer) -> ContentRead:
    """An article, advice or offer for chosen tiers or segments (none: every member), or an early-access
    item whose windows open it for the best members first."""
    with context.write() as session:
        return service.create(session=session, program=context.program, data=body)


@router.get("/content", response_model=ContentPage)
def list_content(context: Reader, cursor: Cursor = None, limit: Limit = 50) -> ContentPage:
    """Every item with its audience, newest first."""
    with context.read() as session:
        return ContentPage.of(service.list_content(session=session, program_id=context.program_id,
                                                   before_id=cursor_key(cursor), limit=limit))


@router.get("/content/{item_id:int}", response_model=ContentRead, responses=declared(NOT_FOUND))
def read_content(item_id: ItemId, context: Reader) -> ContentRead:
    """One item with its audience (and an early-access item's windows)."""
    with context.read() as session:
        return service.get(session=session, program_id=context.program_id, item_id=item_id)


@router.patch("/content/{item_id:int}", response_model=ContentRead, responses=declared(
    NOT_FOUND, AUDIENCE, "422 `invalid_content`: windows belong to early access only"))
def update_content(item_id: ItemId, body: ContentUpdate, context: Writer) -> ContentRead:
    """Change the fields sent; `status` archived hides it from every member."""
    with context.write() as session:
        return service.update(session=session, program=context.program, item_id=item_id, data=body)


@router.get("/members/{member_id:int}/content", response_model=MemberContentList,
            responses=declared("404 `member_not_found`: no such member"))
def member_content(member_id: MemberId, context: Reader) -> MemberContentList:
    """What this member may see, newest first: never an item targeted at others. Early access is
    listed with when it opens for this member (`is_open` false until then)."""
    with context.read() as session:
        return service.member_content(session=session, program_id=context.program_id, member_id=member_id)


@router.get("/members/{member_id:int}/early-access/{item}", response_model=EarlyAccessRead, responses=declared(
    "404 `member_not_found`: no such member", "404 `early_access_not_found`: no early access for this item"))
def early_access(member_id: MemberId, item: ItemRef, context: Reader) -> EarlyAccessRead:
    """May this member buy the item now? `opens_at` says when it opens for them (null: not before the
    program opens a window to them)."""
    with context.read() as session:
        return service.early_access(session=session, program_id=context.program_id, member_id=member_id,
                                    item_ref=item)
