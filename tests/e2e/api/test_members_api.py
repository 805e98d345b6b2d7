from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.kernel import luhn
from loyalty.programs.models import Program
from loyalty.web.pagination import encode_cursor
from tests.factories.members import make_cards
from tests.factories.programs import make_api_key, make_program

ANNA: dict[str, Any] = {
    "email": "Anna.Kowalska@Example.com", "phone": "+48 601 234 567", "external_id": "SHOP-42",
    "first_name": "Anna", "last_name": "Kowalska", "birth_date": "1990-02-09",
    "address": {"line1": "ul. Długa 1", "city": "Gdańsk", "postal_code": "80-001", "country": "pl"},
    "preferred_language": "pl", "attributes": {"favourite_store": "GDA-1"},
    "consents": {"email": {"granted": True, "source": "signup_form"}}, "enrolment_channel": "online",
}


def _enrol(api: TestClient, **fields: Any) -> dict[str, Any]:
    response = api.post("/api/v1/members", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_enrol_returns_the_member_as_stored(api: TestClient) -> None:
    member = _enrol(api, **ANNA)
    assert {k: member[k] for k in ("email", "phone", "external_id", "first_name", "birth_date",
                                   "preferred_language", "attributes", "status", "enrolment_channel")} == {
        "email": "anna.kowalska@example.com", "phone": "+48601234567", "external_id": "SHOP-42",
        "first_name": "Anna", "birth_date": "1990-02-09", "preferred_language": "pl",
        "attributes": {"favourite_store": "GDA-1"}, "status": "active", "enrolment_channel": "online",
    }
    # no card_number sent: a card of the program's range is issued
    [card] = member["cards"]
    assert len(card) == 16 and card.startswith("2790") and luhn.is_valid(card)
    assert member["address"] == {"line1": "ul. Długa 1", "line2": None, "city": "Gdańsk", "postal_code": "80-001",
                                 "region": None, "country": "PL"}
    assert member["consents"]["email"]["granted"] is True
    assert member["consents"]["email"]["source"] == "signup_form"
    assert member["consents"]["sms"] is None and member["consents"]["push"] is None
    assert len(member["referral_code"]) == 8
    assert api.get(f"/api/v1/members/{member['id']}").json() == member


@pytest.mark.parametrize(("field", "value"), [
    ("email", "ANNA.kowalska@example.com"), ("phone", "+48601234567"), ("external_id", "SHOP-42"),
])
def test_duplicate_is_409_member_exists_naming_the_field(api: TestClient, field: str, value: str) -> None:
    _enrol(api, **ANNA)
    response = api.post("/api/v1/members", json={field: value})
    assert response.status_code == 409
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == ("member_exists", field)


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "not-an-email"}, "email"),
    ({"phone": "601 234 567"}, "phone"),
    ({"phone": "+48 12"}, "phone"),
    ({"email": "a@example.com", "birth_date": "1899-12-31"}, "birth_date"),
    ({"email": "a@example.com", "birth_date": "2999-01-01"}, "birth_date"),
    ({"email": "a@example.com", "address": {"country": "XX"}}, "address.country"),
    ({"email": "a@example.com", "preferred_language": "English!"}, "preferred_language"),
    ({"email": "a@example.com", "attributes": {"k" * 65: 1}}, "attributes"),
    ({"email": "a@example.com", "enrolled_at": "2999-01-01T00:00:00Z"}, "enrolled_at"),
    ({"email": "a@example.com", "enrolment_channel": "fax"}, "enrolment_channel"),
])
def test_invalid_input_is_422_naming_the_field(api: TestClient, body: dict[str, Any], field: str) -> None:
    response = api.post("/api/v1/members", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_bad_email_message_explains(api: TestClient) -> None:
    error = api.post("/api/v1/members", json={"email": "anna@"}).json()["error"]
    assert error["code"] == "invalid_value" and error["field"] == "email"
    assert "after the @-sign" in error["message"]
    assert "Value error" not in error["message"] and not error["message"].endswith("..")


def test_a_body_that_is_not_json_names_the_body_and_the_place(api: TestClient) -> None:
    response = api.post("/api/v1/members", content=b'{"email": "anna@example.com",',
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "invalid_json", "field": "body",
                                        "message": "The body is not valid JSON: JSON decode error (at character 29)."}


@pytest.mark.parametrize(("path", "method", "body", "says"), [
    ("/api/v1/tier-policy", "PUT", bytes.fromhex("a091ba73"), "it is not UTF-8 text"),
    ("/api/v1/members", "POST", b"[" * 10_000 + b"]" * 10_000, "it nests too deeply"),
    ("/api/v1/purchases", "POST", b'{"amount": ' + b"9" * 5_000 + b"}", "a number in it has too many digits"),
    ("/api/v1/purchases", "POST", '{"external_id": "é"}'.encode("latin-1"), "it is not UTF-8 text"),
])
def test_a_body_json_cannot_read_is_the_documented_invalid_json(api: TestClient, path: str, method: str,
                                                                 body: bytes, says: str) -> None:
    response = api.request(method, path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_json", "body")
    assert says in error["message"]


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("GET", "/api/v1/purchases/claim", "POST"),
    ("PATCH", "/api/v1/rules/dry-run", "POST"),
    ("DELETE", "/api/v1/members", "GET, POST"),
])
def test_a_method_a_path_does_not_take_is_405_naming_those_it_does(api: TestClient, method: str, path: str,
                                                                    allowed: str) -> None:
    response = api.request(method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json()["error"] == {"code": "method_not_allowed", "field": None,
                                        "message": f"{method} is not allowed here; this path takes {allowed}."}


def test_a_word_where_an_id_belongs_is_not_found(api: TestClient) -> None:
    response = api.get("/api/v1/members/anna")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_field_is_422(api: TestClient) -> None:
    response = api.post("/api/v1/members", json={"email": "a@example.com", "points": 1000})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "unknown_field", "field": "points",
                                        "message": "Unknown field 'points': this request does not accept it."}
    member = _enrol(api, email="b@example.com")
    patched = api.patch(f"/api/v1/members/{member['id']}", json={"referral_code": "AAAAAAAA"})
    assert (patched.status_code, patched.json()["error"]["field"]) == (422, "referral_code")


def test_lookup_by_every_identifier(api: TestClient, database: Database, program: Program) -> None:
    [card] = make_cards(database, program)
    member = _enrol(api, **ANNA, card_number=card)
    assert member["cards"] == [card]
    for query in ({"email": "ANNA.KOWALSKA@example.com"}, {"phone": "+48 601 234 567"},
                  {"card_number": card}, {"external_id": "SHOP-42"}, {"id": member["id"]}):
        response = api.get("/api/v1/members/lookup", params=query)
        assert response.status_code == 200, (query, response.text)
        assert response.json()["id"] == member["id"]


def test_lookup_needs_exactly_one_identifier(api: TestClient) -> None:
    for params in ({}, {"email": "a@example.com", "phone": "+48601234567"}):
        response = api.get("/api/v1/members/lookup", params=params)
        assert response.status_code == 422
        assert "exactly one of" in response.json()["error"]["message"]
    assert api.get("/api/v1/members/lookup", params={"nick": "x"}).status_code == 422
    missing = api.get("/api/v1/members/lookup", params={"email": "nobody@example.com"})
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "member_not_found")


def test_lookup_by_cards_in_every_state(api: TestClient, database: Database, program: Program) -> None:
    unregistered, lost = make_cards(database, program, count=2)
    member = _enrol(api, email="card@example.com", card_number=lost)
    api.post(f"/api/v1/members/{member['id']}/cards/{lost}/block", json={"replace": True})
    cases = [(unregistered, 404, "card_not_registered"), (lost, 409, "card_blocked"),
             (lost[:-1] + str((int(lost[-1]) + 1) % 10), 422, "invalid_card_number")]
    for number, status, code in cases:
        response = api.get("/api/v1/members/lookup", params={"card_number": number})
        assert (response.status_code, response.json()["error"]["code"]) == (status, code)


def test_patch_changes_clears_and_records(api: TestClient) -> None:
    member = _enrol(api, **ANNA)
    response = api.patch(f"/api/v1/members/{member['id']}", json={
        "first_name": "Ania", "phone": None, "attributes": {"favourite_store": None, "vip": True},
        "consents": {"sms": {"granted": True}}, "status": "blocked",
    })
    assert response.status_code == 200, response.text
    patched = response.json()
    assert (patched["first_name"], patched["phone"], patched["attributes"], patched["status"]) == (
        "Ania", None, {"vip": True}, "blocked")
    assert patched["last_name"] == "Kowalska" and patched["email"] == "anna.kowalska@example.com"
    assert patched["consents"]["sms"]["granted"] is True and patched["consents"]["sms"]["source"] == "api"
    assert patched["consents"]["email"] == member["consents"]["email"]
    types = [e["type"] for e in api.get(f"/api/v1/members/{member['id']}/timeline").json()["items"]]
    assert types == ["consent.changed", "member.blocked", "member.updated", "card.issued", "consent.changed",
                     "member.enrolled"]


def test_patch_to_a_taken_email_is_409(api: TestClient) -> None:
    _enrol(api, email="taken@example.com")
    member = _enrol(api, email="mine@example.com")
    response = api.patch(f"/api/v1/members/{member['id']}", json={"email": "Taken@example.com"})
    assert (response.status_code, response.json()["error"]["field"]) == (409, "email")


def test_list_walks_pages_with_the_cursor(api: TestClient) -> None:
    ids = [_enrol(api, email=f"m{i}@example.com", first_name="Page")["id"] for i in range(5)]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.get("/api/v1/members", params=params).json()
        seen += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(ids, reverse=True)
    bad = api.get("/api/v1/members", params={"cursor": "nonsense"})
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_cursor")
    assert api.get("/api/v1/members", params={"limit": 201}).status_code == 422
    filtered = api.get("/api/v1/members", params={"q": "m3@", "status": "active"}).json()
    assert [m["email"] for m in filtered["items"]] == ["m3@example.com"] and filtered["next_cursor"] is None


def test_timeline_pages_newest_first(api: TestClient) -> None:
    member = _enrol(api, email="t@example.com", consents={"email": {"granted": True}, "push": {"granted": False}})
    first = api.get(f"/api/v1/members/{member['id']}/timeline", params={"limit": 2}).json()
    assert [(e["type"], e["payload"]) for e in first["items"]] == [
        ("card.issued", {"card_number": member["cards"][0]}),
        ("consent.changed", {"channel": "push", "granted": False, "source": "api"}),
    ]
    assert first["items"][0]["actor"].startswith("api_key:")
    rest = api.get(f"/api/v1/members/{member['id']}/timeline",
                   params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [e["type"] for e in rest["items"]] == ["consent.changed", "member.enrolled"]
    assert rest["next_cursor"] is None


def test_another_programs_member_is_404_on_every_route(api: TestClient, client: TestClient, database: Database,
                                                       program: Program) -> None:
    # given a member (with a card) of this program, and a key of another program
    [card] = make_cards(database, program)
    member = _enrol(api, email="private@example.com", card_number=card)
    other = make_api_key(database, make_program(database, name="Other shop"), scopes=["admin"])
    member_id = member["id"]
    # when that key tries every member route, then each is 404
    attempts = [
        ("GET", f"/api/v1/members/{member_id}", None),
        ("PATCH", f"/api/v1/members/{member_id}", {"first_name": "Mallory"}),
        ("GET", f"/api/v1/members/{member_id}/timeline", None),
        ("GET", f"/api/v1/members/{member_id}/cards", None),
        ("POST", f"/api/v1/members/{member_id}/cards", {"card_number": card}),
        ("POST", f"/api/v1/members/{member_id}/cards/{card}/block", {"replace": False}),
        ("GET", "/api/v1/members/lookup?email=private@example.com", None),
        ("GET", f"/api/v1/members/lookup?card_number={card}", None),
    ]
    for method, url, body in attempts:
        response = client.request(method, url, json=body, headers=other.headers)
        assert response.status_code == 404, (method, url, response.text)
    listed = client.get("/api/v1/members", params={"email": "private@example.com"}, headers=other.headers).json()
    assert listed["items"] == []
    # and nothing changed
    assert api.get(f"/api/v1/members/{member_id}").json() == member


def test_scopes(client: TestClient, database: Database, program: Program) -> None:
    reader = make_api_key(database, program, scopes=["members:read"])
    writer = make_api_key(database, program, scopes=["members:write"])
    assert client.post("/api/v1/members", json={"email": "s@example.com"}, headers=reader.headers).status_code == 403
    created = client.post("/api/v1/members", json={"email": "s@example.com"}, headers=writer.headers)
    assert created.status_code == 201
    assert client.get(f"/api/v1/members/{created.json()['id']}", headers=reader.headers).status_code == 200
    assert client.get("/api/v1/members", headers=writer.headers).status_code == 403


def test_enrolment_with_idempotency_key_replays(api: TestClient) -> None:
    headers = {"Idempotency-Key": "enrol-1"}
    first = api.post("/api/v1/members", json={"email": "once@example.com"}, headers=headers)
    again = api.post("/api/v1/members", json={"email": "once@example.com"}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other_body = api.post("/api/v1/members", json={"email": "twice@example.com"}, headers=headers)
    assert (other_body.status_code, other_body.json()["error"]["code"]) == (409, "idempotency_mismatch")


def test_no_secret_fields_in_member_read(api: TestClient) -> None:
    member = _enrol(api, email="plain@example.com")
    assert set(member) == {
        "id", "email", "phone", "external_id", "first_name", "last_name", "birth_date", "address",
        "preferred_language", "attributes", "status", "enrolment_channel", "enrolled_at", "updated_at",
        "referral_code", "consents", "cards",
    }


def test_ids_beyond_bigint_are_refused_not_crashed(api: TestClient) -> None:
    huge = 2**63
    assert api.get(f"/api/v1/members/{huge}").status_code == 422
    assert api.get(f"/api/v1/members/{huge - 1}").json()["error"]["code"] == "member_not_found"
    refused = api.get("/api/v1/members/lookup", params={"id": huge})
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "invalid_less")
    found = api.get("/api/v1/members/lookup", params={"id": huge - 1})
    assert (found.status_code, found.json()["error"]["code"]) == (404, "member_not_found")


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/v1/members/{id}", None),
    ("PATCH", "/api/v1/members/{id}", {"first_name": "Ola"}),
    ("GET", "/api/v1/members/{id}/timeline", None),
])
def test_every_member_route_refuses_an_id_beyond_bigint(api: TestClient, method: str, path: str,
                                                        body: dict[str, Any] | None) -> None:
    huge = 2**63
    refused = api.request(method, path.format(id=huge), json=body)
    largest = api.request(method, path.format(id=huge - 1), json=body)
    assert (refused.status_code, set(refused.json()), refused.json()["error"]["field"]) == (422, {"error"},
                                                                                            "member_id")
    assert (largest.status_code, largest.json()["error"]["code"]) == (404, "member_not_found")


def test_the_timelines_cursor_is_bounded(api: TestClient) -> None:
    member = _enrol(api, email="pages@example.com")
    timeline = f"/api/v1/members/{member['id']}/timeline"
    refused = api.get(timeline, params={"cursor": encode_cursor(2**63)})
    largest = api.get(timeline, params={"cursor": encode_cursor(2**63 - 1)})
    assert (refused.status_code, refused.json()["error"]["field"]) == (422, "cursor")
    assert [item["type"] for item in largest.json()["items"]] == ["card.issued", "member.enrolled"]
