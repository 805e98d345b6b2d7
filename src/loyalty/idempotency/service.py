"""Idempotency keys: the same key and body get the stored response, another body a 409.

The record is inserted first, in the caller's transaction: a concurrent request with the
same key waits on the unique index (PostgreSQL) or on BEGIN IMMEDIATE (SQLite) and then
finds the committed response. A request that fails rolls the record back with it, so a
retry after an error runs again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from loyalty.idempotency import repository
from loyalty.kernel import clock
from loyalty.kernel.errors import IdempotencyMismatch, Invalid


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Claim:
    record_id: int | None
    replay: StoredResponse | None


def claim(*, session: Session, program_id: int, api_key_id: int, operation: str, key: str,
          request_hash: str) -> Claim:
    """Reserve `key` for this request, or return the response stored for it earlier."""
    if not key or len(key) > 255:
        raise Invalid("Idempotency-Key must be 1 to 255 characters.", code="invalid_idempotency_key",
                      field="Idempotency-Key")
    record_id = repository.insert_once(session, {
        "program_id": program_id, "api_key_id": api_key_id, "operation": operation, "key": key,
        "request_hash": request_hash, "status_code": 0, "response": {}, "created_at": clock.now()})
    if record_id is not None:
        return Claim(record_id=record_id, replay=None)
    existing = repository.find(session, program_id=program_id, api_key_id=api_key_id, operation=operation, key=key)
    assert existing is not None
    if existing.request_hash != request_hash:
        raise IdempotencyMismatch()
    return Claim(record_id=None, replay=StoredResponse(existing.status_code, existing.response))


def store(*, session: Session, record_id: int, status_code: int, body: dict[str, Any]) -> None:
    repository.set_response(session, record_id=record_id, status_code=status_code, body=body)
