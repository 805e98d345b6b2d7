"""Product reviews on both databases: only for a bought product, once, shown only when approved."""

from __future__ import annotations

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict, Invalid
from loyalty.programs.models import Program
from loyalty.surveys import service
from loyalty.surveys.schemas import ReviewCreate
from tests.factories.members import make_member
from tests.factories.surveys import buy


def _submit(database: Database, program: Program, member_id: int, sku: str, rating: int = 5) -> int:
    with unit_of_work(database) as session:
        return service.submit_review(session=session, program=program, actor="test", data=ReviewCreate(
            member_id=member_id, sku=sku, rating=rating, text="Rich and smooth")).id


def _moderate(database: Database, program: Program, review_id: int, status: str) -> None:
    with unit_of_work(database) as session:
        service.moderate_review(session=session, program=program, review_id=review_id, status=status, actor="staff")


def _shown(database: Database, program: Program, sku: str) -> list[tuple[int, str]]:
    with unit_of_work(database, read_only=True) as session:
        return [(review.rating, review.author) for review in
                service.approved_reviews(session=session, program_id=program.id, sku=sku).items]


def test_only_approved_reviews_of_bought_products_are_shown(database: Database, program: Program) -> None:
    anna = make_member(database, program, first_name="Anna")
    piotr = make_member(database, program, first_name="Piotr")
    buy(database, program, anna.id, "BEANS-1")
    buy(database, program, piotr.id, "BEANS-1")
    approved = _submit(database, program, anna.id, "BEANS-1", rating=5)           # given two reviews
    rejected = _submit(database, program, piotr.id, "BEANS-1", rating=1)

    pending = _shown(database, program, "BEANS-1")                                 # when moderated
    _moderate(database, program, approved, "approved")
    _moderate(database, program, rejected, "rejected")

    assert pending == [] and _shown(database, program, "BEANS-1") == [(5, "Anna")]  # then only approved


def test_a_review_needs_a_purchase_and_comes_once(database: Database, program: Program) -> None:
    member = make_member(database, program)
    buy(database, program, member.id, "BEANS-1")

    with pytest.raises(Invalid) as not_bought:
        _submit(database, program, member.id, "MUG-9")
    _submit(database, program, member.id, "BEANS-1")
    with pytest.raises(Conflict) as twice:
        _submit(database, program, member.id, "BEANS-1")

    assert not_bought.value.code == "product_not_bought" and twice.value.code == "review_exists"
