from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import luhn
from loyalty.kernel.errors import Conflict, DomainError, Invalid, NotFound
from loyalty.members import service
from loyalty.members.models import Card, Member
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from tests.factories.members import make_card_batch, make_cards, make_member
from tests.factories.programs import make_program


def _events(database: Database, member_id: int) -> list[tuple[str, dict[str, Any]]]:
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.member_id == member_id).order_by(Event.id)).all()
        return [(row.type, row.payload) for row in rows]


def _register(database: Database, program: Program, member_id: int, number: str) -> Card:
    with unit_of_work(database) as session:
        return service.register_card(session=session, program=program, member_id=member_id, card_number=number,
                                     actor="test")


def _find(database: Database, program: Program, **ref: Any) -> Member:
    with unit_of_work(database, read_only=True) as session:
        return service.find_member(session=session, program_id=program.id, ref=MemberRef(**ref))


def _block(database: Database, program: Program, member_id: int, number: str, *, replace: bool = True,
           replacement: str | None = None) -> service.BlockedCard:
    with unit_of_work(database) as session:
        return service.block_card(session=session, program=program, member_id=member_id, card_number=number,
                                  replace=replace, replacement_card_number=replacement, actor="test")


def test_batch_numbers_are_unique_luhn_valid_and_prefixed(database: Database, program: Program) -> None:
    batch, numbers = make_card_batch(database, program, count=2500, note="spring print")
    assert (batch.size, batch.note) == (2500, "spring print")
    assert len(numbers) == 2500 == len(set(numbers))
    assert all(len(n) == 16 and n.startswith(program.card_prefix) and luhn.is_valid(n) for n in numbers)


def test_batch_size_is_bounded(database: Database, program: Program) -> None:
    with unit_of_work(database) as session:
        for count in (0, 100_001):
            with pytest.raises(Invalid) as error:
                service.generate_card_batch(session=session, program=program, count=count, note=None)
            assert (error.value.code, error.value.field) == ("invalid_count", "count")


def _numbers(*payloads: str) -> list[str]:
    return [payload + luhn.check_digit(payload) for payload in payloads]


def test_colliding_numbers_are_redrawn(database: Database, program: Program,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # given a generator that keeps drawing numbers already taken
    from loyalty.members import domain

    first, second, third, fourth = _numbers("279000000000001", "279000000000002", "279000000000003",
                                            "279000000000004")
    draws = iter([first, first, second, second, first, third, fourth])
    monkeypatch.setattr(domain, "generate_card_number", lambda prefix: next(draws))
    make_card_batch(database, program, count=1)
    # when
    _, numbers = make_card_batch(database, program, count=3)
    # then
    assert numbers == [second, third, fourth]


def test_a_full_number_space_is_reported_not_looped_on(database: Database, program: Program,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from loyalty.members import domain

    [only] = _numbers("279000000000009")
    monkeypatch.setattr(domain, "generate_card_number", lambda prefix: only)
    make_card_batch(database, program, count=1)
    with pytest.raises(Conflict) as full:
        make_card_batch(database, program, count=1)
    assert full.value.code == "card_numbers_exhausted"
    with unit_of_work(database, read_only=True) as session:
        assert session.scalars(select(Card.number).where(Card.program_id == program.id)).all() == [only]


def test_registered_card_finds_its_member(database: Database, program: Program) -> None:
    member = make_member(database, program)
    [number] = make_cards(database, program)
    card = _register(database, program, member.id, number)
    assert (card.status, card.member_id) == ("active", member.id)
    assert _find(database, program, card_number=number).id == member.id
    assert _events(database, member.id)[-1] == ("card.registered", {"card_number": number})
    # registering it again for the same member changes nothing
    assert _register(database, program, member.id, number).id == card.id
    assert [kind for kind, _ in _events(database, member.id)].count("card.registered") == 1


def _cards_of(database: Database, program: Program, member_id: int) -> list[Card]:
    with unit_of_work(database, read_only=True) as session:
        return list(service.list_member_cards(session=session, program_id=program.id, member_id=member_id).items)


def test_card_given_at_enrolment(database: Database, program: Program) -> None:
    [number] = make_cards(database, program)
    member = make_member(database, program, card_number=number[:4] + " " + number[4:])
    assert _find(database, program, card_number=number).id == member.id
    # the printed card is the member's only card: no virtual one beside it
    assert [(card.number, card.status) for card in _cards_of(database, program, member.id)] == [(number, "active")]
    assert "card.issued" not in [kind for kind, _ in _events(database, member.id)]


def test_enrolment_without_a_card_issues_one_in_the_program_range(database: Database) -> None:
    program = make_program(database, card_prefix="31")
    member = make_member(database, program)
    [card] = _cards_of(database, program, member.id)
    assert (card.status, card.batch_id, card.assigned_at) == ("active", None, member.enrolled_at)
    assert len(card.number) == 16 and card.number.startswith("31") and luhn.is_valid(card.number)
    assert _find(database, program, card_number=card.number).id == member.id
    assert _events(database, member.id)[-1] == ("card.issued", {"card_number": card.number})
    # a printed card registered later works beside it
    [printed] = make_cards(database, program)
    _register(database, program, member.id, printed)
    assert [c.number for c in _cards_of(database, program, member.id)] == [card.number, printed]
    assert _find(database, program, card_number=printed).id == member.id


def test_register_refusals(database: Database, program: Program) -> None:
    owner = make_member(database, program)
    other = make_member(database, program)
    taken, spare = make_cards(database, program, count=2)
    _register(database, program, owner.id, taken)
    bad_check_digit = spare[:-1] + str((int(spare[-1]) + 1) % 10)
    unknown = "2790000000000000"
    unknown = unknown[:-1] + luhn.check_digit(unknown[:-1])
    cases = [(taken, Conflict, "card_taken"), (bad_check_digit, Invalid, "invalid_card_number"),
             (unknown, NotFound, "card_not_found")]
    for number, kind, code in cases:
        with pytest.raises(kind) as error:
            _register(database, program, other.id, number)
        assert (error.value.code, error.value.field) == (code, "card_number")
    _block(database, program, owner.id, taken, replace=False)
    with pytest.raises(Conflict) as blocked:
        _register(database, program, other.id, taken)
    assert blocked.value.code == "card_blocked"


def test_enrolment_with_a_taken_card_creates_no_member(database: Database, program: Program) -> None:
    [number] = make_cards(database, program)
    make_member(database, program, card_number=number)
    with pytest.raises(Conflict) as error:
        make_member(database, program, email="second@example.com", card_number=number)
    assert error.value.code == "card_taken"
    with pytest.raises(NotFound):
        _find(database, program, email="second@example.com")


def test_unassigned_and_bad_cards_at_lookup(database: Database, program: Program) -> None:
    [number] = make_cards(database, program)
    with pytest.raises(NotFound) as unregistered:
        _find(database, program, card_number=number)
    assert unregistered.value.code == "card_not_registered"
    with pytest.raises(Invalid) as typo:
        _find(database, program, card_number=number[:-1] + str((int(number[-1]) + 5) % 10))
    assert (typo.value.code, typo.value.field) == ("invalid_card_number", "card_number")


def test_blocking_with_a_new_card_keeps_the_member(database: Database, program: Program) -> None:
    # given a member with a card
    member = make_member(database, program)
    [lost] = make_cards(database, program)
    _register(database, program, member.id, lost)
    # when it is blocked and replaced by a newly made number
    result = _block(database, program, member.id, lost)
    # then
    assert result.replacement is not None
    new = result.replacement.number
    assert luhn.is_valid(new) and new.startswith(program.card_prefix) and len(new) == 16
    assert (result.blocked.status, result.blocked.replaced_by_id) == ("blocked", result.replacement.id)
    assert _find(database, program, card_number=new).id == member.id
    with pytest.raises(Conflict) as error:
        _find(database, program, card_number=lost)
    assert error.value.code == "card_blocked"
    assert "replaced" in error.value.message
    assert _events(database, member.id)[-2:] == [
        ("card.blocked", {"card_number": lost}),
        ("card.replaced", {"card_number": lost, "replacement_card_number": new}),
    ]


def test_blocking_with_a_chosen_printed_card(database: Database, program: Program) -> None:
    lost, handed_over = make_cards(database, program, count=2)
    member = make_member(database, program, card_number=lost)
    result = _block(database, program, member.id, lost, replacement=handed_over)
    assert result.replacement is not None and result.replacement.number == handed_over
    assert _find(database, program, card_number=handed_over).id == member.id
    with unit_of_work(database, read_only=True) as session:
        cards = service.list_member_cards(session=session, program_id=program.id, member_id=member.id).items
        reads = service.card_reads(session=session, cards=cards)
    assert [(c.number, c.status, c.replaced_by) for c in reads] == [(lost, "blocked", handed_over),
                                                                    (handed_over, "active", None)]


def test_blocking_without_replacement_and_twice(database: Database, program: Program) -> None:
    member = make_member(database, program)
    [number] = make_cards(database, program)
    _register(database, program, member.id, number)
    result = _block(database, program, member.id, number, replace=False)
    assert result.replacement is None and result.blocked.replaced_by_id is None
    with pytest.raises(Conflict) as blocked:
        _find(database, program, card_number=number)
    assert "replaced" not in blocked.value.message
    with pytest.raises(Conflict) as twice:
        _block(database, program, member.id, number)
    assert twice.value.code == "card_blocked"


def test_blocking_someone_elses_card_is_not_found(database: Database, program: Program) -> None:
    owner = make_member(database, program)
    stranger = make_member(database, program)
    [number] = make_cards(database, program)
    _register(database, program, owner.id, number)
    with pytest.raises(NotFound) as error:
        _block(database, program, stranger.id, number)
    assert error.value.code == "card_not_found"


def test_printed_card_first_used_at_a_till_becomes_an_anonymous_member(database: Database,
                                                                       program: Program) -> None:
    [number] = make_cards(database, program)
    with unit_of_work(database) as session:
        member = service.resolve_member_at_till(session=session, program=program,
                                                ref=MemberRef(card_number=number), actor="pos:1")
    assert (member.email, member.phone, member.enrolment_channel, member.status) == (None, None, "pos", "active")
    assert _find(database, program, card_number=number).id == member.id
    with unit_of_work(database) as session:
        again = service.resolve_member_at_till(session=session, program=program,
                                               ref=MemberRef(card_number=number), actor="pos:1")
    assert again.id == member.id
    assert _events(database, member.id) == [("member.enrolled", {"channel": "pos"}),
                                            ("card.registered", {"card_number": number})]


def test_two_tills_scanning_one_new_card_make_one_member(database: Database, program: Program) -> None:
    [number] = make_cards(database, program)
    barrier = threading.Barrier(4)
    found: list[int | str] = []

    def scan() -> None:
        barrier.wait()
        try:
            with unit_of_work(database) as session:
                member = service.resolve_member_at_till(session=session, program=program,
                                                        ref=MemberRef(card_number=number), actor="pos")
                found.append(member.id)
        except DomainError as error:
            found.append(error.code)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 4 and len(set(found)) == 1 and isinstance(found[0], int)
    with unit_of_work(database, read_only=True) as session:
        anonymous = session.scalars(select(Member).where(Member.program_id == program.id)).all()
    assert len(anonymous) == 1


def test_till_lookup_by_other_identifiers_and_blocked_cards(database: Database, program: Program) -> None:
    member = make_member(database, program, email="till@example.com")
    [number] = make_cards(database, program)
    _register(database, program, member.id, number)
    _block(database, program, member.id, number, replace=False)
    with unit_of_work(database) as session:
        assert service.resolve_member_at_till(session=session, program=program,
                                              ref=MemberRef(email="till@example.com"), actor="pos").id == member.id
        with pytest.raises(Conflict) as error:
            service.resolve_member_at_till(session=session, program=program,
                                           ref=MemberRef(card_number=number), actor="pos")
    assert error.value.code == "card_blocked"


def test_cards_of_another_program_are_unknown(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    their_batch, [theirs] = make_card_batch(database, other, count=1)
    member = make_member(database, program)
    with pytest.raises(NotFound) as error:
        _register(database, program, member.id, theirs)
    assert error.value.code == "card_not_found"
    with unit_of_work(database, read_only=True) as session, pytest.raises(NotFound):
        service.batch_card_numbers(session=session, program_id=program.id, batch_id=their_batch.id)
