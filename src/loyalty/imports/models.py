from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class ImportJob(Base):
    """One import started from the admin panel: what it is, how far it got, and its report.

    `status`: running, then imported (everything is in) or refused (nothing is: `report`
    lists the rejected lines) or failed (nothing is: an unexpected error, named in `report`).
    """

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_program", "program_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    kind: Mapped[str] = mapped_column(String(16))  # members | purchases | rewards
    file_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str] = mapped_column(String(64))
    actor_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    report: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
