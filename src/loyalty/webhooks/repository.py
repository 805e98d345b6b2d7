from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
from loyalty.db.bulk_insert import insert_ignoring_conflicts
from loyalty.webhooks.models import WebhookDelivery, WebhookEndpoint

RETRYABLE = ("pending", "failed")


def add(session: Session, row: WebhookEndpoint | WebhookDelivery) -> None:
    session.add(row)
    session.flush()


def endpoint(session: Session, *, program_id: int, endpoint_id: int) -> WebhookEndpoint | None:
    found = session.get(WebhookEndpoint, endpoint_id)
    return found if found is not None and found.program_id == program_id else None


def endpoints(session: Session, *, program_id: int, after_id: int | None, limit: int) -> Sequence[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.program_id == program_id)
    if after_id is not None:
        query = query.where(WebhookEndpoint.id > after_id)
    return session.scalars(query.order_by(WebhookEndpoint.id).limit(limit)).all()


def enabled_endpoints(session: Session, *, program_id: int) -> Sequence[WebhookEndpoint]:
    """A program's enabled endpoints (a few): which of them want an event type is decided in Python,
    as a JSON list's membership is written differently on each database."""
    return session.scalars(select(WebhookEndpoint).where(
        WebhookEndpoint.program_id == program_id, WebhookEndpoint.is_enabled.is_(True)
    ).order_by(WebhookEndpoint.id)).all()


def endpoints_by_id(session: Session, *, endpoint_ids: Sequence[int]) -> Sequence[WebhookEndpoint]:
    if not endpoint_ids:
        return []
    return session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.id.in_(sorted(set(endpoint_ids))))).all()


def enabled_endpoints_of(session: Session, *, program_ids: Sequence[int]) -> dict[int, list[WebhookEndpoint]]:
    """`enabled_endpoints` of several programs in one read, by program."""
    found: dict[int, list[WebhookEndpoint]] = {program_id: [] for program_id in program_ids}
    if program_ids:
        for endpoint in session.scalars(select(WebhookEndpoint).where(
                WebhookEndpoint.program_id.in_(sorted(set(program_ids))), WebhookEndpoint.is_enabled.is_(True)
        ).order_by(WebhookEndpoint.id)):
            found[endpoint.program_id].append(endpoint)
    return found


def add_deliveries_ignoring_made(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """INSERT … ON CONFLICT (endpoint, event, sequence) DO NOTHING RETURNING id: the ids of the
    deliveries made now (one made before, by an earlier run of the same events, is left as it is
    and not returned). One statement whose text does not grow with the rows (db.bulk_insert):
    a `VALUES` list built per call was compiled by SQLAlchemy, then parsed by psycopg, anew each
    time, and under purchase load that took a large share of the worker's Python time."""
    return sorted(int(found[0]) for found in insert_ignoring_conflicts(
        session, core_table(WebhookDelivery), rows, conflict=("endpoint_id", "event_id", "sequence"),
        returning=("id",)))


def delivery(session: Session, *, program_id: int, delivery_id: int) -> WebhookDelivery | None:
    found = session.get(WebhookDelivery, delivery_id)
    return found if found is not None and found.program_id == program_id else None


def deliveries(session: Session, *, endpoint_id: int, before_id: int | None, limit: int) -> Sequence[WebhookDelivery]:
    """An endpoint's deliveries, newest first."""
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if before_id is not None:
        query = query.where(WebhookDelivery.id < before_id)
    return session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)).all()


def take_replay_sequence(session: Session, *, original_id: int) -> int:
    """The next replay's sequence number. The guarded increment locks the original's row, so two
    replays at once get 1 and 2, never the same number."""
    session.execute(update(WebhookDelivery).where(WebhookDelivery.id == original_id)
                    .values(replays=WebhookDelivery.replays + 1))
    return int(session.scalar(select(WebhookDelivery.replays).where(WebhookDelivery.id == original_id)) or 0)


def claim(session: Session, *, delivery_id: int, token: str, now: datetime, until: datetime) -> bool:
    """Take the delivery for one attempt if it is due and no other worker holds it; the statement
    decides, so two workers woken for the same delivery never both send it."""
    result = session.execute(update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id,
        WebhookDelivery.status.in_(RETRYABLE),
        or_(WebhookDelivery.next_attempt_at.is_(None), WebhookDelivery.next_attempt_at <= now),
        or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now),
    ).values(claim_token=token, claimed_until=until).execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]


def finish_attempt(session: Session, *, delivery_id: int, token: str, values: dict[str, Any]) -> bool:
    """Record an attempt if the claim is still ours (a worker whose lease ran out records nothing)."""
    result = session.execute(update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.claim_token == token,
    ).values(claim_token=None, claimed_until=None, attempts=WebhookDelivery.attempts + 1, **values)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]


def due(session: Session, *, before: datetime, limit: int) -> list[int]:
    """Deliveries waiting for an attempt since before `before` that nobody holds (their job was lost)."""
    return list(session.scalars(select(WebhookDelivery.id).where(
        WebhookDelivery.status.in_(RETRYABLE),
        WebhookDelivery.next_attempt_at <= before,
        or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < before),
    ).order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)))


@dataclass(frozen=True)
class ClaimedRow:
    id: int
    endpoint_id: int
    webhook_id: str
    body: str
    attempts: int


def claim_due(session: Session, *, token: str, now: datetime, until: datetime, limit: int,
              skip_endpoint_ids: Sequence[int] = ()) -> list[ClaimedRow]:
    """Take up to `limit` due deliveries nobody holds, oldest due first, for one attempt each, in one
    statement. On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED and the UPDATE checks the
    claim again on the row it locked, so two workers claiming at once take disjoint sets; SQLite
    runs one writer at a time, so the statement alone decides there."""
    table = core_table(WebhookDelivery)
    is_due = (table.c.status.in_(RETRYABLE),
              or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now),
              or_(table.c.claimed_until.is_(None), table.c.claimed_until < now))
    picked = select(table.c.id).where(*is_due)
    if skip_endpoint_ids:
        picked = picked.where(table.c.endpoint_id.not_in(sorted(set(skip_endpoint_ids))))
    picked = picked.order_by(table.c.next_attempt_at, table.c.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        picked = picked.with_for_update(skip_locked=True)
    statement = (update(table).where(table.c.id.in_(picked.scalar_subquery()), *is_due)
                 .values(claim_token=token, claimed_until=until)
                 .returning(table.c.id, table.c.endpoint_id, table.c.webhook_id, table.c.body, table.c.attempts))
    rows = [ClaimedRow(int(row.id), int(row.endpoint_id), row.webhook_id, row.body, int(row.attempts))
            for row in session.execute(statement)]
    return sorted(rows, key=lambda row: row.id)


def finish_attempts(session: Session, *, token: str, outcomes: Sequence[dict[str, Any]]) -> None:
    """`finish_attempt` for many deliveries held by one claim: one UPDATE run for every row
    (executemany), each row's own outcome in `outcomes` (keys: delivery_id and the columns)."""
    if not outcomes:
        return
    table = core_table(WebhookDelivery)
    columns = ("status", "next_attempt_at", "last_attempt_at", "updated_at", "last_status_code",
               "last_response_body", "last_error", "last_duration_ms")
    statement = update(table).where(table.c.id == bindparam("b_delivery_id"), table.c.claim_token == token).values(
        claim_token=None, claimed_until=None, attempts=table.c.attempts + 1,
        **{column: bindparam(f"b_{column}", type_=table.c[column].type) for column in columns})
    session.execute(statement, [{"b_delivery_id": outcome["delivery_id"],
                                 **{f"b_{column}": outcome[column] for column in columns}} for outcome in outcomes])


def release(session: Session, *, token: str, delivery_ids: Sequence[int], next_attempt_at: datetime | None) -> None:
    """Give back deliveries a claim took but did not attempt (no attempt counted); due again at
    `next_attempt_at` when given, as they were otherwise."""
    if not delivery_ids:
        return
    table = core_table(WebhookDelivery)
    values: dict[str, Any] = {"claim_token": None, "claimed_until": None}
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    session.execute(update(table).where(table.c.id.in_(sorted(delivery_ids)), table.c.claim_token == token)
                    .values(**values))
