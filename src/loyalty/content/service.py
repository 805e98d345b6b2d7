"""Members-only content and early access.

A member sees an item only when it is published and targeted at them: its tiers name the
member's tier, its segments hold the member, or it names neither (every member). Early access
is listed for a member only when one of its windows is theirs, with the time it opens for them.
Every function works in the caller's session and never commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.content import domain, repository
from loyalty.content.models import ContentItem
from loyalty.content.schemas import (
    AccessWindow,
    ContentCreate,
    ContentRead,
    ContentUpdate,
    EarlyAccessRead,
    MemberContentList,
    MemberContentRead,
)
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.members import service as members
from loyalty.programs.models import Program
from loyalty.segment_membership.lookup import member_segment_ids, segment_exists
from loyalty.tiers import service as tiers


def _windows(windows: list[AccessWindow]) -> list[dict[str, Any]]:
    ordered = sorted(windows, key=lambda window: window.opens_at)
    return [{"opens_at": clock.as_utc(window.opens_at).isoformat(), "tiers": list(window.tiers),
             "segments": list(window.segments)} for window in ordered]


def _stored_windows(item: ContentItem) -> list[dict[str, Any]]:
    return [{**window, "opens_at": clock.as_utc(datetime.fromisoformat(window["opens_at"]))}
            for window in item.windows or []]


def content_read(item: ContentItem) -> ContentRead:
    return ContentRead(id=item.id, kind=item.kind, title=item.title, body=item.body,  # type: ignore[arg-type]
                       body_format=item.body_format, image_url=item.image_url,  # type: ignore[arg-type]
                       tiers=list(item.tiers or []), segments=list(item.segments or []), item_ref=item.item_ref,
                       windows=_stored_windows(item), status=item.status,  # type: ignore[arg-type]
                       created_at=item.created_at, updated_at=item.updated_at)


def _check_audience(session: Session, program_id: int, tier_codes: list[str], segment_ids: list[int],
                    field: str) -> None:
    known = {level.code for level in tiers.list_levels(session=session, program_id=program_id, limit=200).items}
    unknown = [code for code in tier_codes if code not in known]
    if unknown:
        raise Invalid(f"No tier with code {unknown[0]!r}.", code="unknown_tier", field=f"{field}tiers")
    for segment_id in segment_ids:
        if not segment_exists(session, program_id=program_id, segment_id=segment_id):
            raise Invalid(f"No segment {segment_id}.", code="unknown_segment", field=f"{field}segments")


def create(*, session: Session, program: Program, data: ContentCreate) -> ContentRead:
    _check_audience(session, program.id, data.tiers, data.segments, "")
    for index, window in enumerate(data.windows):
        _check_audience(session, program.id, window.tiers, window.segments, f"windows.{index}.")
    now = clock.now()
    item = ContentItem(program_id=program.id, kind=data.kind, title=data.title.strip(), body=data.body,
                       body_format=data.body_format, image_url=data.image_url, tiers=list(data.tiers),
                       segments=list(data.segments), item_ref=data.item_ref, windows=_windows(data.windows),
                       status="published", created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            repository.add(session, item)
    except IntegrityError:
        raise Conflict("Another early-access item has this item_ref.", code="item_ref_taken",
                       field="item_ref") from None
    return content_read(item)


def _item(session: Session, program_id: int, item_id: int) -> ContentItem:
    item = repository.get(session, program_id=program_id, item_id=item_id)
    if item is None:
        raise NotFound(f"Content item {item_id} does not exist.", code="content_not_found")
    return item


def update(*, session: Session, program: Program, item_id: int, data: ContentUpdate) -> ContentRead:
    item = _item(session, program.id, item_id)
    sent = data.model_fields_set
    if data.tiers is not None or data.segments is not None:
        _check_audience(session, program.id, data.tiers or [], data.segments or [], "")
    if "windows" in sent and data.windows is not None:
        if item.kind != "early_access" or not data.windows:
            raise Invalid("Only early access has windows, and at least one.", code="invalid_content",
                          field="windows")
        for index, window in enumerate(data.windows):
            _check_audience(session, program.id, window.tiers, window.segments, f"windows.{index}.")
        item.windows = _windows(data.windows)
    for name in ("title", "body", "body_format", "tiers", "segments", "status"):
        value = getattr(data, name)
        if name in sent and value is not None:
            setattr(item, name, list(value) if isinstance(value, list) else value)
    if "image_url" in sent:
        item.image_url = data.image_url
    item.updated_at = clock.now()
    session.flush()
    return content_read(item)


def get(*, session: Session, program_id: int, item_id: int) -> ContentRead:
    return content_read(_item(session, program_id, item_id))


def list_content(*, session: Session, program_id: int, status: str | None = None, before_id: int | None = None,
                 limit: int = 50) -> Slice[ContentRead]:
    paging.check_limit(limit)
    rows = repository.listed(session, program_id=program_id, status=status, before_id=before_id, limit=limit)
    return paging.slice_of(rows, limit, key=lambda row: row.id).map(content_read)


def _audience_of(session: Session, program_id: int, member_id: int) -> tuple[str | None, set[int]]:
    return (tiers.member_tier_code(session=session, program_id=program_id, member_id=member_id),
            set(member_segment_ids(session, program_id=program_id, member_id=member_id)))


def member_content(*, session: Session, program_id: int, member_id: int,
                   now: datetime | None = None) -> MemberContentList:
    """What is targeted at the member, newest first; early access with when it opens for them."""
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    now = now or clock.now()
    tier, segments = _audience_of(session, program_id, member_id)
    items: list[MemberContentRead] = []
    for item in repository.published(session, program_id=program_id):
        opens_at: datetime | None = None
        if item.kind == "early_access":
            opens_at = domain.opens_for(_stored_windows(item), member_tier=tier, member_segments=segments)
            if opens_at is None:
                continue
        elif not domain.is_for(tiers=item.tiers or [], segments=item.segments or [], member_tier=tier,
                               member_segments=segments):
            continue
        items.append(MemberContentRead(
            id=item.id, kind=item.kind, title=item.title,  # type: ignore[arg-type]
            body_html=domain.body_html(item.body, item.body_format), image_url=item.image_url,
            item_ref=item.item_ref, opens_at=opens_at, is_open=opens_at is None or opens_at <= now))
    return MemberContentList(items=items)


def member_item(*, session: Session, program_id: int, member_id: int, item_id: int) -> MemberContentRead:
    """One item the member may see; another is `content_not_found`, as if it did not exist."""
    for item in member_content(session=session, program_id=program_id, member_id=member_id).items:
        if item.id == item_id:
            return item
    raise NotFound(f"Content item {item_id} does not exist.", code="content_not_found")


def early_access(*, session: Session, program_id: int, member_id: int, item_ref: str,
                 now: datetime | None = None) -> EarlyAccessRead:
    """May this member buy `item_ref` now: the e-shop's question at the product page and the checkout."""
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    item = repository.by_ref(session, program_id=program_id, item_ref=item_ref)
    if item is None or item.status != "published":
        raise NotFound(f"No early access for {item_ref!r}.", code="early_access_not_found", field="item")
    tier, segments = _audience_of(session, program_id, member_id)
    opens_at = domain.opens_for(_stored_windows(item), member_tier=tier, member_segments=segments)
    now = now or clock.now()
    return EarlyAccessRead(item_ref=item_ref, member_id=member_id, opens_at=opens_at,
                           may_buy_now=opens_at is not None and opens_at <= now)
