from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, DomainError, Invalid, NotFound
from loyalty.members import service
from loyalty.members.models import Member, MemberConsent
from loyalty.members.schemas import MemberCreate, MemberRef, MemberUpdate
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import make_program


def _events(database: Database, member_id: int) -> list[tuple[str, dict[str, Any]]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.member_id == member_id).order_by(Event.id)).all()
        return [(row.type, row.payload) for row in rows]


def _active_card_numbers(database: Database, program: Program, member: Member) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return service.member_read(session=session, member=member).cards


def _update(database: Database, program: Program, member_id: int, **fields: Any) -> Member:
    with unit_of_work(database) as session:
        return service.update_member(session=session, program=program, member_id=member_id,
                                     data=MemberUpdate.model_validate(fields), actor="test")


def test_enrolment_stores_normalized_fields_and_writes_events(database: Database, program: Program) -> None:
    # given / when
    member = make_member(database, program, email="Anna@Example.com", phone="+48 601 234 567",
                         birth_date="1990-02-09", enrolment_channel="pos",
                         consents={"email": {"granted": True, "source": "signup_form"}, "sms": {"granted": False}})
    # then
    assert (member.email, member.phone, member.birth_month_day) == ("anna@example.com", "+48601234567", "02-09")
    assert member.status == "active" and member.enrolment_channel == "pos"
    assert len(member.referral_code) == 8
    [card] = _active_card_numbers(database, program, member)
    assert _events(database, member.id) == [
        ("member.enrolled", {"channel": "pos"}),
        ("consent.changed", {"channel": "email", "granted": True, "source": "signup_form"}),
        ("consent.changed", {"channel": "sms", "granted": False, "source": "pos"}),
        ("card.issued", {"card_number": card}),
    ]


def test_imported_enrolment_keeps_its_date(database: Database, program: Program) -> None:
    enrolled = datetime(2019, 6, 1, 10, 0, tzinfo=UTC)
    member = make_member(database, program, external_id="OLD-1", enrolment_channel="import", enrolled_at=enrolled)
    assert member.enrolled_at == enrolled


@pytest.mark.parametrize(("field", "value"), [
    ("email", "dup@example.com"), ("phone", "+48601234567"), ("external_id", "SHOP-1"),
])
def test_duplicate_identifier_is_member_exists_naming_the_field(database: Database, program: Program,
                                                                field: str, value: str) -> None:
    make_member(database, program, **{field: value})
    with pytest.raises(Conflict) as error:
        make_member(database, program, **{field: value})
    assert (error.value.code, error.value.field) == ("member_exists", field)


def test_same_email_in_another_program_is_a_different_member(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    first = make_member(database, program, email="same@example.com")
    second = make_member(database, other, email="same@example.com")
    assert first.id != second.id


def test_concurrent_enrolments_with_one_email_make_one_member(database: Database, program: Program) -> None:
    # given ten tills enrolling the same customer at once
    barrier = threading.Barrier(10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def enrol() -> None:
        barrier.wait()
        try:
            with unit_of_work(database) as session:
                service.enrol_member(session=session, program=program, actor="test",
                                     data=MemberCreate(email="race@example.com", first_name="Race"))
            outcome = "enrolled"
        except DomainError as error:
            outcome = f"{error.code}:{error.field}"
        with lock:
            outcomes.append(outcome)

    # when
    threads = [threading.Thread(target=enrol) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(outcomes) == ["enrolled"] + ["member_exists:email"] * 9
    with unit_of_work(database, read_only=True) as session:
        members = session.scalars(select(Member).where(Member.program_id == program.id)).all()
    assert [m.email for m in members] == ["race@example.com"]


def test_race_lost_inside_the_insert_keeps_the_outer_transaction(database: Database, program: Program,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # given a rival that commits between our duplicate check and our insert
    make_member(database, program, email="late@example.com")
    from loyalty.members import repository

    real_first_duplicate = repository.first_duplicate
    calls = {"n": 0}

    def blind_first_check(*args: Any, **kwargs: Any) -> str | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real_first_duplicate(*args, **kwargs)

    monkeypatch.setattr(repository, "first_duplicate", blind_first_check)
    # when
    with unit_of_work(database) as session:
        with pytest.raises(Conflict) as error:
            service.enrol_member(session=session, program=program, actor="test",
                                 data=MemberCreate(email="late@example.com"))
        survivor = service.enrol_member(session=session, program=program, actor="test",
                                        data=MemberCreate(email="other@example.com"))
    # then
    assert (error.value.code, error.value.field) == ("member_exists", "email")
    with unit_of_work(database, read_only=True) as session:
        assert service.get_member(session=session, program_id=program.id, member_id=survivor.id).email == \
            "other@example.com"


def test_find_member_by_each_identifier(database: Database, program: Program) -> None:
    member = make_member(database, program, email="find@example.com", phone="+48601234567", external_id="EXT-9")
    with unit_of_work(database, read_only=True) as session:
        for ref in (MemberRef(id=member.id), MemberRef(email="FIND@example.com"), MemberRef(phone="+48 601 234 567"),
                    MemberRef(external_id="EXT-9")):
            assert service.find_member(session=session, program_id=program.id, ref=ref).id == member.id
        with pytest.raises(NotFound) as missing:
            service.find_member(session=session, program_id=program.id, ref=MemberRef(email="nobody@example.com"))
    assert (missing.value.code, missing.value.field) == ("member_not_found", "email")


def test_members_of_another_program_are_invisible(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    member = make_member(database, other, email="theirs@example.com")
    with unit_of_work(database, read_only=True) as session:
        with pytest.raises(NotFound, match=f"Member {member.id} does not exist"):
            service.get_member(session=session, program_id=program.id, member_id=member.id)
        with pytest.raises(NotFound):
            service.find_member(session=session, program_id=program.id, ref=MemberRef(email="theirs@example.com"))


def test_update_changes_only_sent_fields_and_names_them(database: Database, program: Program) -> None:
    member = make_member(database, program, email="up@example.com", first_name="Anna", attributes={"size": "M"})
    updated = _update(database, program, member.id, first_name="Anne", email="up@example.com",
                      birth_date="1985-12-24", attributes={"size": None, "vip": True})
    assert (updated.first_name, updated.email, updated.birth_month_day) == ("Anne", "up@example.com", "12-24")
    assert updated.attributes == {"vip": True}
    assert _events(database, member.id)[-1] == ("member.updated", {"fields": ["attributes", "birth_date",
                                                                              "first_name"]})


def test_update_with_nothing_new_writes_no_event(database: Database, program: Program) -> None:
    member = make_member(database, program, email="same@example.com", first_name="Anna")
    _update(database, program, member.id, first_name="Anna")
    assert [kind for kind, _ in _events(database, member.id)] == ["member.enrolled", "card.issued"]


def test_null_clears_a_field(database: Database, program: Program) -> None:
    member = make_member(database, program, email="clear@example.com", phone="+48601234567",
                         address={"city": "Gdańsk", "country": "PL"}, attributes={"a": 1})
    updated = _update(database, program, member.id, phone=None, address=None, birth_date=None, attributes=None)
    assert (updated.phone, updated.address, updated.attributes) == (None, None, {})
    assert _events(database, member.id)[-1] == ("member.updated", {"fields": ["address", "attributes", "phone"]})


def test_update_to_a_taken_identifier_is_member_exists(database: Database, program: Program) -> None:
    make_member(database, program, phone="+48601234567")
    member = make_member(database, program, email="mine@example.com")
    with pytest.raises(Conflict) as error:
        _update(database, program, member.id, phone="+48 601 234 567")
    assert (error.value.code, error.value.field) == ("member_exists", "phone")


def test_update_merging_past_fifty_attributes_is_invalid(database: Database, program: Program) -> None:
    member = make_member(database, program, attributes={f"k{i}": i for i in range(50)})
    with pytest.raises(Invalid) as error:
        _update(database, program, member.id, attributes={"k50": 50})
    assert (error.value.code, error.value.field) == ("invalid_attributes", "attributes")


def test_blocking_and_unblocking_write_their_own_events(database: Database, program: Program) -> None:
    member = make_member(database, program)
    blocked = _update(database, program, member.id, status="blocked")
    with pytest.raises(Conflict) as error:
        service.ensure_active(blocked)
    assert error.value.code == "member_blocked"
    service.ensure_active(_update(database, program, member.id, status="active"))
    assert [kind for kind, _ in _events(database, member.id)] == ["member.enrolled", "card.issued",
                                                                  "member.blocked", "member.unblocked"]


def test_consent_history_is_kept_and_newest_is_in_force(database: Database, program: Program) -> None:
    # given
    member = make_member(database, program)
    # when the member opts in, then out
    _update(database, program, member.id, consents={"email": {"granted": True, "source": "app"}})
    clock.set_clock(lambda: datetime.now(UTC) + timedelta(seconds=1))
    _update(database, program, member.id, consents={"email": {"granted": False, "source": "unsubscribe_link"}})
    _update(database, program, member.id, consents={"email": {"granted": False, "source": "again"}})
    # then two rows, the newest in force
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(MemberConsent).where(MemberConsent.member_id == member.id)
                               .order_by(MemberConsent.id)).all()
        in_force = service.current_consents(session=session, member_ids=[member.id])[member.id]
    assert [(row.channel, row.granted, row.source) for row in rows] == [("email", True, "app"),
                                                                        ("email", False, "unsubscribe_link")]
    assert set(in_force) == {"email"}
    assert (in_force["email"].granted, in_force["email"].source) == (False, "unsubscribe_link")
    assert [kind for kind, _ in _events(database, member.id)].count("consent.changed") == 2


def _walk(database: Database, program: Program, **filters: Any) -> list[list[int]]:
    pages: list[list[int]] = []
    before_id = None
    with unit_of_work(database, read_only=True) as session:
        while True:
            page = service.list_members(session=session, program_id=program.id, before_id=before_id, **filters)
            pages.append([member.id for member in page.items])
            if page.next_key is None:
                return pages
            before_id = page.next_key


def test_paging_visits_every_member_once_newest_first(database: Database, program: Program) -> None:
    ids = [make_member(database, program).id for _ in range(7)]
    pages = _walk(database, program, limit=3)
    assert pages == [ids[6:3:-1], ids[3:0:-1], ids[0:1]]


def test_list_filters(database: Database, program: Program) -> None:
    anna = make_member(database, program, email="anna.k@example.com", first_name="Anna", last_name="Kowalska",
                       enrolled_at=datetime(2024, 1, 10, tzinfo=UTC))
    jan = make_member(database, program, email="jan@example.com", first_name="Jan", last_name="Nowak",
                      enrolled_at=datetime(2024, 3, 1, tzinfo=UTC))
    _update(database, program, jan.id, status="blocked")

    def ids(**filters: Any) -> list[int]:
        with unit_of_work(database, read_only=True) as session:
            return [m.id for m in service.list_members(session=session, program_id=program.id, **filters).items]

    assert ids(q="ANNA") == [anna.id]
    assert ids(q="anna kow") == [anna.id]
    assert ids(q="nowa") == [jan.id]
    assert ids(q="jan@") == [jan.id]
    assert ids(q="%") == []
    assert ids(email="JAN@example.com") == [jan.id]
    assert ids(status="blocked") == [jan.id]
    assert ids(enrolled_from=datetime(2024, 2, 1, tzinfo=UTC)) == [jan.id]
    assert ids(enrolled_to=datetime(2024, 3, 1, tzinfo=UTC)) == [anna.id]


def test_invalid_limit(database: Database, program: Program) -> None:
    with unit_of_work(database, read_only=True) as session, pytest.raises(Invalid) as limit:
        service.list_members(session=session, program_id=program.id, limit=201)
    assert (limit.value.code, limit.value.field) == ("invalid_limit", "limit")


def test_update_race_lost_inside_the_write_is_member_exists(database: Database, program: Program,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # given a rival that took the e-mail between our duplicate check and our write
    make_member(database, program, email="wanted@example.com")
    member = make_member(database, program, email="mine@example.com")
    from loyalty.members import repository

    real_first_duplicate = repository.first_duplicate
    calls = {"n": 0}

    def blind_first_check(*args: Any, **kwargs: Any) -> str | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real_first_duplicate(*args, **kwargs)

    monkeypatch.setattr(repository, "first_duplicate", blind_first_check)
    # when / then
    with pytest.raises(Conflict) as error:
        _update(database, program, member.id, email="wanted@example.com")
    assert (error.value.code, error.value.field) == ("member_exists", "email")
    with unit_of_work(database, read_only=True) as session:
        assert service.get_member(session=session, program_id=program.id, member_id=member.id).email == \
            "mine@example.com"
