"""Queries of the content domain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from loyalty.content.models import ContentItem

# A program's published items are few (tens): a member's view reads them all and filters by audience.
MAX_PUBLISHED = 500


def get(session: Session, *, program_id: int, item_id: int) -> ContentItem | None:
    return session.scalars(select(ContentItem).where(ContentItem.program_id == program_id,
                                                     ContentItem.id == item_id)).one_or_none()


def by_ref(session: Session, *, program_id: int, item_ref: str) -> ContentItem | None:
    return session.scalars(select(ContentItem).where(ContentItem.program_id == program_id,
                                                     ContentItem.item_ref == item_ref)).one_or_none()


def listed(session: Session, *, program_id: int, status: str | None, before_id: int | None,
           limit: int) -> Sequence[ContentItem]:
    query = select(ContentItem).where(ContentItem.program_id == program_id)
    if status is not None:
        query = query.where(ContentItem.status == status)
    if before_id is not None:
        query = query.where(ContentItem.id < before_id)
    return session.scalars(query.order_by(ContentItem.id.desc()).limit(limit + 1)).all()


def published(session: Session, *, program_id: int) -> Sequence[ContentItem]:
    return session.scalars(select(ContentItem).where(ContentItem.program_id == program_id,
                                                     ContentItem.status == "published")
                           .order_by(ContentItem.id.desc()).limit(MAX_PUBLISHED)).all()


def add(session: Session, item: ContentItem) -> None:
    session.add(item)
    session.flush()
