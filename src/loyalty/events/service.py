"""Appending events: every change of state writes one, in the same transaction.

Events are queued on the unit of work (`db.deferred`) and written with its COMMIT: a
purchase's events cost no round trip of their own, and the unit never reads them back. A
rolled-back unit of work, or a rolled-back savepoint, drops the events recorded inside it,
exactly as if they had been written there and rolled back with it.

Every type is defined in `events.catalogue`; an unknown name is refused here (one dictionary
lookup). Payloads are not validated on this path, which a purchase takes several times: the
test suite validates each one against its model (tests/conftest.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import catalogue, repository
from loyalty.kernel import clock


def record(*, session: Session, program_id: int, type: str, actor: str, member_id: int | None = None,
           payload: dict[str, Any] | None = None, occurred_at: datetime | None = None) -> None:
    """Queue an event row; it is written with the unit of work (or not at all). ValueError
    (`catalogue.UnknownEventType`) when `type` is not in the catalogue."""
    if not catalogue.is_defined(type):
        raise catalogue.UnknownEventType(type)
    now = clock.now()
    repository.add_events_at_commit(session, [{
        "program_id": program_id, "member_id": member_id, "type": type, "actor": actor,
        "payload": payload or {}, "occurred_at": occurred_at or now, "recorded_at": now,
    }])


def record_many(*, session: Session, rows: list[dict[str, Any]]) -> None:
    """Several events at once; each row as for `record` (an unknown type refuses them all)."""
    for row in rows:
        if not catalogue.is_defined(row["type"]):
            raise catalogue.UnknownEventType(row["type"])
    now = clock.now()
    repository.add_events_at_commit(session, [
        {"member_id": None, "payload": {}, "occurred_at": now, **row, "recorded_at": now} for row in rows
    ])


def has_program_event(*, session: Session, program_id: int, type: str) -> bool:
    """Whether an event of `type` without a member was recorded for the program."""
    return repository.has_program_event(session, program_id=program_id, type=type)


def timeline(*, session: Session, program_id: int, member_id: int, before_id: int | None,
             limit: int) -> list[Any]:
    return list(repository.member_events(session, program_id=program_id, member_id=member_id,
                                         before_id=before_id, limit=limit))
