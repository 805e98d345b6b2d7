"""Programs: the tenants."""

from __future__ import annotations

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid, NotFound
from loyalty.programs import repository
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramCreate, ProgramUpdate


def create_program(*, session: Session, data: ProgramCreate, actor: str = "system") -> Program:
    program = Program(
        name=data.name, currency=data.currency, timezone=data.timezone, locale=data.locale,
        point_value=data.point_value, expiry_policy=data.expiry_policy.model_dump(),
        pending_days=data.pending_days, claim_window_days=data.claim_window_days,
        allow_transfers=data.allow_transfers, units=list(dict.fromkeys(data.units)),
        card_prefix=data.card_prefix, created_at=clock.now(),
    )
    repository.add(session, program)
    events.record(session=session, program_id=program.id, type="program.created", actor=actor,
                  payload={"name": program.name, "currency": program.currency})
    return program


def get_program(*, session: Session, program_id: int) -> Program:
    program = repository.get(session, program_id)
    if program is None:
        raise NotFound(f"Program {program_id} does not exist.", code="program_not_found")
    return program


def list_programs(*, session: Session) -> list[Program]:
    return list(repository.all_programs(session))


def update_program(*, session: Session, program_id: int, data: ProgramUpdate, actor: str = "system") -> Program:
    program = get_program(session=session, program_id=program_id)
    changes = data.model_dump(exclude_unset=True)
    if "units" in changes and changes["units"] is not None:
        removed = set(program.units) - set(changes["units"])
        if removed:
            raise Invalid(f"Units cannot be removed once used: {', '.join(sorted(removed))}.",
                          code="unit_in_use", field="units")
    for name, value in changes.items():
        if value is None:
            continue
        if name == "expiry_policy":
            value = getattr(data, name).model_dump()
        setattr(program, name, value)
    events.record(session=session, program_id=program.id, type="program.updated", actor=actor,
                  payload={"fields": sorted(name for name, value in changes.items() if value is not None)})
    return program
