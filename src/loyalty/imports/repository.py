"""Import jobs' rows: the only SQL of this domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loyalty.imports.models import ImportJob


def add(session: Session, job: ImportJob) -> None:
    session.add(job)
    session.flush()


def get(session: Session, *, program_id: int, job_id: int) -> ImportJob | None:
    job = session.get(ImportJob, job_id)
    return job if job is not None and job.program_id == program_id else None


def recent(session: Session, *, program_id: int, limit: int) -> Sequence[ImportJob]:
    return session.scalars(select(ImportJob).where(ImportJob.program_id == program_id)
                           .order_by(ImportJob.id.desc()).limit(limit)).all()


def finish(session: Session, *, job_id: int, status: str, done: int, report: dict[str, Any], at: datetime) -> None:
    session.execute(update(ImportJob).where(ImportJob.id == job_id)
                    .values(status=status, done=done, report=report, finished_at=at))
