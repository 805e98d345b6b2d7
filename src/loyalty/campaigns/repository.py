"""Queries of the campaigns domain. Results are aggregated in the database: one statement per
figure family, grouped by target and control, never a row per member brought back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, bindparam, case, cast, delete, exists, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.campaigns.models import Campaign, CampaignChunk, CampaignListMember, CampaignMember
from loyalty.db.base import core_table
from loyalty.db.dialects import for_update
from loyalty.events.models import Event
from loyalty.members.models import Card, Member
from loyalty.purchases.models import Purchase

ACTIVE = "active"


# --- campaigns -------------------------------------------------------------------------------


def get_campaign(session: Session, *, program_id: int, campaign_id: int, lock: bool = False) -> Campaign | None:
    query = select(Campaign).where(Campaign.program_id == program_id, Campaign.id == campaign_id)
    return session.scalars(for_update(query, session) if lock else query).one_or_none()


def campaign_by_id(session: Session, campaign_id: int) -> Campaign | None:
    """Any program's campaign (the worker's jobs name only the id)."""
    return session.get(Campaign, campaign_id)


def list_campaigns(session: Session, *, program_id: int, status: str | None, after_id: int | None,
                   limit: int) -> Sequence[Campaign]:
    query = select(Campaign).where(Campaign.program_id == program_id)
    if status is not None:
        query = query.where(Campaign.status == status)
    if after_id is not None:
        query = query.where(Campaign.id > after_id)
    return session.scalars(query.order_by(Campaign.id).limit(limit)).all()


def delete_campaign(session: Session, campaign: Campaign) -> None:
    session.execute(delete(CampaignListMember).where(CampaignListMember.campaign_id == campaign.id))
    session.delete(campaign)
    session.flush()


def set_status(session: Session, *, campaign_id: int, from_statuses: Sequence[str], values: dict[str, Any]) -> bool:
    """Move the campaign on, only from one of `from_statuses`: False when it had moved already."""
    result = session.execute(update(Campaign).where(Campaign.id == campaign_id,
                                                    Campaign.status.in_(list(from_statuses)))
                             .values(**values).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def take_budget(session: Session, *, campaign_id: int, cost: int) -> bool:
    """Consume `cost` of the campaign's budget if that much is left, in one statement: two
    chunks taking at once never overspend it (PostgreSQL re-checks the condition on the row
    the other one committed). Holds the campaign row until the unit of work ends."""
    result = session.execute(
        update(Campaign)
        .where(Campaign.id == campaign_id, Campaign.budget_spent + cost <= Campaign.budget_total)
        .values(budget_spent=Campaign.budget_spent + cost)
        .execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_budget_exhausted(session: Session, *, campaign_id: int, at: datetime) -> bool:
    result = session.execute(update(Campaign).where(Campaign.id == campaign_id,
                                                    Campaign.budget_exhausted_at.is_(None))
                             .values(budget_exhausted_at=at).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def due_campaigns(session: Session, *, now: datetime, limit: int) -> Sequence[Campaign]:
    """Scheduled campaigns whose start has come, of every program (ix_campaigns_status_starts_at)."""
    return session.scalars(select(Campaign).where(Campaign.status == "scheduled", Campaign.starts_at <= now)
                           .order_by(Campaign.starts_at, Campaign.id).limit(limit)).all()


def finished_running(session: Session) -> Sequence[int]:
    """Running campaigns none of whose chunks is pending any more."""
    pending = exists().where(CampaignChunk.campaign_id == Campaign.id, CampaignChunk.status == "pending")
    return session.scalars(select(Campaign.id).where(Campaign.status == "running", ~pending)).all()


def complete_if_done(session: Session, *, campaign_id: int, at: datetime) -> bool:
    # The campaign row is locked first: two workers finishing its last two chunks at once would
    # each see the other's chunk still pending and neither complete it. Under the lock the
    # second waits for the first to commit, and its next statement (READ COMMITTED) sees that.
    # NO KEY UPDATE: the chunk's campaign_members rows hold KEY SHARE on the campaign (their
    # foreign key), which a plain FOR UPDATE would wait on from both sides: a deadlock.
    session.execute(select(Campaign.id).where(Campaign.id == campaign_id).with_for_update(key_share=True))
    pending = exists().where(CampaignChunk.campaign_id == campaign_id, CampaignChunk.status == "pending")
    result = session.execute(update(Campaign).where(Campaign.id == campaign_id, Campaign.status == "running", ~pending)
                             .values(status="completed", completed_at=at)
                             .execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- the explicit list ---------------------------------------------------------------------


def replace_list(session: Session, *, program_id: int, campaign_id: int, member_ids: Sequence[int]) -> None:
    session.execute(delete(CampaignListMember).where(CampaignListMember.campaign_id == campaign_id))
    if member_ids:
        session.execute(insert(CampaignListMember), [
            {"program_id": program_id, "campaign_id": campaign_id, "member_id": member_id} for member_id in member_ids])


def members_by_ids(session: Session, *, program_id: int, member_ids: Sequence[int]) -> dict[int, int]:
    return _found(session, select(Member.id, Member.id), Member.id, program_id, member_ids)


def members_by_emails(session: Session, *, program_id: int, emails: Sequence[str]) -> dict[str, int]:
    return _found(session, select(Member.email, Member.id), Member.email, program_id, emails)


def members_by_phones(session: Session, *, program_id: int, phones: Sequence[str]) -> dict[str, int]:
    return _found(session, select(Member.phone, Member.id), Member.phone, program_id, phones)


def members_by_external_ids(session: Session, *, program_id: int, external_ids: Sequence[str]) -> dict[str, int]:
    return _found(session, select(Member.external_id, Member.id), Member.external_id, program_id, external_ids)


def members_by_cards(session: Session, *, program_id: int, numbers: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(numbers), 1000):
        part = list(numbers[start:start + 1000])
        rows = session.execute(select(Card.number, Card.member_id).where(
            Card.program_id == program_id, Card.number.in_(part), Card.member_id.is_not(None))).all()
        found.update({number: member_id for number, member_id in rows if member_id is not None})
    return found


def _found(session: Session, query: Any, column: Any, program_id: int, values: Sequence[Any]) -> dict[Any, int]:
    found: dict[Any, int] = {}
    for start in range(0, len(values), 1000):
        part = list(values[start:start + 1000])
        found.update({key: member_id for key, member_id in session.execute(
            query.where(Member.program_id == program_id, column.in_(part))).all()})
    return found


# --- chunks ----------------------------------------------------------------------------------


def audience_boundaries(session: Session, *, campaign: Campaign, size: int) -> tuple[list[int], int | None]:
    """Every `size`-th member id of the audience's id order, and the highest: a window function
    numbers the ids in the database, so a million members send back a thousand ids."""
    if campaign.target_kind == "list":
        ids: Any = select(CampaignListMember.member_id.label("member_id")).where(
            CampaignListMember.campaign_id == campaign.id)
    else:
        ids = select(Member.id.label("member_id")).where(Member.program_id == campaign.program_id,
                                                         Member.status == ACTIVE)
    numbered = ids.add_columns(func.row_number().over(order_by=ids.selected_columns[0]).label("position")).subquery()
    boundaries = session.scalars(select(numbered.c.member_id).where(numbered.c.position % size == 0)
                                 .order_by(numbered.c.member_id)).all()
    last = session.scalar(select(func.max(ids.subquery().c.member_id)))
    return list(boundaries), last


def add_chunks(session: Session, *, campaign: Campaign, bounds: Sequence[tuple[int, int]]) -> None:
    if bounds:
        session.execute(insert(CampaignChunk), [
            {"program_id": campaign.program_id, "campaign_id": campaign.id, "chunk_no": number,
             "after_member_id": after, "through_member_id": through, "status": "pending", "members": 0}
            for number, (after, through) in enumerate(bounds, start=1)])


def chunk(session: Session, chunk_id: int) -> CampaignChunk | None:
    return session.get(CampaignChunk, chunk_id)


def claim_chunk(session: Session, *, chunk_id: int, at: datetime) -> bool:
    """pending -> done, first thing in the chunk's unit of work: a second worker given the same
    chunk waits on this row until the first commits, then finds it done (or, if the first
    rolled back, pending, and does the work itself)."""
    result = session.execute(update(CampaignChunk).where(CampaignChunk.id == chunk_id,
                                                         CampaignChunk.status == "pending")
                             .values(status="done", done_at=at).execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def set_chunk_members(session: Session, *, chunk_id: int, members: int) -> None:
    session.execute(update(CampaignChunk).where(CampaignChunk.id == chunk_id).values(members=members)
                    .execution_options(synchronize_session=False))


def chunks_to_defer(session: Session, *, deferred_before: datetime, at: datetime, limit: int) -> list[int]:
    """Pending chunks never deferred, or deferred before `deferred_before` (their job may be
    lost: an in-memory queue dies with its process); marked as deferred `at`."""
    query = (select(CampaignChunk.id).where(CampaignChunk.status == "pending")
             .where((CampaignChunk.deferred_at.is_(None)) | (CampaignChunk.deferred_at < deferred_before))
             .order_by(CampaignChunk.id).limit(limit))
    ids = list(session.scalars(query).all())
    if ids:
        session.execute(update(CampaignChunk).where(CampaignChunk.id.in_(ids)).values(deferred_at=at)
                        .execution_options(synchronize_session=False))
    return ids


def pending_chunk_ids(session: Session, *, campaign_id: int) -> list[int]:
    return list(session.scalars(select(CampaignChunk.id).where(CampaignChunk.campaign_id == campaign_id,
                                                               CampaignChunk.status == "pending")
                                .order_by(CampaignChunk.chunk_no)).all())


def chunks_done(session: Session, *, campaign_ids: Sequence[int]) -> dict[int, int]:
    if not campaign_ids:
        return {}
    return {campaign_id: int(count) for campaign_id, count in session.execute(
        select(CampaignChunk.campaign_id, func.count()).where(CampaignChunk.campaign_id.in_(list(campaign_ids)),
                                                              CampaignChunk.status == "done")
        .group_by(CampaignChunk.campaign_id)).all()}


def chunk_members(session: Session, *, campaign: Campaign, after_id: int, through_id: int) -> Sequence[Member]:
    """The audience's active members in (after_id, through_id], in id order."""
    query = select(Member).where(Member.program_id == campaign.program_id, Member.status == ACTIVE,
                                 Member.id > after_id, Member.id <= through_id)
    if campaign.target_kind == "list":
        query = query.where(exists().where(CampaignListMember.campaign_id == campaign.id,
                                           CampaignListMember.member_id == Member.id))
    return session.scalars(query.order_by(Member.id)).all()


# --- the members a launch targeted ---------------------------------------------------------


def add_campaign_members(session: Session, rows: Sequence[dict[str, Any]]) -> set[int]:
    """Insert the rows that are not there yet (unique per campaign and member); the member ids
    this statement inserted. A concurrent insert of the same member waits for the other
    transaction on PostgreSQL and then inserts nothing."""
    if not rows:
        return set()
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = core_table(CampaignMember)
    statement = (module.insert(table).values(list(rows))
                 .on_conflict_do_nothing(index_elements=["campaign_id", "member_id"])
                 .returning(table.c.member_id))
    return set(session.scalars(statement).all())


def set_outcomes(session: Session, *, campaign_id: int, outcomes: Sequence[dict[str, Any]]) -> None:
    """Each reached or refused member's outcome and what they were given (executemany)."""
    if not outcomes:
        return
    table = core_table(CampaignMember)
    statement = (update(table).where(table.c.campaign_id == campaign_id, table.c.member_id == bindparam("b_member_id"))
                 .values(outcome=bindparam("b_outcome"), points_given=bindparam("b_points_given"),
                         value_minor=bindparam("b_value_minor"), voucher_code_id=bindparam("b_voucher_code_id"),
                         message_id=bindparam("b_message_id")))
    session.execute(statement, [{f"b_{key}": value for key, value in row.items()} for row in outcomes])


def campaign_member_rows(session: Session, *, campaign_id: int) -> Sequence[CampaignMember]:
    return session.scalars(select(CampaignMember).where(CampaignMember.campaign_id == campaign_id)
                           .order_by(CampaignMember.member_id)).all()


# --- results -------------------------------------------------------------------------------


def group_figures(session: Session, *, campaign_id: int) -> dict[bool, dict[str, int]]:
    """Per group (is_control): members, reached, not reached, points and money given."""
    rows = session.execute(
        select(CampaignMember.is_control, func.count(),
               func.sum(case((CampaignMember.outcome == "reached", 1), else_=0)),
               func.sum(case((CampaignMember.outcome.in_(("budget_spent", "no_codes")), 1), else_=0)),
               func.coalesce(func.sum(CampaignMember.points_given), 0),
               func.coalesce(func.sum(CampaignMember.value_minor), 0))
        .where(CampaignMember.campaign_id == campaign_id).group_by(CampaignMember.is_control)).all()
    return {bool(is_control): {"members": int(members), "reached": int(reached or 0),
                               "not_reached": int(not_reached or 0), "points_cost": int(points or 0),
                               "cost_minor": int(value or 0)}
            for is_control, members, reached, not_reached, points, value in rows}


def revenue_figures(session: Session, *, campaign_id: int, start: datetime,
                    end: datetime) -> dict[bool, dict[str, float]]:
    """Per group: converted members, and the sum and sum of squares of each member's revenue
    (purchases in [start, end) less their refunds; 0 for members who bought nothing), for the
    difference of means. Squares are summed as floats: an integer sum could overflow."""
    revenue = func.coalesce(func.sum(Purchase.total_minor - Purchase.refunded_minor), 0)
    per_member = (
        select(CampaignMember.is_control.label("is_control"), revenue.label("revenue"),
               func.count(Purchase.id).label("purchases"))
        .select_from(CampaignMember)
        .outerjoin(Purchase, and_(Purchase.program_id == CampaignMember.program_id,
                                  Purchase.member_id == CampaignMember.member_id,
                                  Purchase.occurred_at >= start, Purchase.occurred_at < end))
        .where(CampaignMember.campaign_id == campaign_id)
        .group_by(CampaignMember.member_id, CampaignMember.is_control)
    ).subquery()
    as_float = cast(per_member.c.revenue, Float)
    rows = session.execute(
        select(per_member.c.is_control, func.sum(case((per_member.c.purchases > 0, 1), else_=0)),
               func.coalesce(func.sum(per_member.c.revenue), 0), func.coalesce(func.sum(as_float * as_float), 0.0))
        .group_by(per_member.c.is_control)).all()
    return {bool(is_control): {"converted": int(converted or 0), "revenue": float(total or 0),
                               "revenue_squares": float(squares or 0)}
            for is_control, converted, total, squares in rows}


def message_figures(session: Session, *, campaign_id: int, source: str,
                    types: Sequence[str]) -> dict[tuple[bool, str], int]:
    """Per group and event type: members with a message event of this campaign (payload
    `source`), found through each member's timeline index (ix_events_program_member)."""
    rows = session.execute(
        select(CampaignMember.is_control, Event.type, func.count(func.distinct(Event.member_id)))
        .select_from(CampaignMember)
        .join(Event, and_(Event.program_id == CampaignMember.program_id, Event.member_id == CampaignMember.member_id))
        .where(CampaignMember.campaign_id == campaign_id, Event.type.in_(list(types)),
               Event.payload["source"].as_string() == source)
        .group_by(CampaignMember.is_control, Event.type)).all()
    return {(bool(is_control), str(type_)): int(count) for is_control, type_, count in rows}


# --- the member's data export ------------------------------------------------------------------


def member_campaign_rows(session: Session, *, program_id: int, member_id: int
                         ) -> Sequence[tuple[CampaignMember, str]]:
    """Every campaign run that reached the member (or held them back as control), with its name."""
    return [(row, str(name)) for row, name in session.execute(
        select(CampaignMember, Campaign.name).join(Campaign, Campaign.id == CampaignMember.campaign_id)
        .where(CampaignMember.program_id == program_id, CampaignMember.member_id == member_id)
        .order_by(CampaignMember.created_at, CampaignMember.id)).all()]


def member_list_campaigns(session: Session, *, program_id: int, member_id: int) -> Sequence[tuple[int, str]]:
    """The campaigns whose uploaded list names the member."""
    return [(int(campaign_id), str(name)) for campaign_id, name in session.execute(
        select(Campaign.id, Campaign.name).join(CampaignListMember, CampaignListMember.campaign_id == Campaign.id)
        .where(CampaignListMember.program_id == program_id, CampaignListMember.member_id == member_id)
        .order_by(Campaign.id)).all()]
