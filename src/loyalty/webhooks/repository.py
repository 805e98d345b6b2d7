from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
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


def enabled_endpoints_of(session: Session, *, program_ids: Sequence[int]) -> dict[int, list[WebhookEndpoint]]:
    """`enabled_endpoints` of several programs in one read, by program."""
    found: dict[int, list[WebhookEndpoint]] = {program_id: [] for program_id in program_ids}
    if program_ids:
        for endpoint in session.scalars(select(WebhookEndpoint).where(
                WebhookEndpoint.program_id.in_(sorted(set(program_ids))), WebhookEndpoint.is_enabled.is_(True)
        ).order_by(WebhookEndpoint.id)):
            found[endpoint.program_id].append(endpoint)
    return found


# Rows per INSERT: well under SQLite's 32,766 bound parameters (13 columns a row).
_ROWS_PER_INSERT = 1000


def add_deliveries_ignoring_made(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """INSERT … ON CONFLICT (endpoint, event, sequence) DO NOTHING RETURNING id, many rows a
    statement: the ids of the deliveries made now (one made before, by an earlier run of the
    same events, is left as it is and not returned)."""
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = core_table(WebhookDelivery)
    made: list[int] = []
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        statement = (module.insert(table).values(list(rows[start:start + _ROWS_PER_INSERT]))
                     .on_conflict_do_nothing(index_elements=["endpoint_id", "event_id", "sequence"])
                     .returning(table.c.id))
        made.extend(int(each) for each in session.scalars(statement))
    return sorted(made)


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
