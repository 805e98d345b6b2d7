"""Review finding (h-review): a product only one other member ever bought is shown to a
look-alike member as "Customers like you buy it", which tells them what that one customer bought."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.recommendations import service
from tests.factories.members import make_member
from tests.factories.recommendations import add_baskets

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_product_one_other_member_bought_is_not_recommended_as_a_look_alikes(database: Database,
                                                                               program: Program) -> None:
    ewa = make_member(database, program).id
    jan = make_member(database, program).id
    add_baskets(database, program.id, [
        (jan, NOW - timedelta(days=9), [("BREAD", "bakery"), ("MILK", "dairy"), ("TEST-KIT", "pharmacy")]),
        (ewa, NOW - timedelta(days=8), [("BREAD", "bakery"), ("MILK", "dairy")]),
    ])
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, NOW)
        page = service.member_recommendations(session=session, program_id=program.id, member_id=ewa, limit=50)
    assert "TEST-KIT" not in [item.ref for item in page.items]
