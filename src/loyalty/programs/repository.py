from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from loyalty.db.direct import DirectStatement
from loyalty.programs.models import Program


def add(session: Session, program: Program) -> None:
    session.add(program)
    session.flush()


def get(session: Session, program_id: int) -> Program | None:
    return session.get(Program, program_id)


def all_programs(session: Session) -> Sequence[Program]:
    return session.scalars(select(Program).order_by(Program.id)).all()


_CONFIG_VERSION = DirectStatement(select(Program.config_version).where(Program.id == bindparam("program_id")))
_BUMP_CONFIG_VERSION = update(Program).where(Program.id == bindparam("program_id")) \
    .values(config_version=Program.config_version + 1).execution_options(synchronize_session=False)


def config_version(session: Session, program_id: int) -> int:
    return int(_CONFIG_VERSION.scalar(session, {"program_id": program_id}))


def bump_config_version(session: Session, program_id: int) -> None:
    session.execute(_BUMP_CONFIG_VERSION, {"program_id": program_id})
