"""Use cases of web behaviour. Services take the session and never commit.

Tracking writes only `web_visitors` and `web_events` (page views are many: no catalogue event
each); a visitor identifying as a member is `visitor.identified`. The script's cart_add and
cart_remove are funnel events only: they never become the member's lifecycle cart, because
anybody who knows a visitor id (a cookie any script on the page reads) can send them with any
product name and price. A member's cart comes only from the shop's server
(`POST /api/v1/members/{id}/cart`), which journeys and messages may then trust."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from loyalty.browsing import domain, repository
from loyalty.browsing.models import TrackingKey, Visitor
from loyalty.browsing.schemas import (
    BroughtBackReport,
    BroughtBackRow,
    Funnel,
    FunnelRow,
    SourceRow,
    SourcesReport,
    TrackBatch,
    TrackingSettingsRead,
    TrackResult,
    VisitorRead,
    WebVisit,
)
from loyalty.events import service as events
from loyalty.events.catalogue import VisitorIdentified
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Forbidden, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.paging import Slice
from loyalty.members import service as members
from loyalty.programs.models import Program

# Events the script dates later than this after their arrival are dated at their arrival
# (a wrong clock in a browser); older than MAX_AGE are refused (nothing retries that long).
CLOCK_SKEW = timedelta(minutes=5)
MAX_AGE = timedelta(days=7)
_CAMPAIGN_REF = re.compile(r"^campaign[-:_](\d{1,18})$")


# --- the tracking key ------------------------------------------------------------------------


def get_tracking(*, session: Session, program_id: int) -> TrackingKey | None:
    return repository.get_key(session, program_id)


def ensure_tracking(*, session: Session, program_id: int) -> TrackingKey:
    """The program's tracking key, made on first use (a publishable key and a signing secret)."""
    key = repository.get_key(session, program_id)
    if key is None:
        now = clock.now()
        key = TrackingKey(program_id=program_id, public_key=domain.new_public_key(),
                          signing_secret=domain.new_signing_secret(), allowed_origins=[], is_enabled=True,
                          created_at=now, updated_at=now)
        repository.add_key(session, key)
    return key


def update_tracking(*, session: Session, program_id: int, allowed_origins: list[str], is_enabled: bool,
                    rotate_secret: bool = False) -> TrackingKey:
    """Set the origins allowed to send events (each `https://host[:port]`, or `*`) and whether
    tracking is on; `rotate_secret` makes a new signing secret (tokens signed with the old one
    stop working)."""
    key = ensure_tracking(session=session, program_id=program_id)
    origins: list[str] = []
    for text in allowed_origins:
        if not text.strip():
            continue
        origin = domain.normalize_origin(text)
        if origin is None:
            raise Invalid(f"{text!r} is not an origin such as https://shop.example.", code="invalid_origin",
                          field="allowed_origins")
        origins.append(origin)
    key.allowed_origins = list(dict.fromkeys(origins))
    key.is_enabled = is_enabled
    if rotate_secret:
        key.signing_secret = domain.new_signing_secret()
    key.updated_at = clock.now()
    return key


def tracking_read(key: TrackingKey) -> TrackingSettingsRead:
    return TrackingSettingsRead(public_key=key.public_key, allowed_origins=list(key.allowed_origins),
                                is_enabled=key.is_enabled)


@dataclass(frozen=True)
class KeyCheck:
    program_id: int
    allowed_origins: list[str]


def check_key(*, session: Session, public_key: str, origin: str | None) -> KeyCheck:
    """The program a publishable key writes for, when `origin` may use it: Forbidden
    `invalid_tracking_key` (unknown or switched off) or `origin_not_allowed`."""
    key = repository.key_by_public(session, public_key)
    if key is None or not key.is_enabled:
        raise Forbidden("This tracking key is unknown or switched off.", code="invalid_tracking_key", field="key")
    if not domain.origin_allowed(origin, list(key.allowed_origins)):
        raise Forbidden(f"The origin {origin or '(none)'} may not send events with this key; add it to the "
                        "allowed origins of E-shop tracking.", code="origin_not_allowed")
    return KeyCheck(program_id=key.program_id, allowed_origins=list(key.allowed_origins))


# --- tracking --------------------------------------------------------------------------------


def track(*, session: Session, program: Program, batch: TrackBatch, now: datetime | None = None) -> TrackResult:
    """Record the batch's events (the key was checked by `check_key`). Idempotent per event id:
    a retried batch writes nothing twice. An `identify` event joins the visitor to the member its
    token names only when the shop's server signed the token with the program's secret."""
    now = now or clock.now()
    key = ensure_tracking(session=session, program_id=program.id)
    recorded = duplicates = 0
    identified = False
    visitors: dict[str, Visitor] = {}
    # Identify first: the batch's other events then already belong to the member.
    for event in sorted(batch.events, key=lambda item: item.type != "identify"):
        occurred_at = _when(event.occurred_at, now)
        source = domain.source_of(utm_source=event.utm_source, utm_medium=event.utm_medium,
                                  utm_campaign=event.utm_campaign, referrer=event.referrer,
                                  page_host=domain.host_of(event.url))
        visitor = visitors.get(event.visitor_id) or repository.ensure_visitor(session, values={
            "program_id": program.id, "visitor_id": event.visitor_id, "first_seen_at": occurred_at,
            "last_seen_at": occurred_at, "first_source": source.source, "first_medium": source.medium,
            "first_campaign": source.campaign})
        visitors[event.visitor_id] = visitor
        if event.type == "identify":
            check = domain.check_identify_token(key.signing_secret, event.identity or "", event.visitor_id, now)
            if check.member_id is None:
                raise Forbidden("The identity token is not one the shop's server signed for this visitor, or it "
                                "expired.", code=check.problem, field="identity")
            identified = _identify(session, program=program, visitor=visitor, member_id=check.member_id,
                                   via="script", now=now) or identified
            continue
        product = event.product
        inserted = repository.insert_event(session, values={
            "program_id": program.id, "event_id": event.id, "visitor_ref": visitor.id, "member_id": visitor.member_id,
            "type": event.type, "path": domain.path_of(event.url),
            "sku": product.sku if product else None, "product_name": product.name if product else None,
            "category": product.category if product else None, "price_minor": product.price if product else None,
            "quantity": event.quantity if event.type in ("cart_add", "cart_remove") else None,
            "source": source.source, "medium": source.medium, "campaign": source.campaign,
            "referrer_host": source.referrer_host, "occurred_at": occurred_at, "received_at": now})
        if not inserted:
            duplicates += 1
            continue
        recorded += 1
        repository.touch_visitor(session, visitor_ref=visitor.id, seen_at=occurred_at)
    return TrackResult(recorded=recorded, duplicates=duplicates, identified=identified)


def _when(occurred_at: datetime, now: datetime) -> datetime:
    if occurred_at > now + CLOCK_SKEW:
        return now
    if occurred_at < now - MAX_AGE:
        raise Invalid("An event is older than 7 days.", code="event_too_old", field="occurred_at")
    return occurred_at


def _identify(session: Session, *, program: Program, visitor: Visitor, member_id: int, via: str,
              now: datetime) -> bool:
    """Join the visitor and its earlier events to the member; `visitor.identified` when it was
    not the member's yet (identifying again on every page is harmless). A member who already
    gained MAX_VISITORS_PER_MEMBER_PER_DAY visitors in the last 24 h gains no more today: the
    identify is ignored (the batch's events are still recorded, `identified` is false)."""
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    if visitor.member_id == member.id:
        return False
    recent = repository.visitors_identified_since(session, program_id=program.id, member_id=member.id,
                                                  since=now - timedelta(days=1))
    if recent >= domain.MAX_VISITORS_PER_MEMBER_PER_DAY:
        return False
    joined = repository.join_member(session, visitor_ref=visitor.id, member_id=member.id, now=now)
    session.refresh(visitor)
    events.record(session=session, program_id=program.id, member_id=member.id, type="visitor.identified",
                  actor=f"web:{via}", occurred_at=now, payload=VisitorIdentified(
                      visitor_id=visitor.visitor_id, events_joined=joined, first_source=visitor.first_source,
                      first_campaign=visitor.first_campaign, via=via).model_dump())
    return True


def link_visitor(*, session: Session, program: Program, member_id: int, visitor_id: str) -> VisitorRead:
    """The shop's server says the visitor is the member (its API key vouches): the visitor's
    earlier visits join the member. NotFound `visitor_not_found` for a visitor the script never
    reported in this program."""
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    visitor = repository.get_visitor(session, program_id=program.id, visitor_id=visitor_id)
    if visitor is None:
        raise NotFound(f"No visitor {visitor_id} was tracked in this program.", code="visitor_not_found",
                       field="visitor_id")
    now = clock.now()
    joined = 0
    if visitor.member_id != member_id:
        joined = repository.join_member(session, visitor_ref=visitor.id, member_id=member_id, now=now)
        session.refresh(visitor)
        events.record(session=session, program_id=program.id, member_id=member_id, type="visitor.identified",
                      actor="web:api", occurred_at=now, payload=VisitorIdentified(
                          visitor_id=visitor.visitor_id, events_joined=joined, first_source=visitor.first_source,
                          first_campaign=visitor.first_campaign, via="api").model_dump())
    return VisitorRead.model_validate(visitor).model_copy(update={"events_joined": joined})


# --- reading ---------------------------------------------------------------------------------


def member_visits(*, session: Session, program_id: int, member_id: int, before_id: int | None = None,
                  limit: int = 20) -> Slice[WebVisit]:
    """The member's web events newest first (their anonymous ones before identifying too), paged by id."""
    paging.check_limit(limit)
    rows = repository.member_visits(session, program_id=program_id, member_id=member_id, before_id=before_id,
                                    limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda row: row.id).map(
        lambda row: WebVisit(type=row.type, occurred_at=row.occurred_at, path=row.path, sku=row.sku,
                             product_name=row.product_name, source=row.source, medium=row.medium,
                             campaign=row.campaign))


def funnel(*, session: Session, program_id: int, by: str, start: datetime, end: datetime,
           window: timedelta = domain.ATTRIBUTION_WINDOW) -> Funnel:
    """The view → cart → purchase funnel of [start, end) by product, category or source."""
    if by not in ("product", "category", "source"):
        raise Invalid("Group the funnel by product, category or source.", code="invalid_grouping", field="by")
    if end <= start:
        raise Invalid("The period ends before it starts.", code="invalid_period", field="end")
    rows, totals = repository.funnel_counts(session, program_id=program_id, by=by, start=start, end=end,
                                            window_seconds=window.total_seconds())

    def row(key: str, label: str | None, viewers: int, carted: int, purchasers: int) -> FunnelRow:
        return FunnelRow(key=key, label=label, viewers=viewers, carted=carted, purchasers=purchasers,
                         view_to_cart=domain.conversion_rate(carted, viewers),
                         view_to_purchase=domain.conversion_rate(purchasers, viewers))

    return Funnel(by=by, start=start, end=end, window_days=window.days,  # type: ignore[arg-type]
                  rows=[row(item.k, item.label if by == "product" else None, item.viewers, item.carted,
                            item.purchasers) for item in rows],
                  totals=row("total", None, totals.viewers or 0, totals.carted or 0, totals.purchasers or 0))


def top_sources(*, session: Session, program_id: int, start: datetime, end: datetime, limit: int = 10
                ) -> SourcesReport:
    """The sources and media that brought the most visitors in [start, end)."""
    return SourcesReport(start=start, end=end, rows=[
        SourceRow(source=item.source, medium=item.medium, visitors=item.visitors, events=item.events)
        for item in repository.top_sources(session, program_id=program_id, start=start, end=end, limit=limit)])


def brought_back(*, session: Session, program_id: int, start: datetime, end: datetime,
                 window: timedelta = domain.ATTRIBUTION_WINDOW) -> BroughtBackReport:
    """Per utm_campaign of [start, end): who came through it and the purchases it brought (the
    member's last campaign visit before the purchase, within the window). `campaign-<id>` names
    a campaign; a message template's key names the message."""
    visits = {row.campaign: row for row in repository.campaign_visits(session, program_id=program_id, start=start,
                                                                      end=end)}
    bought = {row.campaign: row for row in repository.brought_back_purchases(
        session, program_id=program_id, start=start, end=end, window_seconds=window.total_seconds())}
    campaign_ids = {name: int(match.group(1)) for name in visits if (match := _CAMPAIGN_REF.match(name))}
    names = repository.campaign_names(session, program_id=program_id, ids=list(campaign_ids.values()))
    templates = repository.template_keys(session, program_id=program_id)
    result = []
    for name, row in visits.items():
        campaign_id = campaign_ids.get(name)
        found = bought.get(name)
        result.append(BroughtBackRow(
            campaign=name, campaign_id=campaign_id if campaign_id in names else None,
            campaign_name=names.get(campaign_id) if campaign_id is not None else None,
            template_key=name if name in templates else None, visitors=row.visitors, members=row.members,
            buyers=found.buyers if found else 0, revenue=int(found.revenue or 0) if found else 0))
    return BroughtBackReport(start=start, end=end, window_days=window.days,
                             rows=sorted(result, key=lambda item: (-item.revenue, -item.members, item.campaign)))


# The deletes of one run are bounded, so the job's unit of work stays short on a big shop;
# the next run (every few minutes) takes the rest.
RETENTION_BATCH = 20_000


def forget_old_behaviour(*, session: Session, program_id: int, now: datetime | None = None) -> tuple[int, int]:
    """Web events older than the retention period deleted, then the visitors not seen since and
    left with no event; (events, visitors) deleted."""
    before = (now or clock.now()) - domain.RETENTION
    events_deleted = repository.delete_events_before(session, program_id=program_id, before=before,
                                                     limit=RETENTION_BATCH)
    visitors_deleted = repository.delete_visitors_unseen_since(session, program_id=program_id, before=before,
                                                               limit=RETENTION_BATCH)
    return events_deleted, visitors_deleted


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, Any]:
    """What browsing keeps about the member (their data export): the browsers identified as them,
    with how they first came, and every page view, product view and cart change of those browsers.
    The visitor cookie's value and the shop's event ids are technical identifiers and stay out.
    Two statements."""
    visitors = repository.member_visitors(session, program_id=program_id, member_id=member_id)
    events = repository.member_web_events(session, program_id=program_id, member_id=member_id)
    return {
        "web_visitors": [row_values(visitor, (
            "first_seen_at", "last_seen_at", "first_source", "first_medium", "first_campaign", "identified_at"))
            for visitor in visitors],
        "web_events": [row_values(event, (
            "type", "path", "sku", "product_name", "category", "price_minor", "quantity", "source", "medium",
            "campaign", "referrer_host", "occurred_at", "received_at")) for event in events],
    }
