from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loyalty.auth import service as auth_service
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs import service as program_service
from loyalty.programs.models import Program
from loyalty.programs.schemas import ProgramCreate


@dataclass(frozen=True)
class ApiCredentials:
    key_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_program(database: Database, **overrides: Any) -> Program:
    fields: dict[str, Any] = {"name": "Test shop", "currency": "EUR", "timezone": "Europe/Warsaw",
                              "expiry_policy": {"kind": "never"}, **overrides}
    with unit_of_work(database) as session:
        return program_service.create_program(session=session, data=ProgramCreate.model_validate(fields))


def make_api_key(database: Database, program: Program, *, scopes: list[str], name: str = "test") -> ApiCredentials:
    with unit_of_work(database) as session:
        issued = auth_service.create_api_key(session=session, program_id=program.id, name=name, scopes=scopes)
        return ApiCredentials(key_id=issued.key.id, token=issued.secret)
