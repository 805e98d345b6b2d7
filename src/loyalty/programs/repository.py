from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from loyalty.programs.models import Program


def add(session: Session, program: Program) -> None:
    session.add(program)
    session.flush()


def get(session: Session, program_id: int) -> Program | None:
    return session.get(Program, program_id)


def all_programs(session: Session) -> Sequence[Program]:
    return session.scalars(select(Program).order_by(Program.id)).all()
