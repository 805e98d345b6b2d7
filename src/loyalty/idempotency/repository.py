from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loyalty.idempotency.models import IdempotencyRecord


def find(session: Session, *, program_id: int, api_key_id: int, operation: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(select(IdempotencyRecord).where(
        IdempotencyRecord.program_id == program_id, IdempotencyRecord.api_key_id == api_key_id,
        IdempotencyRecord.operation == operation, IdempotencyRecord.key == key,
    )).one_or_none()


def set_response(session: Session, *, record_id: int, status_code: int, body: dict[str, Any]) -> None:
    session.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == record_id)
                    .values(status_code=status_code, response=body))
