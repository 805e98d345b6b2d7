"""Recording and reading the audit log. Callers record in the same unit of work as the change,
so a change and its entry are written together or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loyalty.audit.models import AuditEntry
from loyalty.kernel import clock


def _plain(value: Any) -> Any:
    """JSON-safe: dates as ISO text, decimals as text, containers walked."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(*, session: Session, program_id: int, actor: str, actor_name: str, action: str, subject_type: str,
           subject_id: int | str | None = None, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None) -> AuditEntry:
    entry = AuditEntry(program_id=program_id, at=clock.now(), actor=actor, actor_name=actor_name[:200],
                       action=action, subject_type=subject_type,
                       subject_id=None if subject_id is None else str(subject_id),
                       before=_plain(before) if before is not None else None,
                       after=_plain(after) if after is not None else None)
    session.add(entry)
    session.flush()
    return entry


def entries(*, session: Session, program_id: int, before_id: int | None = None, limit: int = 50,
            subject_type: str | None = None, subject_id: str | None = None,
            actor: str | None = None) -> Sequence[AuditEntry]:
    """Newest first; `before_id` pages back."""
    query = select(AuditEntry).where(AuditEntry.program_id == program_id)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if subject_type is not None:
        query = query.where(AuditEntry.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(AuditEntry.subject_id == subject_id)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    return session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)).all()
