from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from loyalty.auth.models import ApiKey


def add(session: Session, key: ApiKey) -> None:
    session.add(key)
    session.flush()


def get(session: Session, key_id: int) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def by_prefix(session: Session, prefix: str) -> ApiKey | None:
    return session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()


def for_program(session: Session, program_id: int, *, after_id: int | None = None,
                limit: int | None = None) -> Sequence[ApiKey]:
    query = select(ApiKey).where(ApiKey.program_id == program_id)
    if after_id is not None:
        query = query.where(ApiKey.id > after_id)
    return session.scalars(query.order_by(ApiKey.id).limit(limit)).all()
