"""An unknown address costs the database what a known one does: asking for a code or typing a
wrong one runs as many statements either way (the answer's time does not tell who is a member)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import event

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.member_access import service
from loyalty.programs.models import Program
from tests.factories.members import make_member


@contextmanager
def counted(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]).split()[0].upper())

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", record)


def statements_of(database: Database, work: Callable[..., object]) -> list[str]:
    # The refusal is suppressed inside the unit of work: it commits, as the page does.
    with counted(database) as statements, unit_of_work(database) as session, suppress(service.SignInRefused):
        work(session)
    return statements


def test_asking_for_a_code_costs_the_same_for_an_unknown_address(database: Database, program: Program) -> None:
    make_member(database, program, email="known@example.com")
    known = statements_of(database, lambda s: service.request_code(session=s, program=program,
                                                                  email="known@example.com"))
    unknown = statements_of(database, lambda s: service.request_code(session=s, program=program,
                                                                    email="nobody@example.com"))
    assert len(unknown) == len(known)
    assert unknown.count("UPDATE") == known.count("UPDATE") == 1


def test_a_wrong_code_costs_the_same_for_an_unknown_address(database: Database, program: Program) -> None:
    make_member(database, program, email="known@example.com")
    with unit_of_work(database) as session:
        service.request_code(session=session, program=program, email="known@example.com")
    known = statements_of(database, lambda s: service.sign_in_with_code(session=s, program=program,
                                                                       email="known@example.com", code="x"))
    unknown = statements_of(database, lambda s: service.sign_in_with_code(session=s, program=program,
                                                                         email="nobody@example.com", code="x"))
    assert sorted(unknown) == sorted(known) and "UPDATE" in known
