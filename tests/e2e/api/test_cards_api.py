from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.kernel import luhn
from loyalty.programs.models import Program
from tests.factories.members import make_cards
from tests.factories.programs import make_api_key, make_program


def _member(api: TestClient, **fields: Any) -> dict[str, Any]:
    response = api.post("/api/v1/members", json={"email": "cards@example.com", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_batch_csv_lists_unique_valid_numbers_for_the_printer(api: TestClient, program: Program) -> None:
    # when
    created = api.post("/api/v1/card-batches", json={"count": 250, "note": "store opening"})
    assert created.status_code == 201
    batch = created.json()
    response = api.get(f"/api/v1/card-batches/{batch['id']}/cards.csv")
    # then
    assert (batch["size"], batch["note"]) == (250, "store opening")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="card-batch-{batch["id"]}.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["card_number"]
    numbers = [row[0] for row in rows[1:]]
    assert len(numbers) == 250 == len(set(numbers))
    assert all(len(n) == 16 and n.startswith(program.card_prefix) and luhn.is_valid(n) for n in numbers)


def test_batch_validation_and_scope(api: TestClient, client: TestClient, database: Database,
                                    program: Program) -> None:
    for count in (0, 100_001):
        response = api.post("/api/v1/card-batches", json={"count": count})
        assert (response.status_code, response.json()["error"]["field"]) == (422, "count")
    assert api.get("/api/v1/card-batches/999999/cards.csv").json()["error"]["code"] == "card_batch_not_found"
    member_writer = make_api_key(database, program, scopes=["members:write"])
    denied = client.post("/api/v1/card-batches", json={"count": 1}, headers=member_writer.headers)
    assert denied.status_code == 403


def test_register_list_and_use_a_card(api: TestClient, database: Database, program: Program) -> None:
    [number] = make_cards(database, program)
    member = _member(api)
    [issued] = member["cards"]  # enrolled without a card: one issued in the program's range
    printed = f"{number[:4]} {number[4:8]} {number[8:12]} {number[12:]}"
    registered = api.post(f"/api/v1/members/{member['id']}/cards", json={"card_number": printed})
    assert registered.status_code == 201
    assert registered.json()["number"] == number and registered.json()["status"] == "active"
    # cards come in the order their rows were made: the printed batch existed before the member
    assert api.get(f"/api/v1/members/{member['id']}").json()["cards"] == [number, issued]
    listed = api.get(f"/api/v1/members/{member['id']}/cards").json()["items"]
    assert [(c["number"], c["status"], c["batch_id"], c["replaced_by"]) for c in listed] == [
        (number, "active", registered.json()["batch_id"], None), (issued, "active", None, None)]
    for card in (issued, number):
        assert api.get("/api/v1/members/lookup", params={"card_number": card}).json()["id"] == member["id"]


def test_register_refusals(api: TestClient, database: Database, program: Program) -> None:
    taken, _ = make_cards(database, program, count=2)
    owner = _member(api, email="owner@example.com", card_number=taken)
    other = _member(api, email="other@example.com")
    unknown = "279000000000000"
    unknown += luhn.check_digit(unknown)
    cases = [(taken, 409, "card_taken"), (unknown, 404, "card_not_found"),
             (taken[:-1] + str((int(taken[-1]) + 3) % 10), 422, "invalid_card_number")]
    for number, status, code in cases:
        response = api.post(f"/api/v1/members/{other['id']}/cards", json={"card_number": number})
        assert (response.status_code, response.json()["error"]["code"], response.json()["error"]["field"]) == (
            status, code, "card_number")
    assert api.get(f"/api/v1/members/{owner['id']}").json()["cards"] == [taken]


def test_block_and_replace_keeps_the_member(api: TestClient, database: Database, program: Program) -> None:
    # given a member holding a card
    [lost] = make_cards(database, program)
    member = _member(api, card_number=lost)
    # when the card is reported lost
    response = api.post(f"/api/v1/members/{member['id']}/cards/{lost}/block", json={})
    # then the member keeps their id and holds a new card; the old one points to it
    assert response.status_code == 200, response.text
    result = response.json()
    new = result["replacement"]["number"]
    assert result["blocked"]["status"] == "blocked" and result["blocked"]["replaced_by"] == new
    assert luhn.is_valid(new) and result["replacement"]["status"] == "active"
    assert api.get("/api/v1/members/lookup", params={"card_number": new}).json()["id"] == member["id"]
    assert api.get(f"/api/v1/members/{member['id']}").json()["cards"] == [new]
    blocked = api.get("/api/v1/members/lookup", params={"card_number": lost}).json()["error"]
    assert blocked["code"] == "card_blocked" and "replaced" in blocked["message"]
    again = api.post(f"/api/v1/members/{member['id']}/cards/{lost}/block", json={})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "card_blocked")
    timeline = [e["type"] for e in api.get(f"/api/v1/members/{member['id']}/timeline").json()["items"]]
    assert timeline[:2] == ["card.replaced", "card.blocked"]


def test_block_with_a_chosen_replacement_and_without(api: TestClient, database: Database,
                                                     program: Program) -> None:
    lost, handed_over, spare = make_cards(database, program, count=3)
    member = _member(api, card_number=lost)
    response = api.post(f"/api/v1/members/{member['id']}/cards/{lost}/block",
                        json={"replacement_card_number": handed_over})
    assert response.json()["replacement"]["number"] == handed_over
    plain = api.post(f"/api/v1/members/{member['id']}/cards/{handed_over}/block", json={"replace": False})
    assert plain.status_code == 200 and plain.json()["replacement"] is None
    assert api.get(f"/api/v1/members/{member['id']}").json()["cards"] == []
    api.post(f"/api/v1/members/{member['id']}/cards", json={"card_number": spare})
    contradictory = api.post(f"/api/v1/members/{member['id']}/cards/{spare}/block",
                             json={"replace": False, "replacement_card_number": lost})
    assert (contradictory.status_code, contradictory.json()["error"]["field"]) == (422, "replacement_card_number")
    assert api.get(f"/api/v1/members/{member['id']}").json()["cards"] == [spare]
    unknown_field = api.post(f"/api/v1/members/{member['id']}/cards/{lost}/block", json={"reason": "lost"})
    assert (unknown_field.status_code, unknown_field.json()["error"]["field"]) == (422, "reason")


def test_card_routes_for_unknown_members_are_404(api: TestClient, database: Database, program: Program) -> None:
    [number] = make_cards(database, program)
    for method, url, body in [("GET", "/api/v1/members/999999/cards", None),
                              ("POST", "/api/v1/members/999999/cards", {"card_number": number}),
                              ("POST", f"/api/v1/members/999999/cards/{number}/block", {})]:
        response = api.request(method, url, json=body)
        assert (response.status_code, response.json()["error"]["code"]) == (404, "member_not_found")


def test_another_programs_batch_is_404(api: TestClient, client: TestClient, database: Database) -> None:
    batch_id = api.post("/api/v1/card-batches", json={"count": 1}).json()["id"]
    other = make_api_key(database, make_program(database, name="Other shop"), scopes=["admin"])
    response = client.get(f"/api/v1/card-batches/{batch_id}/cards.csv", headers=other.headers)
    assert response.status_code == 404
