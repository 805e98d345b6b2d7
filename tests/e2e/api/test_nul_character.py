"""A NUL character (U+0000) in any text a request carries is 422 `nul_character` naming where it
is, on both databases (PostgreSQL cannot store it, SQLite would), and nothing is written. The
six characters of a backslash followed by `u0000` are text like any other."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase
from loyalty.web import deps

NUL_MESSAGE = "contains a NUL character (U+0000), which no text may hold: remove it."


def refusal(response: Any) -> tuple[int, str, str | None, str]:
    error = response.json()["error"]
    return response.status_code, error["code"], error["field"], error["message"]


def counted(database: Database, program: Program, model: Any) -> int:
    with unit_of_work(database, read_only=True) as session:
        return session.scalar(select(func.count()).select_from(model).where(model.program_id == program.id)) or 0


def receipt(external_id: str, member_id: int, **line: Any) -> dict[str, Any]:
    return {"external_id": external_id, "member": {"id": member_id}, "channel": "pos",
            "lines": [{"sku": "CAP", "name": "Cappuccino", "quantity": 1, "unit_price": 1450},
                      {"sku": "CRO", "name": "Croissant", "quantity": 1, "unit_price": 900, **line}]}


@pytest.fixture
def member_id(api: TestClient) -> int:
    return int(api.post("/api/v1/members", json={"email": "nul@example.com"}).json()["id"])


def test_a_member_whose_name_holds_nul_is_refused_and_not_enrolled(api: TestClient, database: Database,
                                                                   program: Program) -> None:
    refused = api.post("/api/v1/members", json={"first_name": "A\u0000B", "email": "x@example.com"})
    nested_key = api.post("/api/v1/members", json={"email": "y@example.com", "attributes": {"store\u0000": "WAW"}})
    nested_value = api.post("/api/v1/members", json={"email": "z@example.com",
                                                     "address": {"line1": "ul. Długa 1\u0000", "country": "PL"}})

    assert refusal(refused) == (422, "nul_character", "first_name", f"Field 'first_name' {NUL_MESSAGE}")
    assert refusal(nested_key) == (422, "nul_character", "attributes", f"A key of field 'attributes' {NUL_MESSAGE}")
    assert refusal(nested_value)[:3] == (422, "nul_character", "address.line1")
    assert counted(database, program, Member) == 0


def test_a_backslash_before_u0000_is_text_and_stored_as_sent(api: TestClient) -> None:
    name = "A\\u0000B"  # a backslash, then the five characters u0000, then B
    enrolled = api.post("/api/v1/members", json={"first_name": name, "email": "x@example.com",
                                                 "attributes": {"note\\u0000": name}})

    assert enrolled.status_code == 201, enrolled.text
    member = api.get(f"/api/v1/members/{enrolled.json()['id']}").json()
    assert (member["first_name"], member["attributes"]) == (name, {"note\\u0000": name})


@pytest.mark.parametrize("through_lane", [True, False], ids=["lane", "fastapi"])
def test_a_purchase_line_holding_nul_is_refused_by_the_lane_and_by_fastapi(
        api: TestClient, database: Database, program: Program, member_id: int, served_by_lane: list[str],
        through_lane: bool) -> None:
    if not through_lane:
        deps.forget_cached_keys()  # the key is verified by FastAPI's dependency, not the lane's cache

    name = api.post("/api/v1/purchases", json=receipt("N-1", member_id, name="Crois\u0000sant"))
    sku = api.post("/api/v1/purchases", json=receipt("N-2", member_id, sku="CRO\u0000"))

    assert refusal(name) == (422, "nul_character", "lines.1.name", f"Field 'lines.1.name' {NUL_MESSAGE}")
    assert refusal(sku)[:3] == (422, "nul_character", "lines.1.sku")
    assert counted(database, program, Purchase) == 0
    # The same receipt without the NUL is the lane's when the key is cached, else FastAPI's.
    assert api.post("/api/v1/purchases", json=receipt("N-3", member_id)).status_code == 201
    assert served_by_lane == (["PurchaseCreate"] if through_lane else [])


def test_a_purchase_line_with_a_backslash_before_u0000_goes_through_the_lane(
        api: TestClient, member_id: int, served_by_lane: list[str]) -> None:
    api.get("/api/v1/program")  # the key is verified and cached

    recorded = api.post("/api/v1/purchases", json=receipt("B-1", member_id, name="\\u0000", sku="CRO\\u0000"))

    assert recorded.status_code == 201, recorded.text
    assert served_by_lane == ["PurchaseCreate"]
    lines = api.get(f"/api/v1/purchases/{recorded.json()['purchase_id']}").json()["lines"]
    assert [(line["sku"], line["name"]) for line in lines] == [("CAP", "Cappuccino"), ("CRO\\u0000", "\\u0000")]


def test_a_json_body_in_utf16_is_read_as_fastapi_reads_it(api: TestClient, database: Database,
                                                          program: Program) -> None:
    body = json.dumps({"first_name": "A\u0000B", "email": "x@example.com"}).encode("utf-16")

    refused = api.post("/api/v1/members", content=body, headers={"Content-Type": "application/json"})

    assert refusal(refused)[:3] == (422, "nul_character", "first_name")
    assert counted(database, program, Member) == 0


def test_a_raw_nul_byte_in_json_is_refused_too(api: TestClient) -> None:
    refused = api.post("/api/v1/members", content=b'{"email": "x@example.com",\n "first_name": "A\x00B"}',
                       headers={"Content-Type": "application/json"})

    assert refusal(refused) == (422, "nul_character", "body", f"Line 2 of the body {NUL_MESSAGE}")


def test_query_and_path_parameters_holding_nul_are_refused(api: TestClient, member_id: int) -> None:
    query = api.get("/api/v1/members", params={"email": "nul\u0000@example.com"})
    lookup = api.get("/api/v1/members/lookup", params={"external_id": "SHOP\u0000"})
    unknown = api.get("/api/v1/program", params={"utm": "\u0000"})  # an operation that takes no parameter
    card = api.post(f"/api/v1/members/{member_id}/cards/2790%00/block", json={"replace": False})
    link = api.get("/r/AB%00CD")
    no_route = api.get("/api/v1/nowhere%00")

    assert refusal(query) == (422, "nul_character", "email", f"Query parameter 'email' {NUL_MESSAGE}")
    assert refusal(lookup)[:3] == (422, "nul_character", "external_id")
    assert refusal(unknown)[:3] == (422, "nul_character", "utm")
    assert refusal(card) == (422, "nul_character", "card_number", f"Path parameter 'card_number' {NUL_MESSAGE}")
    assert refusal(link)[:3] == (422, "nul_character", "code")
    assert refusal(no_route) == (422, "nul_character", None, f"The path {NUL_MESSAGE}")


def test_a_csv_upload_holding_nul_is_refused_naming_its_line(api: TestClient) -> None:
    pool = api.post("/api/v1/code-pools", json={"name": "Cinema City"}).json()
    campaign = api.post("/api/v1/voucher-campaigns", json={"name": "5 off", "kind": "fixed_amount", "amount": 500})

    into_pool = api.post(f"/api/v1/code-pools/{pool['id']}/codes", content=b"code\nCC-1\nCC\x002\n",
                         headers={"Content-Type": "text/csv"})
    into_campaign = api.post(f"/api/v1/voucher-campaigns/{campaign.json()['id']}/codes/import",
                             content=b"code\nV-1\x00\n", headers={"Content-Type": "application/octet-stream"})

    assert refusal(into_pool) == (422, "nul_character", "body", f"Line 3 of the body {NUL_MESSAGE}")
    assert into_pool.json()["error"]["details"] == {"line": 3}
    assert refusal(into_campaign)[:3] == (422, "nul_character", "body")
    assert api.get(f"/api/v1/code-pools/{pool['id']}").json()["codes_available"] == 0
    assert api.get(f"/api/v1/voucher-campaigns/{campaign.json()['id']}/codes.csv").text.count("\n") == 1


def test_a_body_that_is_no_text_is_left_to_the_endpoint(api: TestClient) -> None:
    pool = api.post("/api/v1/code-pools", json={"name": "Cinema City"}).json()

    binary = api.post(f"/api/v1/code-pools/{pool['id']}/codes", content=b"CC-1\n\xff\x00\n",
                      headers={"Content-Type": "text/csv"})

    assert (binary.status_code, binary.json()["error"]["code"]) == (422, "invalid_code_file")


def test_every_operation_declares_the_422(api: TestClient) -> None:
    operations = [operation for path_item in api.get("/openapi.json").json()["paths"].values()
                  for operation in path_item.values() if isinstance(operation, dict)]

    assert all("422" in operation["responses"] for operation in operations)
    program = api.get("/openapi.json").json()["paths"]["/api/v1/program"]["get"]["responses"]["422"]
    assert "`nul_character`" in program["description"]
    members = api.get("/openapi.json").json()["paths"]["/api/v1/members"]["post"]["responses"]["422"]
    assert "`nul_character`" in members["description"]


def test_a_refusal_is_counted_under_its_route(api: TestClient) -> None:
    def refusals_counted() -> float:
        for line in api.get("/metrics").text.splitlines():
            if line.startswith('loyalty_http_requests_total{method="POST",route="/members",status="422"}'):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = refusals_counted()
    api.post("/api/v1/members", json={"first_name": "A\u0000B", "email": "x@example.com"})
    assert refusals_counted() == before + 1
