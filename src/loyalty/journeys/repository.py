from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Select, and_, bindparam, case, cast, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
from loyalty.db.bulk_insert import insert_ignoring_conflicts
from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.events.models import Event
from loyalty.journeys.domain import COMPLETED, CONVERTED, EXITED, OPEN_STATES, PastEnrolment
from loyalty.journeys.models import Journey, JourneyEnrolment, JourneyStepVisit, JourneyVersion
from loyalty.members.models import Member
from loyalty.purchases.models import PurchaseLine

FINISHED_UNCONVERTED = (COMPLETED, EXITED)


def add(session: Session, row: Journey | JourneyVersion | JourneyEnrolment) -> None:
    session.add(row)
    session.flush()


def get_journey(session: Session, *, program_id: int, journey_id: int, lock: bool = False) -> Journey | None:
    query = select(Journey).where(Journey.program_id == program_id, Journey.id == journey_id)
    return session.scalars(for_update(query, session) if lock else query).one_or_none()


def list_journeys(session: Session, *, program_id: int, after_id: int | None, limit: int) -> Sequence[Journey]:
    query = select(Journey).where(Journey.program_id == program_id)
    if after_id is not None:
        query = query.where(Journey.id > after_id)
    return session.scalars(query.order_by(Journey.id).limit(limit)).all()


def journeys_listening(session: Session, *, program_id: int, event_type: str) -> Sequence[Journey]:
    """Active journeys an event of `event_type` enters members into."""
    return session.scalars(select(Journey).where(
        Journey.program_id == program_id, Journey.status == "active", Journey.entry_kind == "event",
        Journey.entry_event_type == event_type).order_by(Journey.id)).all()


def event_journeys(session: Session, *, program_id: int) -> tuple[set[str], dict[str, list[Journey]]]:
    """For a batch of a program's events, in one read: the event types that are some journey's
    goal (any status: a finished enrolment may still convert) and, by event type, the active
    journeys it enters members into (as `journeys_listening` answers)."""
    goals: set[str] = set()
    listening: dict[str, list[Journey]] = {}
    for journey in session.scalars(select(Journey).where(Journey.program_id == program_id).order_by(Journey.id)):
        if journey.goal_event_type:
            goals.add(journey.goal_event_type)
        if journey.status == "active" and journey.entry_kind == "event" and journey.entry_event_type:
            listening.setdefault(journey.entry_event_type, []).append(journey)
    return goals, listening


def enrolment_candidates(session: Session, *, program_id: int, member_ids: Sequence[int],
                         since: datetime) -> list[tuple[int, str | None, str, str | None]]:
    """The enrolments of `member_ids` an event at `since` or later may convert or wake: open
    ones, and finished (not converted) ones whose attribution window runs until `since` or later
    (ix_journey_enrolments_member). In one read: (member, its journey's goal event type, state,
    the event type it waits for) each."""
    if not member_ids:
        return []
    rows = session.execute(select(JourneyEnrolment.member_id, Journey.goal_event_type, JourneyEnrolment.state,
                                  JourneyEnrolment.waiting_for)
                           .join(Journey, Journey.id == JourneyEnrolment.journey_id).where(
        JourneyEnrolment.program_id == program_id, JourneyEnrolment.member_id.in_(sorted(set(member_ids))),
        or_(JourneyEnrolment.state.in_(OPEN_STATES),
            and_(JourneyEnrolment.state.in_(FINISHED_UNCONVERTED), JourneyEnrolment.convert_until >= since)),
    )).all()
    return [(int(row.member_id), row.goal_event_type, row.state, row.waiting_for) for row in rows]


def members_by_id(session: Session, *, program_id: int, member_ids: Sequence[int]) -> dict[int, Member]:
    if not member_ids:
        return {}
    return {member.id: member for member in session.scalars(select(Member).where(
        Member.program_id == program_id, Member.id.in_(sorted(set(member_ids)))))}


def past_enrolments_of(session: Session, *, journey_ids: Sequence[int],
                       member_ids: Sequence[int]) -> dict[tuple[int, int], list[PastEnrolment]]:
    """`past_enrolments` of many members in many journeys in one read, by (journey, member)."""
    found: dict[tuple[int, int], list[PastEnrolment]] = {}
    if journey_ids and member_ids:
        for row in session.execute(select(JourneyEnrolment.journey_id, JourneyEnrolment.member_id,
                                          JourneyEnrolment.state, JourneyEnrolment.entered_at).where(
                JourneyEnrolment.journey_id.in_(sorted(set(journey_ids))),
                JourneyEnrolment.member_id.in_(sorted(set(member_ids))))):
            found.setdefault((row.journey_id, row.member_id), []).append(
                PastEnrolment(state=row.state, entered_at=row.entered_at))
    return found


def journeys_by_id(session: Session, *, journey_ids: Sequence[int]) -> dict[int, Journey]:
    if not journey_ids:
        return {}
    return {journey.id: journey for journey in session.scalars(select(Journey).where(Journey.id.in_(journey_ids)))}


def scheduled_journeys(session: Session) -> Sequence[Journey]:
    """Active journeys with a schedule entry, locked; one another worker holds is skipped."""
    query = select(Journey).where(Journey.status == "active", Journey.entry_kind == "schedule").order_by(Journey.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).all()


def version(session: Session, *, journey_id: int, number: int) -> JourneyVersion | None:
    return session.scalars(select(JourneyVersion).where(JourneyVersion.journey_id == journey_id,
                                                        JourneyVersion.version == number)).one_or_none()


def versions(session: Session, *, journey_id: int) -> Sequence[JourneyVersion]:
    return session.scalars(select(JourneyVersion).where(JourneyVersion.journey_id == journey_id)
                           .order_by(JourneyVersion.version.desc())).all()


def past_enrolments(session: Session, *, journey_id: int, member_id: int) -> list[PastEnrolment]:
    rows = session.execute(select(JourneyEnrolment.state, JourneyEnrolment.entered_at).where(
        JourneyEnrolment.journey_id == journey_id, JourneyEnrolment.member_id == member_id)).all()
    return [PastEnrolment(state=row.state, entered_at=row.entered_at) for row in rows]


def get_enrolment(session: Session, *, program_id: int, enrolment_id: int) -> JourneyEnrolment | None:
    return session.scalars(select(JourneyEnrolment).where(JourneyEnrolment.program_id == program_id,
                                                          JourneyEnrolment.id == enrolment_id)).one_or_none()


def _open_of_member(program_id: int, member_id: int) -> Select[Any]:
    return select(JourneyEnrolment).where(
        JourneyEnrolment.program_id == program_id, JourneyEnrolment.member_id == member_id,
        JourneyEnrolment.state.in_(OPEN_STATES)).order_by(JourneyEnrolment.id)


def convertible_enrolments(session: Session, *, program_id: int, member_id: int, event_type: str,
                           at: datetime) -> Sequence[JourneyEnrolment]:
    """The member's enrolments a goal event of `event_type` at `at` may convert, in journeys
    whose goal it is: the open ones, and the finished (not converted) ones whose attribution
    window runs until `at` or later. Locked in id order (as every lock on enrolments is taken),
    answered newest first."""
    journey_ids = select(Journey.id).where(Journey.program_id == program_id, Journey.goal_event_type == event_type)
    query = select(JourneyEnrolment).where(
        JourneyEnrolment.program_id == program_id, JourneyEnrolment.member_id == member_id,
        JourneyEnrolment.journey_id.in_(journey_ids),
        or_(JourneyEnrolment.state.in_(OPEN_STATES),
            and_(JourneyEnrolment.state.in_(FINISHED_UNCONVERTED), JourneyEnrolment.convert_until >= at)),
    ).order_by(JourneyEnrolment.id)
    return list(reversed(session.scalars(for_update(query, session)).all()))


def enrolments_waiting_for(session: Session, *, program_id: int, member_id: int,
                           event_type: str) -> Sequence[JourneyEnrolment]:
    """The member's enrolments waiting for an event of `event_type` in an active journey, locked in id order."""
    active = select(Journey.id).where(Journey.program_id == program_id, Journey.status == "active")
    query = _open_of_member(program_id, member_id).where(
        JourneyEnrolment.state == "waiting", JourneyEnrolment.waiting_for == event_type,
        JourneyEnrolment.journey_id.in_(active))
    return session.scalars(for_update(query, session)).all()


def claim_due(session: Session, *, now: datetime, limit: int) -> Sequence[JourneyEnrolment]:
    """Waiting enrolments of active journeys whose wait is over, oldest first.

    On PostgreSQL the rows are locked with SKIP LOCKED: two workers claim different batches
    and never advance one enrolment twice. SQLite's single writer needs no lock.
    """
    active = select(Journey.id).where(Journey.status == "active")
    query = (select(JourneyEnrolment)
             .where(JourneyEnrolment.state == "waiting", JourneyEnrolment.wait_until <= now,
                    JourneyEnrolment.journey_id.in_(active))
             .order_by(JourneyEnrolment.wait_until, JourneyEnrolment.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=JourneyEnrolment)
    return session.scalars(query).all()


def lock_enrolment(session: Session, enrolment: JourneyEnrolment) -> None:
    session.refresh(enrolment, with_for_update=session.get_bind().dialect.name == "postgresql")


def member_enrolments(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                      limit: int) -> Sequence[JourneyEnrolment]:
    query = select(JourneyEnrolment).where(JourneyEnrolment.program_id == program_id,
                                           JourneyEnrolment.member_id == member_id)
    if before_id is not None:
        query = query.where(JourneyEnrolment.id < before_id)
    return session.scalars(query.order_by(JourneyEnrolment.id.desc()).limit(limit)).all()


def journey_enrolments(session: Session, *, journey_id: int, before_id: int | None,
                       limit: int) -> Sequence[JourneyEnrolment]:
    query = select(JourneyEnrolment).where(JourneyEnrolment.journey_id == journey_id)
    if before_id is not None:
        query = query.where(JourneyEnrolment.id < before_id)
    return session.scalars(query.order_by(JourneyEnrolment.id.desc()).limit(limit)).all()


def visit_of(session: Session, *, enrolment_id: int, step_id: str) -> JourneyStepVisit | None:
    return session.scalars(select(JourneyStepVisit).where(JourneyStepVisit.enrolment_id == enrolment_id,
                                                          JourneyStepVisit.step_id == step_id)).one_or_none()


def add_visit(session: Session, values: dict[str, Any]) -> int | None:
    """The new visit's id, or None when the enrolment already passed that step (its action ran then)."""
    return insert_ignoring_conflict(session, JourneyStepVisit, values, ("enrolment_id", "step_id"))


def set_visit(session: Session, *, enrolment_id: int, step_id: str, values: dict[str, Any]) -> None:
    session.execute(update(JourneyStepVisit).where(JourneyStepVisit.enrolment_id == enrolment_id,
                                                   JourneyStepVisit.step_id == step_id).values(**values))


_visits = core_table(JourneyStepVisit)


def add_visits(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Many visits in one INSERT (executemany on PostgreSQL, each row the columns of `add_visit`);
    a visit whose (enrolment, step) exists already is left as it is."""
    if not rows:
        return
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(module.insert(_visits).on_conflict_do_nothing(index_elements=["enrolment_id", "step_id"]),
                    list(rows))


def set_visit_exits(session: Session, exits: Sequence[tuple[int, str, str | None]]) -> None:
    """The exit taken from each (enrolment, step, exit): the waits the enrolments leave, in one executemany."""
    if not exits:
        return
    statement = update(_visits).where(_visits.c.enrolment_id == bindparam("v_enrolment"),
                                      _visits.c.step_id == bindparam("v_step")).values(exit=bindparam("v_exit"))
    session.execute(statement, [{"v_enrolment": enrolment_id, "v_step": step_id, "v_exit": exit_name}
                                for enrolment_id, step_id, exit_name in exits])


def engagement_events_of(session: Session, *, program_id: int, member_ids: Sequence[int],
                         since: datetime) -> list[tuple[int, str, dict[str, Any], datetime]]:
    """`engagement_events` of many members in one read (ix_events_program_member): (member,
    type, payload, recorded_at) of their `message.opened` / `message.clicked` events since `since`;
    the caller keeps those of each enrolment's messages."""
    if not member_ids:
        return []
    rows = session.execute(select(Event.member_id, Event.type, Event.payload, Event.recorded_at).where(
        Event.program_id == program_id, Event.member_id.in_(sorted(set(member_ids))),
        Event.type.in_(("message.opened", "message.clicked")), Event.recorded_at >= since)).all()
    return [(int(row.member_id), row.type, row.payload, row.recorded_at) for row in rows]


def visits(session: Session, *, enrolment_ids: Sequence[int]) -> Sequence[JourneyStepVisit]:
    if not enrolment_ids:
        return []
    return session.scalars(select(JourneyStepVisit).where(JourneyStepVisit.enrolment_id.in_(enrolment_ids))
                           .order_by(JourneyStepVisit.id)).all()


def engagement_events(session: Session, *, program_id: int, member_id: int, since: datetime,
                      message_ids: Sequence[int]) -> list[tuple[str, dict[str, Any]]]:
    """The member's `message.opened` / `message.clicked` events since `since` about these messages."""
    if not message_ids:
        return []
    wanted = set(message_ids)
    rows = session.execute(select(Event.type, Event.payload).where(
        Event.program_id == program_id, Event.member_id == member_id,
        Event.type.in_(("message.opened", "message.clicked")), Event.recorded_at >= since)).all()
    return [(row.type, row.payload) for row in rows if row.payload.get("message_id") in wanted]


def step_counts(session: Session, *, journey_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Members standing at each step now, per journey."""
    if not journey_ids:
        return {}
    rows = session.execute(select(JourneyEnrolment.journey_id, JourneyEnrolment.current_step, func.count())
                           .where(JourneyEnrolment.journey_id.in_(journey_ids),
                                  JourneyEnrolment.state.in_(OPEN_STATES))
                           .group_by(JourneyEnrolment.journey_id, JourneyEnrolment.current_step)).all()
    counts: dict[int, dict[str, int]] = {}
    for journey_id, step_id, count in rows:
        counts.setdefault(journey_id, {})[step_id or ""] = count
    return counts


def passed_counts(session: Session, *, journey_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many enrolments ever reached each step, per journey."""
    if not journey_ids:
        return {}
    rows = session.execute(select(JourneyStepVisit.journey_id, JourneyStepVisit.step_id, func.count())
                           .where(JourneyStepVisit.journey_id.in_(journey_ids))
                           .group_by(JourneyStepVisit.journey_id, JourneyStepVisit.step_id)).all()
    counts: dict[int, dict[str, int]] = {}
    for journey_id, step_id, count in rows:
        counts.setdefault(journey_id, {})[step_id] = count
    return counts


def state_counts(session: Session, *, journey_ids: Sequence[int]) -> dict[int, dict[str, tuple[int, int]]]:
    """Per journey and state: enrolments and their conversion revenue."""
    if not journey_ids:
        return {}
    rows = session.execute(select(JourneyEnrolment.journey_id, JourneyEnrolment.state, func.count(),
                                  func.coalesce(func.sum(JourneyEnrolment.conversion_revenue), 0))
                           .where(JourneyEnrolment.journey_id.in_(journey_ids))
                           .group_by(JourneyEnrolment.journey_id, JourneyEnrolment.state)).all()
    counts: dict[int, dict[str, tuple[int, int]]] = {}
    for journey_id, state, count, revenue in rows:
        counts.setdefault(journey_id, {})[state] = (count, int(revenue or 0))
    return counts


def members_page(session: Session, *, program_id: int, before_id: int | None, limit: int) -> Sequence[Member]:
    """Active members, newest first, for a schedule entry's daily pass."""
    query = select(Member).where(Member.program_id == program_id, Member.status == "active")
    if before_id is not None:
        query = query.where(Member.id < before_id)
    return session.scalars(query.order_by(Member.id.desc()).limit(limit)).all()


def get_member(session: Session, *, program_id: int, member_id: int) -> Member | None:
    return session.scalars(select(Member).where(and_(Member.program_id == program_id,
                                                     Member.id == member_id))).one_or_none()


def enter_many(session: Session, rows: Sequence[dict[str, Any]]) -> list[tuple[int, int, int]]:
    """Insert enrolments in one INSERT … ON CONFLICT DO NOTHING RETURNING: (id, journey_id,
    member_id) of those inserted. A row whose (journey, member, open_key) exists already (the
    member is in the journey now, or entered a `never` journey once), or repeats an earlier row
    of `rows`, is left out. One statement whose text does not grow with the rows
    (db.bulk_insert): a `VALUES` list of 200 rows of 17 columns built per call was compiled anew
    each time, and under load that compiling, then psycopg's parse of it, not the database, was
    most of the journeys subscriber's time (docs/architecture.md)."""
    return sorted((int(enrolment_id), int(journey_id), int(member_id))
                  for enrolment_id, journey_id, member_id in insert_ignoring_conflicts(
                      session, core_table(JourneyEnrolment), rows, conflict=("journey_id", "member_id", "open_key"),
                      returning=("id", "journey_id", "member_id")))


def purchase_categories_of(session: Session, *, purchase_ids: Sequence[int]) -> dict[int, list[str]]:
    """`purchase_categories` of many purchases in one read."""
    found: dict[int, set[str]] = {purchase_id: set() for purchase_id in purchase_ids}
    if purchase_ids:
        for purchase_id, category in session.execute(select(PurchaseLine.purchase_id, PurchaseLine.category).where(
                PurchaseLine.purchase_id.in_(sorted(set(purchase_ids))), PurchaseLine.category.is_not(None))):
            if category:
                found[purchase_id].add(category)
    return {purchase_id: sorted(categories) for purchase_id, categories in found.items()}


def purchase_categories(session: Session, *, purchase_id: int) -> list[str]:
    rows = session.scalars(select(PurchaseLine.category).where(PurchaseLine.purchase_id == purchase_id,
                                                               PurchaseLine.category.is_not(None)).distinct())
    return sorted(category for category in rows if category)


# --- results ----------------------------------------------------------------------------------


def group_figures(session: Session, *, journey_id: int) -> dict[bool, dict[str, float]]:
    """Per group (is_control): enrolments, converted ones, and the sum and sum of squares of
    each enrolment's conversion revenue (0 when it did not convert), for the difference of
    means. Squares are summed as floats: an integer sum could overflow."""
    revenue = case((JourneyEnrolment.state == CONVERTED, func.coalesce(JourneyEnrolment.conversion_revenue, 0)),
                   else_=0)
    as_float = cast(revenue, Float)
    rows = session.execute(
        select(JourneyEnrolment.is_control, func.count(),
               func.sum(case((JourneyEnrolment.state == CONVERTED, 1), else_=0)),
               func.coalesce(func.sum(revenue), 0), func.coalesce(func.sum(as_float * as_float), 0.0))
        .where(JourneyEnrolment.journey_id == journey_id).group_by(JourneyEnrolment.is_control)).all()
    return {bool(is_control): {"entered": int(entered), "converted": int(converted or 0),
                               "revenue": float(total or 0), "revenue_squares": float(squares or 0)}
            for is_control, entered, converted, total, squares in rows}


def _journey_members(journey_id: int) -> Any:
    return (select(JourneyEnrolment.program_id, JourneyEnrolment.member_id, JourneyEnrolment.is_control)
            .where(JourneyEnrolment.journey_id == journey_id).distinct().subquery())


def message_figures(session: Session, *, journey_id: int, source: str,
                    types: Sequence[str]) -> dict[tuple[bool, str], int]:
    """Per group and event type: members with a message event of this journey (payload
    `source`), found through each member's timeline index (ix_events_program_member)."""
    entrants = _journey_members(journey_id)
    rows = session.execute(
        select(entrants.c.is_control, Event.type, func.count(func.distinct(Event.member_id)))
        .select_from(entrants)
        .join(Event, and_(Event.program_id == entrants.c.program_id, Event.member_id == entrants.c.member_id))
        .where(Event.type.in_(list(types)), Event.payload["source"].as_string() == source)
        .group_by(entrants.c.is_control, Event.type)).all()
    return {(bool(is_control), str(type_)): int(count) for is_control, type_, count in rows}


def action_figures(session: Session, *, journey_id: int) -> dict[bool, dict[str, Any]]:
    """Per group: the points the journey's award_points steps posted, and the coupon codes its
    issue_coupon steps published, by voucher campaign — read from the step history, where each
    carried-out action keeps its ledger transaction or code (a refused one keeps its error)."""
    step_type = JourneyStepVisit.step_type
    points = JourneyStepVisit.result["points"].as_integer()
    coupon_campaign = JourneyStepVisit.result["voucher_campaign_id"].as_integer()
    rows = session.execute(
        select(JourneyEnrolment.is_control, step_type, coupon_campaign, func.count(),
               func.coalesce(func.sum(points), 0))
        .join(JourneyEnrolment, JourneyEnrolment.id == JourneyStepVisit.enrolment_id)
        .where(JourneyStepVisit.journey_id == journey_id,
               or_(and_(step_type == "award_points", JourneyStepVisit.result["transaction_id"].as_integer()
                        .is_not(None)),
                   and_(step_type == "issue_coupon", JourneyStepVisit.result["code_id"].as_integer().is_not(None))))
        .group_by(JourneyEnrolment.is_control, step_type, coupon_campaign)).all()
    figures: dict[bool, dict[str, Any]] = {}
    for is_control, kind, voucher_campaign_id, count, total in rows:
        group = figures.setdefault(bool(is_control), {"points": 0, "coupons": {}})
        if kind == "award_points":
            group["points"] += int(total or 0)
        else:
            group["coupons"][int(voucher_campaign_id)] = group["coupons"].get(int(voucher_campaign_id), 0) + count
    return figures


# --- the member's data export ------------------------------------------------------------------


def member_enrolment_rows(session: Session, *, program_id: int, member_id: int
                          ) -> Sequence[tuple[JourneyEnrolment, str]]:
    """Every enrolment of the member with its journey's name, oldest first."""
    return [(enrolment, str(name)) for enrolment, name in session.execute(
        select(JourneyEnrolment, Journey.name).join(Journey, Journey.id == JourneyEnrolment.journey_id)
        .where(JourneyEnrolment.program_id == program_id, JourneyEnrolment.member_id == member_id)
        .order_by(JourneyEnrolment.entered_at, JourneyEnrolment.id)).all()]


def member_step_visits(session: Session, *, program_id: int, member_id: int) -> Sequence[JourneyStepVisit]:
    """Every step the member's enrolments went through, in order; one statement."""
    return session.scalars(select(JourneyStepVisit).join(
        JourneyEnrolment, JourneyEnrolment.id == JourneyStepVisit.enrolment_id)
        .where(JourneyEnrolment.program_id == program_id, JourneyEnrolment.member_id == member_id)
        .order_by(JourneyStepVisit.enrolment_id, JourneyStepVisit.at, JourneyStepVisit.id)).all()
