"""Lifecycle scans: each finds its members set-based, marks them, and announces each occasion once.

Every scan is idempotent and safe to run concurrently: it inserts one `lifecycle_marks` row per
member and occasion with ON CONFLICT DO NOTHING and records an event only for the rows it
really inserted (two workers at once, or one run twice, announce an occasion once). The events
are the whole effect: journeys and campaigns subscribe to them. Services never commit.

A call announces at most `limit` occasions (SCAN_BATCH) and returns a `ScanBatch`: how many it
announced and, when it stopped at `limit`, where the next call resumes (`after_member_id`); the
adapter calls again in a new unit of work until nothing is left (worker/scans.py), so a backlog
(the first run over a program with history) is cut into units of bounded size, each reading on
from where the last stopped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.events.catalogue import (
    CartAbandoned,
    CartItem,
    CartUpdated,
    MemberAnniversary,
    MemberBirthday,
    MemberLapsed,
    PointsExpiringSoon,
)
from loyalty.kernel import clock
from loyalty.kernel.exported import row_values
from loyalty.lifecycle import domain, repository
from loyalty.lifecycle.models import Cart
from loyalty.lifecycle.schemas import CartRead, CartUpdate, LifecycleSettingsRead, LifecycleSettingsUpdate
from loyalty.members import service as members
from loyalty.programs.models import Program

# A cart is abandoned once; one left for longer than this before the scan first saw it (the
# scan was off, or the shop reported an old cart) is not announced any more.
CART_LOOKBACK = timedelta(days=7)
SCAN_ACTOR = "job:scans"
# At most this many occasions per call, so one unit of work stays small: its events are written
# with its COMMIT in one statement (db/deferred.py), and a unit recording 100,000 events hung in
# that pipeline on PostgreSQL (40,000 did not). The caller calls again in a new unit of work.
SCAN_BATCH = 10_000


@dataclass(frozen=True)
class ScanBatch:
    announced: int
    # None: the scan is done; otherwise call it again with after_member_id=resume_after.
    resume_after: int | None


def _batch(announced: int, found: int, limit: int, last_member_id: int | None) -> ScanBatch:
    return ScanBatch(announced=announced, resume_after=last_member_id if found >= limit else None)


@dataclass(frozen=True)
class _Occasion:
    member_id: int
    occasion: str
    payload: dict[str, Any]
    occurred_at: datetime


# --- settings --------------------------------------------------------------------------------


def get_settings(*, session: Session, program_id: int) -> LifecycleSettingsRead:
    """The program's thresholds (the defaults for a program that never set them)."""
    row = repository.get_settings(session, program_id)
    if row is None:
        return LifecycleSettingsRead()
    read = LifecycleSettingsRead.model_validate(row)
    return read.model_copy(update={"lapse_factor": read.lapse_factor.normalize()})  # 3, not the column's 3.00


def update_settings(*, session: Session, program: Program, data: LifecycleSettingsUpdate,
                    actor: str) -> LifecycleSettingsRead:
    """Change the thresholds sent (`lifecycle.settings_changed` names them)."""
    current = get_settings(session=session, program_id=program.id)
    sent = {name: value for name, value in data.model_dump(exclude_unset=True).items() if value is not None}
    merged = current.model_copy(update=sent)
    repository.upsert_settings(session, program_id=program.id,
                               values={**merged.model_dump(), "updated_at": clock.now()})
    changed = sorted(name for name in sent if getattr(current, name) != getattr(merged, name))
    if changed:
        events.record(session=session, program_id=program.id, type="lifecycle.settings_changed", actor=actor,
                      payload={"fields": changed})
    return merged


# --- announcing ------------------------------------------------------------------------------


def _announce(session: Session, *, program: Program, kind: str, event_type: str, found: Sequence[_Occasion],
              now: datetime, actor: str) -> int:
    """Mark the occasions and record an event for each mark this call really inserted."""
    inserted = repository.insert_marks(session, program_id=program.id, kind=kind, now=now,
                                       keys=[(item.member_id, item.occasion) for item in found])
    rows = [{"program_id": program.id, "member_id": item.member_id, "type": event_type, "actor": actor,
             "payload": item.payload, "occurred_at": item.occurred_at}
            for item in found if (item.member_id, item.occasion) in inserted]
    if rows:
        events.record_many(session=session, rows=rows)
    return len(rows)


# --- the scans -------------------------------------------------------------------------------


def scan_birthdays(*, session: Session, program: Program, now: datetime | None = None,
                   actor: str = SCAN_ACTOR, limit: int = SCAN_BATCH,
                   after_member_id: int = 0) -> ScanBatch:
    """`member.birthday` for the active members whose birthday is today in the program's
    timezone (Feb 29 birthdays on Feb 28 in common years); once per member and year.
    Independent of the birthday awards (`rules.award_birthdays`)."""
    now = now or clock.now()
    today = clock.local_date(now, program.timezone)
    occasion = str(today.year)
    found = [
        _Occasion(member_id=row.id, occasion=occasion, occurred_at=now, payload=MemberBirthday(
            date=today.isoformat(), age=today.year - row.birth_date.year if row.birth_date else None).model_dump())
        for row in repository.birthday_candidates(session, program_id=program.id, occasion=occasion,
                                                  month_days=domain.birthday_month_days(today), limit=limit,
                                                  after_member_id=after_member_id)
    ]
    announced = _announce(session, program=program, kind="birthday", event_type="member.birthday", found=found,
                          now=now, actor=actor)
    return _batch(announced, len(found), limit, found[-1].member_id if found else None)


def scan_lapsed(*, session: Session, program: Program, now: datetime | None = None, actor: str = SCAN_ACTOR,
                limit: int = SCAN_BATCH, after_member_id: int = 0) -> ScanBatch:
    """`member.lapsed` for the active members silent for longer than the program's
    `lapse_factor` times their own typical gap between purchases (`member_rhythm`; the
    program's `default_gap_days` for members with fewer than 3 purchases); once per silence
    (the occasion is the last purchase's local date: a new purchase starts a new one)."""
    now = now or clock.now()
    settings = get_settings(session=session, program_id=program.id)
    default_gap = timedelta(days=settings.default_gap_days)
    found = []
    for row in repository.lapsed_candidates(session, program_id=program.id, now=now, factor=settings.lapse_factor,
                                            default_gap_seconds=int(default_gap.total_seconds()), limit=limit,
                                            after_member_id=after_member_id):
        gap_seconds = row.typical_gap_seconds or default_gap.total_seconds()
        found.append(_Occasion(member_id=row.member_id, occasion=row.last_purchase_on.isoformat(), occurred_at=now,
                               payload=MemberLapsed(
                                   last_purchase_at=row.last_purchase_at.isoformat(),
                                   days_silent=(now - row.last_purchase_at).days,
                                   typical_gap_days=round(gap_seconds / 86400, 1), purchases=row.purchase_count,
                                   is_default_gap=row.typical_gap_seconds is None).model_dump()))
    announced = _announce(session, program=program, kind="lapsed", event_type="member.lapsed", found=found, now=now,
                          actor=actor)
    return _batch(announced, len(found), limit, found[-1].member_id if found else None)


def scan_expiring_points(*, session: Session, program: Program, now: datetime | None = None,
                         actor: str = SCAN_ACTOR, limit: int = SCAN_BATCH,
                         after_member_id: int = 0) -> ScanBatch:
    """`points.expiring_soon` for the points of active members that expire within the
    program's `expiring_days`: one event per member, unit and local expiry date, once."""
    now = now or clock.now()
    settings = get_settings(session=session, program_id=program.id)
    totals: dict[tuple[int, str, date], int] = defaultdict(int)
    earliest: dict[tuple[int, str, date], datetime] = {}
    for row in repository.expiring_lots(session, program_id=program.id, after=now,
                                        until=now + timedelta(days=settings.expiring_days)):
        key = (row.member_id, row.unit, clock.local_date(row.expires_at, program.timezone))
        totals[key] += int(row.points)
        earliest[key] = min(earliest.get(key, row.expires_at), row.expires_at)
    occasions = {f"{unit}:{day.isoformat()}" for _, unit, day in totals}
    already = repository.marked(session, program_id=program.id, kind="points_expiring", occasions=occasions)
    found = [
        _Occasion(member_id=member_id, occasion=f"{unit}:{day.isoformat()}", occurred_at=now,
                  payload=PointsExpiringSoon(
                      points=points, unit=unit, date=day.isoformat(),
                      expires_at=earliest[(member_id, unit, day)].isoformat()).model_dump())
        for (member_id, unit, day), points in sorted(totals.items())
        if (member_id, f"{unit}:{day.isoformat()}") not in already
    ][:limit]
    # Found again from the start on the next call, less what this one marked.
    announced = _announce(session, program=program, kind="points_expiring", event_type="points.expiring_soon",
                          found=found, now=now, actor=actor)
    return _batch(announced, len(found), limit, 0)


def scan_anniversaries(*, session: Session, program: Program, now: datetime | None = None,
                       actor: str = SCAN_ACTOR, limit: int = SCAN_BATCH,
                       after_member_id: int = 0) -> ScanBatch:
    """`member.anniversary` for the active members who enrolled on today's local date in an
    earlier year (Feb 29 enrolments on Feb 28 in common years); once per member and year."""
    now = now or clock.now()
    today = clock.local_date(now, program.timezone)
    first = repository.first_enrolment(session, program_id=program.id)
    if first is None:
        return ScanBatch(announced=0, resume_after=None)
    days = domain.anniversaries(today, first_year=clock.local_date(first, program.timezone).year)
    occasion = str(today.year)
    found = []
    for row in repository.enrolled_within(session, program_id=program.id, occasion=occasion,
                                          ranges=[domain.local_day(day.enrolled_on, program.timezone)
                                                  for day in days], limit=limit, after_member_id=after_member_id):
        years = today.year - clock.local_date(row.enrolled_at, program.timezone).year
        found.append(_Occasion(member_id=row.id, occasion=occasion, occurred_at=now, payload=MemberAnniversary(
            years=years, enrolled_at=row.enrolled_at.isoformat()).model_dump()))
    announced = _announce(session, program=program, kind="anniversary", event_type="member.anniversary",
                          found=found, now=now, actor=actor)
    return _batch(announced, len(found), limit, found[-1].member_id if found else None)


def scan_abandoned_carts(*, session: Session, program: Program, now: datetime | None = None,
                         actor: str = SCAN_ACTOR, limit: int = SCAN_BATCH,
                         after_member_id: int = 0) -> ScanBatch:
    """`cart.abandoned` for each cart with a value whose last update was `cart_hours` ago or
    more, followed by no purchase of its member since; once per cart. Carts left for longer
    than CART_LOOKBACK beyond that are no longer announced."""
    now = now or clock.now()
    settings = get_settings(session=session, program_id=program.id)
    updated_before = now - timedelta(hours=settings.cart_hours)
    found = [
        _Occasion(member_id=cart.member_id, occasion=cart.cart_id, occurred_at=now, payload=CartAbandoned(
            cart_id=cart.cart_id, value=cart.value_minor, currency=cart.currency,
            updated_at=cart.updated_at.isoformat(),
            items=[CartItem.model_validate(item) for item in cart.items]).model_dump())
        for cart in repository.abandoned_carts(session, program_id=program.id, updated_before=updated_before,
                                               updated_after=updated_before - CART_LOOKBACK, limit=limit)
    ]
    # Found again from the start on the next call, less what this one marked.
    announced = _announce(session, program=program, kind="cart_abandoned", event_type="cart.abandoned", found=found,
                          now=now, actor=actor)
    return _batch(announced, len(found), limit, 0)


SCANS: dict[str, Callable[..., ScanBatch]] = {
    "birthdays": scan_birthdays, "lapsed": scan_lapsed, "expiring_points": scan_expiring_points,
    "anniversaries": scan_anniversaries, "abandoned_carts": scan_abandoned_carts,
}


# --- carts -----------------------------------------------------------------------------------


def record_cart(*, session: Session, program: Program, member_id: int, data: CartUpdate, actor: str) -> CartRead:
    """Keep the member's cart as the e-shop reports it now and record `cart.updated`. Another
    program's member is NotFound (`member_not_found`), a blocked one a Conflict (`member_blocked`).
    A cart already announced as abandoned is not announced again."""
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    members.ensure_active(member)
    now = clock.now()
    items = [item.model_dump() for item in data.items]
    cart: Cart = repository.save_cart(session, values={
        "program_id": program.id, "member_id": member.id, "cart_id": data.cart_id, "items": items,
        "value_minor": data.value, "currency": program.currency, "updated_at": now})
    events.record(session=session, program_id=program.id, member_id=member.id, type="cart.updated", actor=actor,
                  occurred_at=now, payload=CartUpdated(
                      cart_id=data.cart_id, value=data.value, currency=program.currency,
                      items=[CartItem.model_validate(item) for item in items]).model_dump())
    return CartRead(cart_id=cart.cart_id, member_id=member.id, value=cart.value_minor, currency=cart.currency,
                    items=len(cart.items), updated_at=cart.updated_at)


def cart_items(*, session: Session, program_id: int, member_id: int, cart_id: str) -> list[dict[str, Any]]:
    """The items of the member's cart `cart_id` as last reported (empty when there is none)."""
    cart = repository.get_cart(session, program_id=program_id, member_id=member_id, cart_id=cart_id)
    return list(cart.items) if cart is not None else []


# --- rhythms ---------------------------------------------------------------------------------


def refresh_rhythm(*, session: Session, program: Program, member_id: int) -> domain.Rhythm | None:
    """Recompute the member's rhythm from their latest purchases (for every purchase.recorded:
    recomputed, never incremented, so a replayed or late event leaves it right)."""
    times = repository.latest_purchase_times(session, program_id=program.id, member_id=member_id,
                                             limit=domain.RHYTHM_WINDOW)
    found = domain.rhythm(times)
    if found is None:
        return None
    repository.save_rhythm(session, values={
        "member_id": member_id, "program_id": program.id, "purchase_count": found.purchase_count,
        "last_purchase_at": found.last_purchase_at,
        "last_purchase_on": clock.local_date(found.last_purchase_at, program.timezone),
        "typical_gap_seconds": int(found.typical_gap.total_seconds()) if found.typical_gap else None,
        "updated_at": clock.now()})
    return found


def refresh_rhythms(*, session: Session, program: Program, member_ids: Sequence[int]) -> int:
    """`refresh_rhythm` for many members of one program: one read of their latest purchases and
    one upsert (a worker batch's purchases). How many rhythms were saved."""
    times = repository.latest_purchase_times_of(session, program_id=program.id, member_ids=member_ids,
                                                limit=domain.RHYTHM_WINDOW)
    now = clock.now()
    rows = []
    for member_id in sorted(times):
        found = domain.rhythm(times[member_id])
        if found is None:
            continue
        rows.append({
            "member_id": member_id, "program_id": program.id, "purchase_count": found.purchase_count,
            "last_purchase_at": found.last_purchase_at,
            "last_purchase_on": clock.local_date(found.last_purchase_at, program.timezone),
            "typical_gap_seconds": int(found.typical_gap.total_seconds()) if found.typical_gap else None,
            "updated_at": now})
    repository.save_rhythms(session, rows=rows)
    return len(rows)


def rebuild_rhythms(*, session: Session, program: Program) -> int:
    """Every member's rhythm recomputed from the purchases table: one statement on PostgreSQL,
    member by member on SQLite. For a first fill of a program with history."""
    if session.get_bind().dialect.name == "postgresql":
        return repository.rebuild_rhythms_postgresql(session, program_id=program.id, timezone=program.timezone,
                                                     window=domain.RHYTHM_WINDOW,
                                                     min_purchases=domain.MIN_PURCHASES_FOR_RHYTHM)
    rebuilt = 0
    for member_id in repository.buying_members(session, program_id=program.id):
        rebuilt += refresh_rhythm(session=session, program=program, member_id=member_id) is not None
    return rebuilt


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, Any]:
    """What lifecycle keeps about the member (their data export): the occasions it marked (birthday,
    lapse, expiring points, anniversary, abandoned cart: each sent once), the purchase rhythm it
    measured, and the open carts the shop reported. Three statements."""
    rhythm = repository.member_rhythm(session, program_id=program_id, member_id=member_id)
    return {
        "lifecycle_marks": [row_values(mark, ("kind", "occasion", "created_at")) for mark in repository.member_marks(
            session, program_id=program_id, member_id=member_id)],
        "purchase_rhythm": None if rhythm is None else row_values(rhythm, (
            "purchase_count", "last_purchase_at", "last_purchase_on", "typical_gap_seconds", "updated_at")),
        "carts": [row_values(cart, ("cart_id", "items", "value_minor", "currency", "created_at", "updated_at"))
                  for cart in repository.member_carts(session, program_id=program_id, member_id=member_id)],
    }
