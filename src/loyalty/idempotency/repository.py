from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db import deferred
from loyalty.db.base import core_table
from loyalty.db.direct import DirectStatement
from loyalty.idempotency.models import IdempotencyRecord

_records = core_table(IdempotencyRecord)
# Built once: every retried write (spends, redemptions, …) runs them.
_INSERT_ONCE = {
    name: DirectStatement(module.insert(_records).on_conflict_do_nothing(
        index_elements=["program_id", "api_key_id", "operation", "key"]).returning(_records.c.id), columns=[
        "program_id", "api_key_id", "operation", "key", "request_hash", "status_code", "response", "created_at"])
    for name, module in (("postgresql", postgresql), ("sqlite", sqlite))
}
_SET_RESPONSE = DirectStatement(update(_records).where(_records.c.id == bindparam("record_id")).values(
    status_code=bindparam("status_code"), response=bindparam("response")))


def insert_once(session: Session, values: dict[str, Any]) -> int | None:
    """The new record's id, or None when the key was already claimed (on PostgreSQL after
    waiting for a concurrent claim of it to commit or roll back)."""
    found = _INSERT_ONCE[session.get_bind().dialect.name].scalar(session, values)
    return None if found is None else int(found)


def find(session: Session, *, program_id: int, api_key_id: int, operation: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(select(IdempotencyRecord).where(
        IdempotencyRecord.program_id == program_id, IdempotencyRecord.api_key_id == api_key_id,
        IdempotencyRecord.operation == operation, IdempotencyRecord.key == key,
    )).one_or_none()


def set_response(session: Session, *, record_id: int, status_code: int, body: dict[str, Any]) -> None:
    """Written with the unit's next statement or its COMMIT (db.deferred): it is the unit's last write."""
    deferred.write_later(session, _SET_RESPONSE, [{"record_id": record_id, "status_code": status_code,
                                                   "response": body}])
