"""The For you screen over HTTP on both databases: a member sees their own list, never another
member's, and a signed-out visitor is sent to sign in."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations import service as recommendations
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.recommendations import add_baskets


def _names(page: str) -> list[str]:
    return re.findall(r'<span class="product-name">([^<]*)</span>', page)


def test_each_member_sees_only_their_own_list(database: Database, program: Program, tmp_path: Path) -> None:
    now = clock.now()
    tea, honey = ("TEA-1", "tea"), ("HON-1", "pantry")
    coffee, croissant = ("COF-1", "coffee"), ("CRO-1", "bakery")
    add_baskets(database, program.id, [(make_member(database, program).id, now - timedelta(days=days), basket)
                                       for basket in ([tea, honey], [coffee, croissant]) for _ in range(3)
                                       for days in (4, 11)])
    ola = make_member(database, program, email="ola.foryou@example.com")
    ela = make_member(database, program, email="ela.foryou@example.com")
    add_baskets(database, program.id, [(ola.id, now - timedelta(days=1), [tea, ("X-1", "misc")]),
                                       (ela.id, now - timedelta(days=1), [coffee, ("X-1", "misc")])])
    with unit_of_work(database) as session:
        recommendations.refresh_program(session, program.id, now)
    outbox = tmp_path / "outbox"

    with app_client(database, app_settings(program, outbox)) as client:
        assert client.get("/app/for-you").status_code == 303            # signed out: to the sign-in page
        sign_in_member(client, outbox, "ola.foryou@example.com")
        olas = _names(client.get("/app/for-you").text)
    with app_client(database, app_settings(program, outbox)) as client:
        sign_in_member(client, outbox, "ela.foryou@example.com")
        elas = _names(client.get("/app/for-you").text)

    assert olas[0] == "Product HON-1" and elas[0] == "Product CRO-1"
    assert olas != elas
