"""A member loaded for a till request (a direct statement) is the member `Session.get` loads."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import repository
from loyalty.members.models import Member
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import make_program

COLUMNS = [column.key for column in Member.__table__.columns]


def test_a_directly_loaded_member_equals_the_orm_load_and_is_attached_unchanged(database: Database,
                                                                                program: Program) -> None:
    enrolled = make_member(database, program, first_name="Zofia", birth_date="1990-02-03",
                           attributes={"home_store": "WAW-01", "vip": True}, address={"city": "Łódź"})
    with unit_of_work(database, read_only=True) as session:
        expected = {name: getattr(session.get(Member, enrolled.id), name) for name in COLUMNS}
    with unit_of_work(database) as session:
        member = repository.get_member(session, program_id=program.id, member_id=enrolled.id)
        assert member is not None
        assert {name: getattr(member, name) for name in COLUMNS} == expected
        assert member.birth_date == date(1990, 2, 3) and member.enrolled_at.tzinfo is not None
        assert inspect(member).persistent and not session.dirty  # nothing to write back
        assert repository.get_member(session, program_id=program.id, member_id=enrolled.id) is member
        member.first_name = "Zosia"  # attached: a change is flushed with the unit
    with unit_of_work(database, read_only=True) as session:
        assert session.get(Member, enrolled.id).first_name == "Zosia"  # type: ignore[union-attr]


def test_a_member_of_another_program_or_none_is_not_found(database: Database, program: Program) -> None:
    member = make_member(database, program)
    other = make_program(database, name="Another shop")
    with unit_of_work(database, read_only=True) as session:
        assert repository.get_member(session, program_id=other.id, member_id=member.id) is None
        assert repository.get_member(session, program_id=program.id, member_id=member.id + 10_000_000) is None
