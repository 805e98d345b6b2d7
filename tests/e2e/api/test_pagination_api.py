"""Every list of the API is paged one way: `cursor` and `limit` in, `items` and `next_cursor`
out. Walked to the end with small pages, each item comes exactly once, in the list's order."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.segments import service as segments
from loyalty.segments.schemas import SegmentCreate
from loyalty.web.pagination import encode_cursor
from tests.e2e.api.paging import items, walk
from tests.factories import gift_vouchers as gifts
from tests.factories.engagement_boards import make_board, make_contest
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.rewards import make_reward
from tests.factories.tiers import make_levels
from tests.factories.webhooks import make_endpoint


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


def test_rewards_come_once_each_oldest_first(api: TestClient, database: Database, program: Program) -> None:
    ids = [make_reward(database, program, points_price=100 * n).id for n in range(1, 6)]    # given 5 rewards

    pages = walk(api, "/api/v1/rewards", limit=2)                                           # when walked by twos
    physical = walk(api, "/api/v1/rewards", limit=4, kind="physical")

    assert [len(page) for page in pages] == [2, 2, 1] and items(pages) == ids                # then each once, by id
    assert [reward["points_price"] for page in pages for reward in page] == [100, 200, 300, 400, 500]
    assert items(physical) == ids and [len(page) for page in physical] == [4, 1]            # filters page the same


def test_tier_levels_come_by_rank_base_first(api: TestClient, database: Database, program: Program) -> None:
    make_levels(database, program, levels=[("member", 0, 0, "1"), ("gold", 2, 500, "2"), ("silver", 1, 100, "1.5")])

    pages = walk(api, "/api/v1/tiers", limit=1)

    assert items(pages, "code") == ["member", "silver", "gold"] and len(pages) == 3


def _list_paths(api: TestClient) -> list[str]:
    """Every GET of the API answering a page, as the published description says."""
    spec = api.get("/openapi.json").json()
    return [path for path, item in spec["paths"].items()
            if path.startswith("/api/v1/") and "get" in item
            and any(parameter["name"] == "cursor" for parameter in item["get"].get("parameters", []))]


def test_every_list_refuses_a_cursor_it_did_not_give_and_a_limit_past_its_maximum(
        api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)                                               # given one of everything
    levels = make_levels(database, program)
    voucher = gifts.issue_voucher(database, program)
    card = gifts.make_bonus_card(database, program).card
    endpoint_id, _secret = make_endpoint(database, program, "http://127.0.0.1:9/hooks")
    with unit_of_work(database) as session:
        segment_id = segments.create(session=session, program=session.merge(program), actor="test",
                                     data=SegmentCreate(name="Listed", kind="static")).id
    ids = {"member_id": member.id, "tier_id": levels["gold"].id, "voucher_id": voucher.id, "card_id": card.id,
           "endpoint_id": endpoint_id, "segment_id": segment_id, "leaderboard_id": make_board(database, program).id,
           "contest_id": make_contest(database, program).id}
    paths = [re.sub(r"\{(\w+)\}", lambda name: str(ids[name.group(1)]), path) for path in _list_paths(api)]

    answers: dict[str, Any] = {}
    for path in paths:                                                                     # when asked wrongly
        for cursor in ("not-a-cursor!", encode_cursor(2**63), "MDU", "x" * 500):
            answers[f"{path} cursor={cursor[:20]}"] = api.get(path, params={"cursor": cursor})
        answers[f"{path} limit=201"] = api.get(path, params={"limit": 201})
        answers[f"{path} limit=0"] = api.get(path, params={"limit": 0})
    fine = {path: api.get(path, params={"limit": 200}) for path in paths}

    assert len(paths) >= 27                                                                 # then 422 naming the field
    wrong = {asked: (answer.status_code, answer.json()["error"]["code"], answer.json()["error"]["field"])
             for asked, answer in answers.items()}
    assert {asked: got for asked, got in wrong.items() if "cursor=" in asked
            and got != (422, "invalid_cursor", "cursor")} == {}
    assert {asked: got for asked, got in wrong.items() if "limit=" in asked and got[0::2] != (422, "limit")} == {}
    assert {path: answer.status_code for path, answer in fine.items() if answer.status_code != 200} == {}
