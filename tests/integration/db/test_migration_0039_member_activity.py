"""Migration 0039: `member_activity` is filled from the purchases already there, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from loyalty.db.uow import unit_of_work
from loyalty.migrate import upgrade
from loyalty.purchases.models import MemberActivity, Purchase
from loyalty.segments import service as segments
from tests.conftest import BACKENDS, fresh_database
from tests.factories.members import make_member
from tests.factories.programs import make_program

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_members_purchases_before_0039_are_summed_up(backend: str, tmp_path_factory: pytest.TempPathFactory,
                                                          worker_id: str) -> None:
    with fresh_database(backend, tmp_path_factory, worker_id, label="activity_0039", revision="0038") as database:
        program = make_program(database)
        other = make_program(database, name="Other shop")
        regular, once, idle = (make_member(database, program) for _ in range(3))
        with unit_of_work(database) as session:                               # given: purchases from before 0039
            for member_id, program_id, days, total, refunded in (
                    (regular.id, program.id, 400, 5000, 0), (regular.id, program.id, 70, 3000, 1000),
                    (regular.id, program.id, 65, 2000, 0), (once.id, program.id, 5, 800, 0),
                    (None, program.id, 1, 999, 0), (once.id, other.id, 1, 700, 0)):
                at = NOW - timedelta(days=days)
                session.add(Purchase(program_id=program_id, member_id=member_id, channel="pos", occurred_at=at,
                                     recorded_at=at, currency="EUR", total_minor=total, refunded_minor=refunded,
                                     request_hash="x", result={}))

        upgrade(database.engine.url.render_as_string(hide_password=False))    # when

        with unit_of_work(database, read_only=True) as session:               # then
            rows = {(row.program_id, row.member_id): (row.purchase_count, row.purchase_value, row.first_purchase_at,
                                                      row.last_purchase_at)
                    for row in session.scalars(select(MemberActivity)).all()}
            lapsed = segments.count(session=session, program=program, now=NOW, condition={"all": [
                {"field": "behaviour.purchase_count_365d", "op": "gte", "value": 2},
                {"field": "behaviour.days_since_last_purchase", "op": "gt", "value": 60}]}).size
        assert rows == {
            (program.id, regular.id): (3, 9000, NOW - timedelta(days=400), NOW - timedelta(days=65)),
            (program.id, once.id): (1, 800, NOW - timedelta(days=5), NOW - timedelta(days=5)),
            (other.id, once.id): (1, 700, NOW - timedelta(days=1), NOW - timedelta(days=1)),
        }
        assert idle.id not in {member_id for _, member_id in rows}
        assert lapsed == 1
