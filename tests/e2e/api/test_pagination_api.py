"""Every list of the API is paged one way: `cursor` and `limit` in, `items` and `next_cursor`
out. Walked to the end with small pages, each item comes exactly once, in the list's order."""

from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.e2e.api.paging import items, walk
from tests.factories import gift_vouchers as gifts
from tests.factories.ledger import give_points
from tests.factories.members import make_member


def test_members_come_once_each_newest_first_while_others_enrol(api: TestClient) -> None:
    ids = [api.post("/api/v1/members", json={"email": f"walk{n}@example.com"}).json()["id"]
           for n in range(7)]                                                             # given 7 members

    first = api.get("/api/v1/members", params={"limit": 3}).json()                        # when one enrols
    late = api.post("/api/v1/members", json={"email": "late@example.com"}).json()["id"]   # between two pages
    rest = walk(api, "/api/v1/members", limit=3, cursor=first["next_cursor"])
    everyone = walk(api, "/api/v1/members", limit=3)

    assert items([first["items"]] + rest) == ids[::-1]                                    # then no repeat, no gap
    assert [len(page) for page in everyone] == [3, 3, 2] and items(everyone) == [late, *ids[::-1]]


def test_a_members_ledger_comes_once_each_newest_first(api: TestClient, database: Database,
                                                       program: Program) -> None:
    member = make_member(database, program)
    for points in (10, 20, 30, 40, 50):
        give_points(database, program, member.id, points)                                # given 5 earnings

    pages = walk(api, f"/api/v1/members/{member.id}/ledger", limit=2)                    # when walked by twos
    whole = walk(api, f"/api/v1/members/{member.id}/ledger", limit=200)

    assert len(whole) == 1 and items(pages) == items(whole)                               # then as one page would
    assert items(pages) == sorted(set(items(pages)), reverse=True)
    assert [entry["amount"] for entry in whole[0] if entry["account"] == "wallet"] == [50, 40, 30, 20, 10]


def test_a_gift_vouchers_movements_have_a_next_cursor(api: TestClient, database: Database, program: Program) -> None:
    card = gifts.make_bonus_card(database, program, value=1000).card
    for amount in (100, 200, 300, 400):
        gifts.top_up(database, program, card.id, amount)                                  # given 5 movements
    voucher = gifts.issue_voucher(database, program, value=500)

    pages = walk(api, f"/api/v1/bonus-cards/{card.id}/movements", limit=2)              # when walked by twos
    single = walk(api, f"/api/v1/gift-vouchers/{voucher.id}/movements", limit=1)

    assert [len(page) for page in pages] == [2, 2, 1]                                     # then each once, newest first
    assert [(m["kind"], m["amount"]) for page in pages for m in page] == [
        ("top_up", 400), ("top_up", 300), ("top_up", 200), ("top_up", 100), ("issue", 1000)]
    assert items(pages) == sorted(items(pages), reverse=True)
    assert [(m["kind"], m["balance_after"]) for page in single for m in page] == [("issue", 500)]
