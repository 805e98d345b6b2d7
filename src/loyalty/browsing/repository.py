"""Queries of web behaviour: the only place with select/insert/update for its tables.

The funnel and attribution are single set-based statements on both databases; the one
difference, seconds between two moments, is `_seconds_between`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, get_args

from sqlalchemy import ColumnElement, delete, distinct, exists, func, insert, select, update
from sqlalchemy.orm import Session

from loyalty.browsing.models import TrackingKey, Visitor, WebEvent
from loyalty.browsing.schemas import EventType
from loyalty.campaigns.models import Campaign
from loyalty.db import dialects
from loyalty.messaging.models import MessageTemplate
from loyalty.purchases.models import Purchase, PurchaseLine


def _seconds_between(session: Session, earlier: Any, later: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    # SQLite keeps UTC moments as text; julianday reads it.
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


# --- keys ------------------------------------------------------------------------------------


def get_key(session: Session, program_id: int) -> TrackingKey | None:
    return session.get(TrackingKey, program_id)


def key_by_public(session: Session, public_key: str) -> TrackingKey | None:
    return session.scalars(select(TrackingKey).where(TrackingKey.public_key == public_key)).one_or_none()


def add_key(session: Session, key: TrackingKey) -> None:
    session.add(key)
    session.flush()


# --- visitors and events ---------------------------------------------------------------------


def ensure_visitor(session: Session, *, values: dict[str, Any]) -> Visitor:
    """The visitor (program, visitor id), inserted with `values` when new; a concurrent insert of
    the same visitor is read back, not duplicated."""
    dialects.insert_ignoring_conflict(session, Visitor, values, ("program_id", "visitor_id"))
    return session.scalars(select(Visitor).where(Visitor.program_id == values["program_id"],
                                                 Visitor.visitor_id == values["visitor_id"])).one()


def touch_visitor(session: Session, *, visitor_ref: int, seen_at: datetime) -> None:
    session.execute(update(Visitor).where(Visitor.id == visitor_ref, Visitor.last_seen_at < seen_at)
                    .values(last_seen_at=seen_at))


def get_visitor(session: Session, *, program_id: int, visitor_id: str) -> Visitor | None:
    return session.scalars(select(Visitor).where(Visitor.program_id == program_id,
                                                 Visitor.visitor_id == visitor_id)).one_or_none()


def insert_event(session: Session, *, values: dict[str, Any]) -> bool:
    """Insert one event unless its (program, event id) is already there: a retry writes nothing."""
    return dialects.insert_ignoring_conflict(session, WebEvent, values, ("program_id", "event_id")) is not None


def join_member(session: Session, *, visitor_ref: int, member_id: int, now: datetime) -> int:
    """Give the visitor, and its events no member claimed yet, to the member; how many events
    joined. Events an earlier identification gave another member (a shared computer) stay his."""
    session.execute(update(Visitor).where(Visitor.id == visitor_ref)
                    .values(member_id=member_id, identified_at=func.coalesce(Visitor.identified_at, now)))
    result = session.execute(update(WebEvent).where(WebEvent.visitor_ref == visitor_ref, WebEvent.member_id.is_(None))
                             .values(member_id=member_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def visitors_identified_since(session: Session, *, program_id: int, member_id: int, since: datetime) -> int:
    """How many of the member's visitors were first identified at or after `since`."""
    return int(session.scalar(select(func.count()).select_from(Visitor).where(
        Visitor.member_id == member_id, Visitor.program_id == program_id, Visitor.identified_at >= since)) or 0)


def member_visits(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                  limit: int) -> Sequence[WebEvent]:
    """The member's events newest first (by id: a batch's events are written in their order)."""
    query = select(WebEvent).where(WebEvent.member_id == member_id, WebEvent.program_id == program_id)
    if before_id is not None:
        query = query.where(WebEvent.id < before_id)
    return session.scalars(query.order_by(WebEvent.id.desc()).limit(limit)).all()


# --- the funnel ------------------------------------------------------------------------------

_DIMENSIONS = {"product": WebEvent.sku, "category": WebEvent.category, "source": WebEvent.source}


def _in_period(program_id: int, start: datetime, end: datetime, *types: str) -> list[ColumnElement[bool]]:
    return [WebEvent.program_id == program_id, WebEvent.type.in_(types), WebEvent.occurred_at >= start,
            WebEvent.occurred_at < end]


def funnel_counts(session: Session, *, program_id: int, by: str, start: datetime, end: datetime,
                  window_seconds: float) -> tuple[list[Any], Any]:
    """Per value of `by` (sku, category or source): distinct visitors who viewed a product, who
    added one to the cart, and members who bought a product they had viewed within the window
    after their first view of it (by member and sku); and the same over all values."""
    dim = _DIMENSIONS[by]
    base = [WebEvent.sku.is_not(None), dim.is_not(None)]
    viewed = (select(dim.label("k"), func.count(distinct(WebEvent.visitor_ref)).label("n"),
                     func.max(WebEvent.product_name).label("label"))
              .where(*_in_period(program_id, start, end, "product_view"), *base).group_by(dim).subquery())
    carted = (select(dim.label("k"), func.count(distinct(WebEvent.visitor_ref)).label("n"))
              .where(*_in_period(program_id, start, end, "cart_add"), *base).group_by(dim).subquery())
    # A member's first view of each sku, per value of the dimension.
    first = (select(dim.label("k"), WebEvent.member_id.label("member_id"), WebEvent.sku.label("sku"),
                    func.min(WebEvent.occurred_at).label("t"))
             .where(*_in_period(program_id, start, end, "product_view"), *base, WebEvent.member_id.is_not(None))
             .group_by(dim, WebEvent.member_id, WebEvent.sku).subquery())
    bought = exists().where(
        Purchase.program_id == program_id, Purchase.member_id == first.c.member_id,
        Purchase.occurred_at >= first.c.t, _seconds_between(session, first.c.t, Purchase.occurred_at) <= window_seconds,
        PurchaseLine.purchase_id == Purchase.id, PurchaseLine.sku == first.c.sku,
        PurchaseLine.quantity > PurchaseLine.refunded_quantity)
    buyers = select(first.c.k, first.c.member_id).where(bought).distinct().subquery()
    purchased = (select(buyers.c.k, func.count().label("n")).group_by(buyers.c.k).subquery())
    rows = session.execute(
        select(viewed.c.k, viewed.c.label, viewed.c.n.label("viewers"),
               func.coalesce(carted.c.n, 0).label("carted"), func.coalesce(purchased.c.n, 0).label("purchasers"))
        .outerjoin(carted, carted.c.k == viewed.c.k).outerjoin(purchased, purchased.c.k == viewed.c.k)
        .order_by(viewed.c.n.desc(), viewed.c.k)
    ).all()
    totals = session.execute(select(
        select(func.count(distinct(WebEvent.visitor_ref)))
        .where(*_in_period(program_id, start, end, "product_view"), *base).scalar_subquery().label("viewers"),
        select(func.count(distinct(WebEvent.visitor_ref)))
        .where(*_in_period(program_id, start, end, "cart_add"), *base).scalar_subquery().label("carted"),
        select(func.count(distinct(buyers.c.member_id))).scalar_subquery().label("purchasers"),
    )).one()
    return list(rows), totals


def top_sources(session: Session, *, program_id: int, start: datetime, end: datetime, limit: int) -> list[Any]:
    return list(session.execute(
        select(WebEvent.source, WebEvent.medium, func.count(distinct(WebEvent.visitor_ref)).label("visitors"),
               func.count().label("events"))
        .where(WebEvent.program_id == program_id, WebEvent.occurred_at >= start, WebEvent.occurred_at < end)
        .group_by(WebEvent.source, WebEvent.medium)
        .order_by(func.count(distinct(WebEvent.visitor_ref)).desc(), WebEvent.source, WebEvent.medium).limit(limit)
    ).all())


def campaign_visits(session: Session, *, program_id: int, start: datetime, end: datetime) -> list[Any]:
    return list(session.execute(
        select(WebEvent.campaign, func.count(distinct(WebEvent.visitor_ref)).label("visitors"),
               func.count(distinct(WebEvent.member_id)).label("members"))
        .where(WebEvent.program_id == program_id, WebEvent.campaign.is_not(None), WebEvent.occurred_at >= start,
               WebEvent.occurred_at < end)
        .group_by(WebEvent.campaign)
    ).all())


def brought_back_purchases(session: Session, *, program_id: int, start: datetime, end: datetime,
                           window_seconds: float) -> list[Any]:
    """Per utm_campaign: the members whose purchase it was the last campaign visit before (last
    touch, within the window), and those purchases' totals net of refunds. A purchase counts
    once, for one campaign."""
    touch = WebEvent.__table__.alias("touch")
    last_campaign = (
        select(touch.c.campaign)
        .where(touch.c.program_id == program_id, touch.c.member_id == Purchase.member_id,
               touch.c.campaign.is_not(None), touch.c.occurred_at >= start, touch.c.occurred_at < end,
               touch.c.occurred_at <= Purchase.occurred_at,
               _seconds_between(session, touch.c.occurred_at, Purchase.occurred_at) <= window_seconds)
        .order_by(touch.c.occurred_at.desc(), touch.c.id.desc()).limit(1).correlate(Purchase).scalar_subquery()
    )
    campaign_members = (select(WebEvent.member_id).where(
        WebEvent.program_id == program_id, WebEvent.campaign.is_not(None), WebEvent.member_id.is_not(None),
        WebEvent.occurred_at >= start, WebEvent.occurred_at < end))
    attributed = (select(Purchase.member_id.label("member_id"),
                         (Purchase.total_minor - Purchase.refunded_minor).label("net"),
                         last_campaign.label("campaign"))
                  .where(Purchase.program_id == program_id, Purchase.member_id.in_(campaign_members),
                         Purchase.occurred_at >= start)
                  .subquery())
    return list(session.execute(
        select(attributed.c.campaign, func.count(distinct(attributed.c.member_id)).label("buyers"),
               func.sum(attributed.c.net).label("revenue"))
        .where(attributed.c.campaign.is_not(None)).group_by(attributed.c.campaign)
    ).all())


def campaign_names(session: Session, *, program_id: int, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: row.name for row in session.execute(
        select(Campaign.id, Campaign.name).where(Campaign.program_id == program_id, Campaign.id.in_(ids)))}


def template_keys(session: Session, *, program_id: int) -> set[str]:
    return {key.lower() for key in session.scalars(
        select(MessageTemplate.key).where(MessageTemplate.program_id == program_id))}


def insert_visitors_bulk(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new visitors (the demo's history); their ids by visitor id."""
    if not rows:
        return {}
    session.execute(insert(Visitor), rows)
    program_id = rows[0]["program_id"]
    return {visitor_id: visitor_ref for visitor_id, visitor_ref in session.execute(
        select(Visitor.visitor_id, Visitor.id).where(Visitor.program_id == program_id,
                                                     Visitor.visitor_id.in_([row["visitor_id"] for row in rows])))}


def insert_events_bulk(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert events known to be new (the demo's history), in one executemany."""
    if rows:
        session.execute(insert(WebEvent), rows)


def delete_events_before(session: Session, *, program_id: int, before: datetime, limit: int) -> int:
    """Up to `limit` of the program's web events older than `before` deleted; how many. Every
    type is named so the (program, type, time) index finds them without reading the table."""
    oldest = (select(WebEvent.id).where(WebEvent.program_id == program_id, WebEvent.type.in_(get_args(EventType)),
                                        WebEvent.occurred_at < before)
              .limit(limit).scalar_subquery())
    result = session.execute(delete(WebEvent).where(WebEvent.id.in_(oldest)).execution_options(
        synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_visitors_unseen_since(session: Session, *, program_id: int, before: datetime, limit: int) -> int:
    """Up to `limit` visitors last seen before `before` and with no web event left, deleted."""
    gone = (select(Visitor.id).where(Visitor.program_id == program_id, Visitor.last_seen_at < before,
                                     ~exists().where(WebEvent.visitor_ref == Visitor.id))
            .order_by(Visitor.id).limit(limit).scalar_subquery())
    result = session.execute(delete(Visitor).where(Visitor.id.in_(gone)).execution_options(
        synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- the member's data export ------------------------------------------------------------------


def member_visitors(session: Session, *, program_id: int, member_id: int) -> Sequence[Visitor]:
    """The browsers identified as the member, first seen first."""
    return session.scalars(select(Visitor).where(Visitor.program_id == program_id, Visitor.member_id == member_id)
                           .order_by(Visitor.first_seen_at, Visitor.id)).all()


def member_web_events(session: Session, *, program_id: int, member_id: int) -> Sequence[WebEvent]:
    """Every web event of the member: those stamped with them and those of a browser later identified
    as them (its anonymous past is theirs too), oldest first; one statement."""
    theirs = select(Visitor.id).where(Visitor.program_id == program_id, Visitor.member_id == member_id)
    return session.scalars(select(WebEvent).where(
        WebEvent.program_id == program_id,
        (WebEvent.member_id == member_id) | WebEvent.visitor_ref.in_(theirs.scalar_subquery()))
        .order_by(WebEvent.occurred_at, WebEvent.id)).all()
