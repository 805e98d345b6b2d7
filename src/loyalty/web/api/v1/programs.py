from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from loyalty.programs import service
from loyalty.programs.schemas import ProgramRead, ProgramUpdate
from loyalty.web.deps import ApiContext, forget_cached_keys, require

router = APIRouter(tags=["program"])


@router.get("/program", response_model=ProgramRead)
def read_program(context: Annotated[ApiContext, Depends(require("members:read"))]) -> ProgramRead:
    """The program this API key belongs to: currency, timezone, point value, expiry policy."""
    return ProgramRead.model_validate(context.program)


@router.patch("/program", response_model=ProgramRead)
def update_program(body: ProgramUpdate, context: Annotated[ApiContext, Depends(require("admin"))]) -> ProgramRead:
    """Change the program's settings (name, timezone, point value, expiry policy, pending and claim periods,
    transfers, units). Units can be added, never removed. Admin scope; audited as `program.updated`."""
    with context.write() as session:
        program = ProgramRead.model_validate(service.update_program(session=session, program_id=context.program_id,
                                                                    data=body, actor=context.actor))
    forget_cached_keys(context.program_id)
    return program
