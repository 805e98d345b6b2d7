from __future__ import annotations

import itertools
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as member_service
from loyalty.members.models import CardBatch, Member
from loyalty.members.schemas import MemberCreate
from loyalty.programs.models import Program

_sequence = itertools.count(1)
IDENTIFIER_FIELDS = ("email", "phone", "external_id", "card_number")


def make_member(database: Database, program: Program, **fields: Any) -> Member:
    """A committed member. Without any identifier it gets a unique e-mail; any MemberCreate
    field may be given (`consents`, `card_number`, `enrolled_at`, …)."""
    if not any(fields.get(name) for name in IDENTIFIER_FIELDS):
        fields["email"] = f"member{next(_sequence)}@example.com"
    with unit_of_work(database) as session:
        return member_service.enrol_member(session=session, program=program,
                                           data=MemberCreate.model_validate(fields), actor="test")


def make_card_batch(database: Database, program: Program, *, count: int = 3,
                    note: str | None = None) -> tuple[CardBatch, list[str]]:
    """A committed batch of unassigned printed cards and its numbers."""
    with unit_of_work(database) as session:
        batch = member_service.generate_card_batch(session=session, program=program, count=count, note=note,
                                                   actor="test")
        numbers = member_service.batch_card_numbers(session=session, program_id=program.id, batch_id=batch.id)
        return batch, numbers


def make_cards(database: Database, program: Program, *, count: int = 1) -> list[str]:
    """Numbers of `count` unassigned printed cards."""
    return make_card_batch(database, program, count=count)[1]
