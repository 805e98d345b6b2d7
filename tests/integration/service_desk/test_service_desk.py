"""Notes and service cases in the domain service, on both databases."""

from __future__ import annotations

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.programs.models import Program
from loyalty.service_desk import service
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user


def test_notes_read_pinned_first_then_newest(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with unit_of_work(database) as session:
        first = service.add_note(session=session, program_id=program.id, member_id=member.id, department="service",
                                 body=" first ", author_id=None, author_name="Ann")
        service.add_note(session=session, program_id=program.id, member_id=member.id, department="finance",
                         body="second", author_id=None, author_name="Bob")
        before, after = service.set_note_pinned(session=session, program_id=program.id, member_id=member.id,
                                                note_id=first.id, pinned=True)
    assert (before.pinned, after.pinned) == (False, True)
    with unit_of_work(database, read_only=True) as session:
        notes = service.member_notes(session=session, program_id=program.id, member_id=member.id)
    assert [(note.body, note.pinned) for note in notes] == [("first", True), ("second", False)]


def test_a_note_needs_a_department_and_text(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with unit_of_work(database) as session:
        with pytest.raises(Invalid) as no_department:
            service.add_note(session=session, program_id=program.id, member_id=member.id, department="sales",
                             body="x", author_id=None, author_name="Ann")
        with pytest.raises(Invalid) as no_text:
            service.add_note(session=session, program_id=program.id, member_id=member.id, department="store",
                             body="   ", author_id=None, author_name="Ann")
    assert (no_department.value.code, no_text.value.code) == ("invalid_department", "body_required")


def test_another_programs_member_note_and_case_are_not_found(database: Database, program: Program) -> None:
    other = make_program(database)
    stranger = make_member(database, other)
    with unit_of_work(database) as session:
        note = service.add_note(session=session, program_id=other.id, member_id=stranger.id, department="store",
                                body="theirs", author_id=None, author_name="X")
        case = service.open_case(session=session, program_id=other.id, member_id=stranger.id, kind="question",
                                 subject="theirs", opened_by_id=None, opened_by_name="X")
    with unit_of_work(database) as session:
        with pytest.raises(NotFound):
            service.add_note(session=session, program_id=program.id, member_id=stranger.id, department="store",
                             body="x", author_id=None, author_name="Ann")
        with pytest.raises(NotFound):
            service.set_note_pinned(session=session, program_id=program.id, member_id=stranger.id, note_id=note.id,
                                    pinned=True)
        with pytest.raises(NotFound):
            service.case_detail(session=session, program_id=program.id, case_id=case.id)
        with pytest.raises(NotFound):
            service.close_case(session=session, program_id=program.id, case_id=case.id, resolution="x")


def test_a_case_goes_only_to_staff_who_may_work_on_cases(database: Database, program: Program) -> None:
    member = make_member(database, program)
    cashier = make_staff_user(database, program, "cashier")
    agent = make_staff_user(database, program, "agent")
    elsewhere = make_staff_user(database, make_program(database), "agent")
    with unit_of_work(database) as session:
        for user_id in (cashier.user_id, elsewhere.user_id):
            with pytest.raises((Invalid, NotFound)):
                service.open_case(session=session, program_id=program.id, member_id=member.id, kind="request",
                                  subject="Card", assignee_id=user_id, opened_by_id=None, opened_by_name="X")
        case = service.open_case(session=session, program_id=program.id, member_id=member.id, kind="request",
                                 subject="Card", assignee_id=agent.user_id, opened_by_id=None, opened_by_name="X")
        choices = service.assignable_staff(session=session, program_id=program.id)
    assert case.assignee_name == "Test agent"
    assert agent.user_id in [choice.id for choice in choices] and cashier.user_id not in [c.id for c in choices]


def test_a_closed_case_takes_no_more_comments_and_lists_after_open_ones(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with unit_of_work(database) as session:
        older = service.open_case(session=session, program_id=program.id, member_id=member.id, kind="complaint",
                                  subject="older", opened_by_id=None, opened_by_name="X")
        closed = service.open_case(session=session, program_id=program.id, member_id=member.id, kind="question",
                                   subject="closed", opened_by_id=None, opened_by_name="X")
        newer = service.open_case(session=session, program_id=program.id, member_id=member.id, kind="request",
                                  subject="newer", body="details", opened_by_id=None, opened_by_name="X")
        before, after = service.close_case(session=session, program_id=program.id, case_id=closed.id,
                                           resolution=" answered ")
    assert (before.status, after.status, after.resolution) == ("open", "closed", "answered")
    with unit_of_work(database) as session:
        with pytest.raises(Conflict):
            service.comment_case(session=session, program_id=program.id, case_id=closed.id, body="late",
                                 author_id=None, author_name="X")
        with pytest.raises(Conflict):
            service.close_case(session=session, program_id=program.id, case_id=closed.id, resolution="again")
    with unit_of_work(database, read_only=True) as session:
        listed = service.list_cases(session=session, program_id=program.id)
        open_only = service.list_cases(session=session, program_id=program.id, status="open", limit=1)
        detail = service.case_detail(session=session, program_id=program.id, case_id=newer.id)
    assert [case.id for case in listed.items] == [newer.id, older.id, closed.id]
    assert [case.id for case in open_only.items] == [newer.id] and open_only.has_more
    assert [comment.body for comment in detail.comments] == ["details"]
